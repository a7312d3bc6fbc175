/**
 * Builds the Electron side with esbuild (already installed through tsx; electron-vite is not):
 *   out/main/main.js          ESM, main process
 *   out/worker/worker-main.js ESM, utilityProcess entry (engine: core + service)
 *   out/preload/preload.cjs   CommonJS, because sandboxed preloads cannot be ES modules
 * npm packages stay external in main and worker (native modules must load from node_modules,
 * unpacked from asar when packaged); the preload bundles everything but 'electron', since a
 * sandboxed preload can require nothing else.
 * Usage: tsx tools/build-electron.ts [--watch]
 */
import { build, context, type BuildOptions } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'out');

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  // Electron 41 ships Node 24; node22 keeps the output readable by the Node 20 used for tooling.
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

const targets: BuildOptions[] = [
  { ...common, entryPoints: ['electron/main/main.ts'], outfile: path.join(outDir, 'main/main.js'), format: 'esm', packages: 'external' },
  {
    ...common,
    entryPoints: ['electron/worker/worker-main.ts'],
    outfile: path.join(outDir, 'worker/worker-main.js'),
    format: 'esm',
    packages: 'external',
  },
  { ...common, entryPoints: ['electron/preload/preload.ts'], outfile: path.join(outDir, 'preload/preload.cjs'), format: 'cjs', external: ['electron'] },
];

async function main(): Promise<void> {
  fs.rmSync(outDir, { recursive: true, force: true });
  if (process.argv.includes('--watch')) {
    for (const t of targets) await (await context(t)).watch();
    console.log('build-electron: watching electron/main, electron/preload, electron/worker');
    return;
  }
  const started = Date.now();
  await Promise.all(targets.map((t) => build(t)));
  console.log(`build-electron: out/main, out/worker, out/preload in ${Date.now() - started} ms`);
}

await main();
