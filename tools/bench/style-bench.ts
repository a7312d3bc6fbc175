/**
 * Style preview seconds for a 12 MP photo (issue 11): the CLIP look finder with its default
 * settings (3 s search budget) through StyleEngine, as `recollect style` and the app run it.
 * Rows: model load, first preview (text prompts + search + render at 1024 px), a second preview at
 * another strength (the search is cached: render only), saving the full-size copy.
 * Models: the fixture model, and the random-weight ViT-B/32 bench model when it can be built
 * (tools/bench/bench-model.ts needs PyTorch; skipped with a note when it cannot).
 *
 *   npx tsx tools/bench/style-bench.ts
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadClipModel } from '../../electron/core/embed/load-clip-model.js';
import { silentLogger } from '../../electron/core/logger.js';
import { createStyleRegistry, StyleEngine } from '../../electron/core/style/style-engine.js';
import { renderScene } from '../fixture-model/render-scene.js';
import { ensureBenchModel } from './bench-model.js';
import { REPO_ROOT } from './bench-paths.js';

const FIXTURE = path.join(REPO_ROOT, 'models/fixtures/shapes-clip');

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const out = await work();
  return [out, (performance.now() - t) / 1000];
}

async function benchModel(name: string, dir: string, photo: string): Promise<string[]> {
  const [model, loadS] = await timed(() => loadClipModel(dir, { device: 'cpu' }));
  const engine = new StyleEngine(createStyleRegistry({ clipModel: async () => model, logger: silentLogger }));
  try {
    const [first, firstS] = await timed(() => engine.preview(photo, { prompt: 'warm vintage film', strength: 1 }));
    const [, againS] = await timed(() => engine.preview(photo, { prompt: 'warm vintage film', strength: 0.5 }));
    const [saved, saveS] = await timed(() => engine.saveCopy(photo, { provider: first.provider, recipe: first.recipe, label: 'warm vintage film' }));
    const tries = String(first.details?.evaluations ?? '?');
    const search = Number(first.details?.searchSeconds ?? Number.NaN);
    await rm(saved.path, { force: true });
    return [`| ${name} | ${loadS.toFixed(2)} | ${firstS.toFixed(2)} (search ${search.toFixed(2)}, ${tries} tries) | ${againS.toFixed(2)} | ${saveS.toFixed(2)} |`];
  } finally {
    await engine.dispose();
    await model.dispose();
  }
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'style-bench-'));
try {
  const photo = path.join(dir, 'IMG_12MP.jpg');
  await writeFile(photo, (await renderScene(20261203, { width: 4000, height: 3000, maxObjects: 3, format: 'jpeg', quality: 90 })).buffer);
  const rows = ['| model | load s | first preview s | same look, other strength s | save full-size copy s |', '|---|---|---|---|---|'];
  rows.push(...(await benchModel('fixture shapes-clip', FIXTURE, photo)));
  let benchDir: string | null = null;
  try {
    benchDir = await ensureBenchModel({ log: (m) => console.error(m) });
  } catch (err) {
    console.error(`bench model unavailable: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  if (benchDir && existsSync(path.join(benchDir, 'onnx/vision_model.onnx'))) rows.push(...(await benchModel('random-weight ViT-B/32', benchDir, photo)));
  else rows.push('| random-weight ViT-B/32 | not measured: the bench model could not be built here | | | |');
  console.log(`12 MP photo (4000 x 3000 JPEG), prompt "warm vintage film", preview 1024 px, ${os.cpus().length} CPUs, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(rows.join('\n'));
} finally {
  await rm(dir, { recursive: true, force: true });
}
