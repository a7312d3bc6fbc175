// The CLI as an esbuild bundle in .cache/cli (an entry and its chunks), rebuilt whenever a source
// under electron/ changed.
// Running the TypeScript sources through tsx cost ~1 s per command before anything ran (issue 14:
// 0.7 s of it compiling); a bundle loads in ~0.1 s. The stamp is every source's path, size and
// mtime (a few ms to read), so the bundle is never stale: edit a file and the next command rebuilds.
// Plain JavaScript on purpose: it runs before any TypeScript can.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sourceStamp(root) {
  const hash = createHash('sha256');
  const stack = [path.join(root, 'electron')];
  while (stack.length > 0) {
    const dir = stack.pop();
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(full);
      else if (/\.(ts|js|json)$/.test(e.name)) {
        const s = fs.statSync(full);
        hash.update(`${full}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  }
  for (const file of ['package.json', 'tsconfig.json']) {
    const s = fs.statSync(path.join(root, file));
    hash.update(`${file}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Files of one build: the entry and its chunks share the stamp (cleanup keeps only the current one). */
const BUILD_FILE = /^recollect-([0-9a-f]{16})(?:-chunk-[A-Za-z0-9]+)?\.mjs$/;

/** The path of an up-to-date bundle, building it first when the sources changed (root: tests). */
export async function ensureCliBundle(root = REPO_ROOT) {
  // Two levels below the root, like electron/<area>/: modules that find files relative to their
  // own location (serve/browser-host.ts: ../../renderer/dist) resolve the same from the bundle.
  const outDir = path.join(root, '.cache', 'cli');
  const stamp = sourceStamp(root);
  const bundle = path.join(outDir, `recollect-${stamp}.mjs`);
  if (fs.existsSync(bundle)) return bundle;
  const { build } = await import('esbuild');
  fs.mkdirSync(outDir, { recursive: true });
  // Built into a private folder, then moved, the entry last: CLI processes started at once
  // (tests run many) never import a half-written build, and whichever move lands last wins with
  // equal bytes.
  const tmp = fs.mkdtempSync(path.join(outDir, `.build-${process.pid}-`));
  try {
    await build({
      entryPoints: [path.join(root, 'electron/cli/main.ts')],
      outdir: tmp,
      entryNames: `recollect-${stamp}`,
      // Code splitting: each command is imported when it runs (cli/main.ts), and the npm packages
      // only its chunk imports load with it: `status` no longer loads sharp, saxes or chokidar
      // (issue 14: imports were most of a command's start; docs/benchmarks.md).
      splitting: true,
      chunkNames: `recollect-${stamp}-chunk-[hash]`,
      // .mjs: ESM whatever package.json around says.
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // npm packages load from node_modules (native modules cannot be bundled).
      packages: 'external',
      sourcemap: 'inline',
      logLevel: 'error',
      absWorkingDir: root,
    });
    const built = fs.readdirSync(tmp);
    for (const name of built) if (name !== path.basename(bundle)) fs.renameSync(path.join(tmp, name), path.join(outDir, name));
    fs.renameSync(path.join(tmp, path.basename(bundle)), bundle);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  for (const old of fs.readdirSync(outDir)) {
    const match = BUILD_FILE.exec(old);
    if (match && match[1] !== stamp) fs.rmSync(path.join(outDir, old), { force: true });
  }
  return bundle;
}
