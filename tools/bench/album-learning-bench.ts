/**
 * How well an album learns from corrections, beyond the one draw the CLI test makes (issue 9):
 * "Favourites" / "nice" learning "large stars on grass" from 5 + 5 and 10 + 10 labels, with the
 * product's own classifier (AlbumClassifier: prompt ensemble, calibrated threshold, linear probe),
 * on the test's scene set (first seed 7,000,000; its probe constants were chosen on it) and on
 * held-out sets built the same way from other seeds. For each set: the test's draw (the first
 * photos of each group) and `--draws` random draws; F1 of the members on the unlabelled rest.
 * Two ways of labelling (`protocol` in the JSON):
 *   - "corrections", as a user fixes an album and as cli-albums.test.ts does it: each round they
 *     reject the 5 wrong photos the album shows highest and accept 5 large stars on grass it
 *     missed (chooseCorrections); the draws vary the order they come across the missed ones, the
 *     test draw takes them in scene order.
 *   - "look-alikes": 5 or 10 random large stars on grass accepted and as many random look-alikes
 *     (stars on grass that are not large, large stars elsewhere) rejected, whatever the album shows.
 * Prints a table and one JSON line.
 *
 * Run: npm run bench:album-learning --  [--model DIR] [--seeds 7000000,...,12000000] [--draws 20]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AlbumClassifier, type LabelledRow } from '../../electron/core/albums/album-classifier.js';
import { LibraryMatrix } from '../../electron/core/albums/library-matrix.js';
import { embedPromptEnsemble } from '../../electron/core/albums/prompt-ensemble.js';
import { loadClipModel } from '../../electron/core/embed/load-clip-model.js';
import { openImage } from '../../electron/core/image/open-image.js';
import { seededRandom } from '../../electron/core/style/look/seeded-random.js';
import { chooseCorrections, isLargeStarOnGrass, learningSceneGroups, precisionRecall } from '../../test/helpers/album-learning-set.js';
import { writeScenes } from '../../test/helpers/render-scenes.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'models/fixtures/shapes-clip' },
    seeds: { type: 'string', default: '7000000,8000000,9000000,10000000,11000000,12000000' },
    draws: { type: 'string', default: '20' },
  },
});
const DRAWS = Number(values.draws);

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

interface Row {
  seed: number;
  protocol: string;
  labels: string;
  zeroShot: number;
  testDraw: number;
  median: number;
  q25: number;
  min: number;
  atLeast08: number;
  draws: number;
}

/** One table row: the F1 of 0 labels and of the test's draw, and the spread of the random draws' F1. */
function summaryRow(seed: number, protocol: string, n: number, zeroShot: number, testDraw: number, draws: readonly number[]): Row {
  const drawn = [...draws].sort((a, b) => a - b);
  return {
    seed,
    protocol,
    labels: `${n}+${n}`,
    zeroShot,
    testDraw,
    median: quantile(drawn, 0.5),
    q25: quantile(drawn, 0.25),
    min: drawn[0] ?? Number.NaN,
    atLeast08: drawn.filter((f) => f >= 0.8).length,
    draws: drawn.length,
  };
}

function print(row: Row): void {
  const f = (x: number): string => x.toFixed(2);
  console.log(
    `seed ${row.seed}${row.seed === 7_000_000 ? ' (the test set)' : ''}  ${row.protocol.padEnd(11)} ${row.labels}: 0 labels ${f(row.zeroShot)}, test draw ${f(row.testDraw)}, ` +
      `random draws median ${f(row.median)} (q25 ${f(row.q25)}, min ${f(row.min)}), >= 0.8 in ${row.atLeast08} of ${row.draws}`,
  );
}

