/**
 * Check 4: photos deleted while `recollect index` scans and indexes their folder (a sync client,
 * a camera import cleaning up). The run must finish without crashing, every vanished file is either
 * not in the library or reported skipped (or was indexed before it went), every file still there is
 * indexed with its vector, and the next run leaves exactly the files on disk in the library.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli-process.js';
import { MODEL_DIR, cachedPhotos, checkLibrary, copyPhotos, mulberry32, recordResult, sleep, type PhotoCache } from './reliability-helpers.js';

const ROUNDS = 3;
const PHOTOS_PER_ROUND = 400;
const VANISH_PER_ROUND = 40;
const BURSTS = 4;
const SEED = 0x4_2026;
// Spread deletions over start-up, scan and the first part of indexing (2-vCPU timings).
const WINDOW_MS = 4_000;

interface IndexJson {
  indexed: number;
  unchanged: number;
  removed: number;
  skipped: { path: string; reason: string }[];
}

function runToEnd(args: string[], timeoutMs: number): { done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = startCli(args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return {
    done: new Promise((resolve) =>
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      }),
    ),
  };
}

describe('files vanishing while indexing runs', () => {
  let tmp = '';
  let photos: PhotoCache;
  beforeAll(async () => {
    photos = await cachedPhotos();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-rel-vanish-'));
  }, 300_000);
  afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

  it(`finishes, reports or leaves out the vanished files, and stays consistent (${ROUNDS} rounds)`, async () => {
    const rng = mulberry32(SEED);
    const rounds: { problems: string[]; vanished: number; notIndexed: number; reportedSkipped: number; indexedBefore: number; seconds: number }[] = [];
    const step = Math.floor(photos.files.length / PHOTOS_PER_ROUND);
    for (let round = 0; round < ROUNDS; round++) {
      const dir = path.join(tmp, `round-${round}`, 'photos');
      const lib = path.join(tmp, `round-${round}`, 'library.db');
      const copies = [...(await copyPhotos(photos, dir, (_rel, i) => (i + round) % step === 0)).keys()];
      // Which files go, and when: seeded, so a failure can be replayed.
      const order = copies.map((f) => ({ f, k: rng() })).sort((x, y) => x.k - y.k).map((x) => x.f);
      const gone = order.slice(0, VANISH_PER_ROUND);
      const moments = Array.from({ length: BURSTS }, () => Math.round(rng() * WINDOW_MS)).sort((a, b) => a - b);
      if (round === 0) moments[0] = 0; // one burst right at the start: files gone between listing and reading

      const started = Date.now();
      const run = runToEnd(['index', dir, '--library', lib, '--model', MODEL_DIR, '--device', 'cpu', '--json'], 180_000);
      const perBurst = Math.ceil(gone.length / BURSTS);
      for (const [b, at] of moments.entries()) {
        await sleep(Math.max(0, started + at - Date.now()));
        await Promise.all(gone.slice(b * perBurst, (b + 1) * perBurst).map((f) => fs.rm(f, { force: true })));
      }
      const r = await run.done;
      const seconds = (Date.now() - started) / 1000;
      const problems: string[] = [];
      let report: IndexJson | null = null;
      if (r.code !== 0) problems.push(`exit ${String(r.code)}: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
      else report = JSON.parse(r.stdout) as IndexJson;
      if (/unexpected error|\n\s+at /.test(r.stderr)) problems.push(`crash text on stderr: ${r.stderr.slice(0, 200)}`);

      const check = checkLibrary(lib);
      if (check.integrity !== 'ok') problems.push(`integrity_check: ${check.integrity}`);
      if (check.withoutVector + check.vectorWithoutPhoto > 0) problems.push('row/vector mismatch');
      const skippedPaths = new Set((report?.skipped ?? []).map((s) => s.path));
      let notIndexed = 0;
      let reportedSkipped = 0;
      let indexedBefore = 0;
      for (const f of gone) {
        const row = check.rows.get(f);
        if (skippedPaths.has(f)) reportedSkipped++;
        else if (!row || row.status !== 'indexed') notIndexed++;
        else if (check.vectorIds.has(row.id)) indexedBefore++; // embedded before it went; the next run removes it
        else problems.push(`vanished ${path.basename(f)} is in the library without a vector`);
      }
      const present = copies.filter((f) => !gone.includes(f));
      const missing = present.filter((f) => check.rows.get(f)?.status !== 'indexed' || skippedPaths.has(f));
      if (missing.length > 0) problems.push(`${missing.length} files still on disk not indexed, e.g. ${missing[0]}`);

      // The next run: the library holds exactly what is on disk.
      const next = await runToEnd(['index', dir, '--library', lib, '--model', MODEL_DIR, '--device', 'cpu', '--json'], 180_000).done;
      if (next.code !== 0) problems.push(`next run: exit ${String(next.code)}`);
      const after = checkLibrary(lib);
      const inLibrary = [...after.rows.keys()].sort();
      if (JSON.stringify(inLibrary) !== JSON.stringify([...present].sort())) {
        problems.push(`after the next run the library has ${inLibrary.length} photos, the disk ${present.length}`);
      }
      if (after.integrity !== 'ok' || after.withoutVector + after.vectorWithoutPhoto > 0) problems.push('inconsistent after the next run');
      rounds.push({ problems, vanished: gone.length, notIndexed, reportedSkipped, indexedBefore, seconds });
    }
    const passed = rounds.filter((r) => r.problems.length === 0).length;
    const sum = (k: 'vanished' | 'notIndexed' | 'reportedSkipped' | 'indexedBefore'): number => rounds.reduce((a, r) => a + r[k], 0);
    recordResult({
      id: '4-vanishing',
      check: `Files vanishing mid-scan / mid-index (${PHOTOS_PER_ROUND} photos a round)`,
      runs: rounds.length,
      passed,
      figures:
        `${sum('vanished')} files deleted during ${rounds.length} runs: ${sum('notIndexed')} left out, ${sum('reportedSkipped')} reported skipped, ` +
        `${sum('indexedBefore')} indexed before they went (removed by the next run); crashes: ${rounds.filter((r) => r.problems.some((p) => /exit|crash/.test(p))).length}`,
      facts: { vanished: sum('vanished') },
    });
    expect(rounds.flatMap((r, i) => r.problems.map((p) => `round ${i}: ${p}`))).toEqual([]);
  }, 600_000);
});
