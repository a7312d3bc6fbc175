// Vite config for the Svelte renderer. `base: './'` so the built index.html loads its assets over
// file:// in Electron as well as from the browser host (toolchain.md).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('.', import.meta.url));

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
  server: { host: '127.0.0.1' },
});
