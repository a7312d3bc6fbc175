/**
 * Measures the relevance cut-off of "more like this" (image queries) on the shapes fixture model:
 * 300 rendered photos (seed 20261127, as docs/search-relevance.md) plus a byte copy and a
 * re-encoded half-size copy of 20 of them. Prints how close copies score to their original, how
 * close distinct photos get, and precision / recall of the shown photos for a grid of image
 * cut-off parameters. Run: npx tsx tools/search-calibration/image-queries.ts
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createCore } from '../../electron/core/create-core.js';
import { estimateImageCutoff } from '../../electron/core/search/image-relevance-cutoff.js';
import { dot } from '../../electron/core/search/relevance-cutoff.js';
import { renderPhotoFolder } from '../../test/helpers/render-photos.js';

const MODEL = path.resolve('models/fixtures/shapes-clip');

async function main(): Promise<void> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-calib-'));
  const dir = path.join(tmp, 'photos');
  const photos = await renderPhotoFolder(dir, { count: 300, seed: 20261127 });
  const copies = path.join(dir, 'copies');
  await fs.mkdir(copies);
  const copied = photos.slice(0, 20);
  for (const [i, p] of copied.entries()) {
    await fs.copyFile(p.path, path.join(copies, `byte-${i}.jpg`));
    const meta = await sharp(p.path).metadata();
    await sharp(p.path).resize(Math.round((meta.width ?? 640) / 2)).jpeg({ quality: 60 }).toFile(path.join(copies, `small-${i}.jpg`));
  }
  const core = createCore({ libraryFile: path.join(tmp, 'library.db'), modelDir: MODEL, device: 'cpu' });
  await core.index([dir]);
  const slot = core.activeSlot();
  if (!slot) throw new Error('no model slot');
  const vectors = await slot.vectors();
  const vec = (p: string): Float32Array => {
    const v = vectors.get(core.library.photos.getByPath(p)?.id ?? -1);
    if (!v) throw new Error(`no vector for ${p}`);
    return v;
  };
  const cs = (facts: readonly string[]) => new Set(facts.filter((f) => f.startsWith('cs:')));

  const copyScores = copied.flatMap((p, i) => [
    dot(vec(p.path), vec(path.join(copies, `byte-${i}.jpg`))),
    dot(vec(p.path), vec(path.join(copies, `small-${i}.jpg`))),
  ]);
  let distinctMax = -1;
  for (const a of photos) for (const b of photos) if (a !== b) distinctMax = Math.max(distinctMax, dot(vec(a.path), vec(b.path)));
  console.log(`copies vs original: min ${Math.min(...copyScores).toFixed(4)}; distinct photos: max ${distinctMax.toFixed(4)}`);

  const all = photos.map((p) => ({ p, v: vec(p.path), facts: cs(p.facts) }));
  for (const gateZ of [0, 0.5, 1, 1.5]) {
    for (const band of [0.05, 0.1, 0.15, 0.2]) {
      let tp = 0, shown = 0, relevant = 0, empty = 0;
      for (const q of all) {
        const others = all.filter((o) => o !== q);
        const scores = others.map((o) => dot(o.v, q.v));
        const { cutoff } = estimateImageCutoff({ sampleScores: scores, top: Math.max(...scores), libraryCount: all.length }, { gateZ, band });
        const rel = others.map((o) => [...o.facts].some((f) => q.facts.has(f)));
        const vis = scores.map((s) => cutoff === null || s >= cutoff);
        tp += vis.filter((v, i) => v && rel[i]).length;
        shown += vis.filter(Boolean).length;
        relevant += rel.filter(Boolean).length;
        if (!vis.some(Boolean)) empty++;
      }
      console.log(`gate ${gateZ} band ${band}: P ${(tp / Math.max(1, shown)).toFixed(2)} R ${(tp / relevant).toFixed(2)} shown/query ${(shown / all.length).toFixed(1)} empty ${empty}`);
    }
  }
  await core.close();
  await fs.rm(tmp, { recursive: true, force: true });
}

void main();