async function main(): Promise<void> {
  const model = await loadClipModel(path.resolve(values.model), { device: 'cpu', threads: 1 });
  const text = await embedPromptEnsemble(model, ['nice']);
  const rows: Row[] = [];
  for (const seed of values.seeds.split(',').map(Number)) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'album-learning-'));
    const groups = learningSceneGroups(seed);
    const scenes = await writeScenes(dir, [...groups.random, ...groups.targets, ...groups.lookalikes]);
    const vectors: Float32Array[] = [];
    for (let i = 0; i < scenes.length; i += 32) {
      const pixels = await Promise.all(scenes.slice(i, i + 32).map(async (s) => model.preprocess(await openImage(s.path))));
      vectors.push(...(await model.encodeImages(pixels)));
    }
    await rm(dir, { recursive: true, force: true });
    const matrix = new Float32Array(vectors.length * model.dim);
    vectors.forEach((v, r) => matrix.set(v, r * model.dim));
    const library = LibraryMatrix.fromArrays(Int32Array.from(vectors, (_, r) => r + 1), matrix, model.dim);
    const relevant = new Set(scenes.flatMap((s, r) => (isLargeStarOnGrass(s) ? [r] : [])));
    // Rows in the order written: random, then targets, then look-alikes.
    const targets = scenes.map((_, r) => r).slice(groups.random.length, groups.random.length + groups.targets.length);
    const lookalikes = scenes.map((_, r) => r).slice(groups.random.length + groups.targets.length);
    const classify = (pos: readonly number[], neg: readonly number[]): AlbumClassifier => {
      const labels: LabelledRow[] = [...pos.map((row) => ({ row, label: 1 as const })), ...neg.map((row) => ({ row, label: -1 as const }))];
      return new AlbumClassifier({ text, exclusions: [], matrix: library, labels });
    };
    const f1 = (c: AlbumClassifier, pos: readonly number[], neg: readonly number[]): number => {
      const rest = scenes.map((_, r) => r).filter((r) => !pos.includes(r) && !neg.includes(r));
      return precisionRecall(new Set(rest.filter((r) => c.isMember(r))), relevant, rest).f1;
    };
    const score = (pos: readonly number[], neg: readonly number[]): number => f1(classify(pos, neg), pos, neg);
    /** F1 after each round of 5 + 5 corrections, the user coming across missed targets in `order`. */
    const correctionCurve = (order: readonly number[]): number[] => {
      const pos: number[] = [];
      const neg: number[] = [];
      let c = classify(pos, neg);
      const curve = [f1(c, pos, neg)];
      for (let round = 0; round < 2; round++) {
        const labelled = new Set([...pos, ...neg]);
        const shown = scenes.map((_, r) => r).filter((r) => c.isMember(r) && !labelled.has(r)).sort((a, b) => (c.logits[b] ?? 0) - (c.logits[a] ?? 0));
        const fix = chooseCorrections(shown, order, { n: 5, belongs: (r) => relevant.has(r), labelled });
        pos.push(...fix.accept);
        neg.push(...fix.reject);
        c = classify(pos, neg);
        curve.push(f1(c, pos, neg));
      }
      return curve;
    };
    const random = seededRandom(seed);
    const pick = (from: readonly number[], n: number): number[] => {
      const pool = [...from];
      for (let i = pool.length - 1; i > 0; i--) {
        const j = Math.floor(random.next() * (i + 1));
        [pool[i], pool[j]] = [pool[j] ?? 0, pool[i] ?? 0];
      }
      return pool.slice(0, n);
    };
    const testCurve = correctionCurve(targets);
    const drawnCurves = Array.from({ length: DRAWS }, () => correctionCurve(pick(targets, targets.length)));
    const report = (row: Row): void => {
      rows.push(row);
      print(row);
    };
    for (const [i, n] of [5, 10].entries()) {
      const drawn = drawnCurves.map((c) => c[i + 1] ?? Number.NaN);
      report(summaryRow(seed, 'corrections', n, testCurve[0] ?? Number.NaN, testCurve[i + 1] ?? Number.NaN, drawn));
    }
    for (const n of [5, 10]) {
      const drawn = Array.from({ length: DRAWS }, () => score(pick(targets, n), pick(lookalikes, n)));
      report(summaryRow(seed, 'look-alikes', n, score([], []), score(targets.slice(0, n), lookalikes.slice(0, n)), drawn));
    }
  }
  await model.dispose();
  console.log(JSON.stringify({ model: values.model, runs: rows }));
}

await main();
