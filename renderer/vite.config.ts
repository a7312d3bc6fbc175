// Vite config for the Svelte renderer. `base: './'` so the built index.html loads its assets
// relative to itself, in Electron (app://) as well as from the browser host (toolchain.md).
//
// Dev: `npm run dev:renderer`, then open /dev/ for the harness with a fake engine, or run
// `recollect serve` and set RECOLLECT_SERVE=http://127.0.0.1:<port> to proxy /api and /photo to it
// (open /?token=<its token>). The host checks Origin, so the proxy presents the host's own.
import { fileURLToPath } from 'node:url';
import { defineConfig, type ProxyOptions } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('.', import.meta.url));
const serve = process.env.RECOLLECT_SERVE;

function toHost(target: string): ProxyOptions {
  return {
    target,
    changeOrigin: true,
    configure: (proxy) => {
      proxy.on('proxyReq', (request) => {
        if (request.getHeader('origin')) request.setHeader('origin', target);
      });
    },
  };
}

export default defineConfig({
  root,
  base: './',
  // No svelte.config.js: the options live here, runes everywhere.
  plugins: [svelte({ configFile: false, compilerOptions: { runes: true } })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    proxy: serve ? { '/api': toHost(serve), '/photo': toHost(serve) } : undefined,
  },
});
