/**
 * Check 1: SIGKILL of the whole `recollect index` process group at random (seeded) moments while
 * it indexes 2,000 photos. After every kill the library must be whole: integrity_check ok, every
 * indexed photo has its vector and no vector lacks its photo, rows committed before the kill are
 * unchanged, and the original files are byte-for-byte the same. Finally a clean run finishes the job.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, REPO_ROOT, jsonOf, runCli } from '../helpers/cli-process.js';
import {
  CACHED_PHOTO_COUNT,
  MODEL_DIR,
  cachedPhotos,
  changedOriginals,
  changedRows,
  checkLibrary,
  mulberry32,
  readPhotoRows,
  recordResult,
  sleep,
  type PhotoCache,
  type PhotoRow,
} from './reliability-helpers.js';

const KILLS = Number(process.env.RELIABILITY_KILLS ?? 24);
const SEED = 0x8_2026;
// Start-up (tsx, model load) and per-photo cost on the 2-vCPU CI machine: only used to spread
// kill moments over the part of a run where photos are being committed.
const STARTUP_MS = 1_500;
const MS_PER_PHOTO = 8;
const MAX_DELAY_MS = 6_000;
// With fewer photos than this left, the next kill starts a fresh library so kills keep landing in commits.
const FRESH_BELOW = 150;

interface KillOutcome {
  kill: number;
  delayMs: number;
  /** Indexed rows when the run started, just before the kill, and after it. */
  atStart: number;
  beforeKill: number;
  afterKill: number;
  exitedBeforeKill: boolean;
  landedDuringCommits: boolean;
  problems: string[];
}

function indexedCount(rows: ReadonlyMap<string, PhotoRow>): number {
  let n = 0;
  for (const r of rows.values()) if (r.status === 'indexed') n++;
  return n;
}

describe('SIGKILL of the process group during indexing', () => {
  let tmp = '';
  let photos: PhotoCache;
  beforeAll(async () => {
    photos = await cachedPhotos();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-rel-kill-'));
  }, 300_000);
  afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

  it(`keeps the library whole across ${KILLS} kills at random moments, then a clean run indexes everything`, async () => {
    expect(photos.files.length).toBe(CACHED_PHOTO_COUNT);
    const rng = mulberry32(SEED);
    const outcomes: KillOutcome[] = [];
    let libraryNo = 0;
    let lib = path.join(tmp, `lib-${libraryNo}`, 'library.db');
    let originalsChanged = 0;
    const started = Date.now();
    let finalProblems: string[] = ['final run did not happen'];
    try {
      for (let kill = 1; kill <= KILLS; kill++) {
        let atStartRows = readPhotoRows(lib);
        if (CACHED_PHOTO_COUNT - indexedCount(atStartRows) < FRESH_BELOW) {
          lib = path.join(tmp, `lib-${++libraryNo}`, 'library.db');
          atStartRows = new Map();
        }
        const atStart = indexedCount(atStartRows);
        const window = Math.min(MAX_DELAY_MS, STARTUP_MS + (CACHED_PHOTO_COUNT - atStart) * MS_PER_PHOTO);
        const delayMs = Math.round(200 + rng() * window);

        const child = spawn(process.execPath, [CLI_BIN, 'index', photos.root, '--library', lib, '--model', MODEL_DIR, '--device', 'cpu'], {
          cwd: REPO_ROOT,
          env: { ...process.env, RECOLLECT_LIBRARY: '', RECOLLECT_MODEL: '' },
          stdio: 'ignore',
          detached: true, // its own process group, killed as a whole below
        });
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        const exitedBeforeKill = await Promise.race([sleep(delayMs).then(() => false), exited.then(() => true)]);
        // What is committed now must survive the kill unchanged.
        const committed = readPhotoRows(lib);
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone (exitedBeforeKill)
        }
        await exited;

        const problems: string[] = [];
        let afterKill = 0;
        try {
          const check = checkLibrary(lib);
          afterKill = check.indexed;
          if (check.integrity !== 'ok') problems.push(`integrity_check: ${check.integrity}`);
          if (check.withoutVector > 0) problems.push(`${check.withoutVector} indexed photos without a vector`);
          if (check.vectorWithoutPhoto > 0) problems.push(`${check.vectorWithoutPhoto} vectors without an indexed photo`);
          const changed = changedRows(committed, check.rows);
          if (changed.length > 0) problems.push(`${changed.length} committed rows changed or lost, e.g. ${changed[0]}`);
          const unchangedFromStart = changedRows(atStartRows, check.rows);
          if (unchangedFromStart.length > 0) problems.push(`${unchangedFromStart.length} rows from before the run changed`);
        } catch (err) {
          // No library file yet is fine only when the kill came before anything was committed.
          if (committed.size > 0 || !/does not exist|no such file/i.test(String(err))) problems.push(`library does not open: ${String(err)}`);
        }
        const changedFiles = changedOriginals(photos.sha256);
        originalsChanged += changedFiles.length;
        if (changedFiles.length > 0) problems.push(`${changedFiles.length} original files changed`);
        outcomes.push({
          kill,
          delayMs,
          atStart,
          beforeKill: indexedCount(committed),
          afterKill,
          exitedBeforeKill,
          // This run had committed at least one batch and still had photos left when it was killed.
          landedDuringCommits: !exitedBeforeKill && indexedCount(committed) > atStart && afterKill < CACHED_PHOTO_COUNT,
          problems,
        });
      }

      // A clean run resumes and finishes: everything indexed, still consistent.
      const beforeFinal = readPhotoRows(lib);
      const r = jsonOf<{ indexed: number; unchanged: number; skipped: unknown[] }>(
        await runCli(['index', photos.root, '--library', lib, '--model', MODEL_DIR, '--device', 'cpu', '--json'], {}, 300_000),
      );
      const check = checkLibrary(lib);
      finalProblems = [];
      if (check.integrity !== 'ok') finalProblems.push(`integrity_check: ${check.integrity}`);
      if (check.indexed !== CACHED_PHOTO_COUNT) finalProblems.push(`${check.indexed} of ${CACHED_PHOTO_COUNT} indexed`);
      if (check.withoutVector + check.vectorWithoutPhoto > 0) finalProblems.push('row/vector mismatch after the clean run');
      if (r.skipped.length > 0) finalProblems.push(`${r.skipped.length} skipped`);
      if (r.unchanged !== indexedCount(beforeFinal)) finalProblems.push(`clean run re-did work: unchanged ${r.unchanged}, committed ${indexedCount(beforeFinal)}`);
      if (changedRows(beforeFinal, check.rows).length > 0) finalProblems.push('committed rows changed by the clean run');
      const changedFiles = changedOriginals(photos.sha256);
      originalsChanged += changedFiles.length;
      if (changedFiles.length > 0) finalProblems.push(`${changedFiles.length} original files changed`);
    } finally {
      if (process.env.RELIABILITY_DEBUG) console.log(JSON.stringify(outcomes));
      const consistent = outcomes.filter((o) => o.problems.length === 0).length;
      const landed = outcomes.filter((o) => o.landedDuringCommits).length;
      const commitBetween = outcomes.filter((o) => o.afterKill > o.beforeKill).length;
      const early = outcomes.filter((o) => o.afterKill === o.atStart).length;
      recordResult({
        id: '1-kill',
        check: `SIGKILL of the process group during indexing (${CACHED_PHOTO_COUNT} photos)`,
        runs: outcomes.length,
        passed: consistent,
        figures:
          `${outcomes.length} kills, ${consistent} consistent, ${landed} landed during commits, ` +
          `${early} before this run's first commit, ${libraryNo + 1} libraries; originals changed: ${originalsChanged} ` +
          `(${photos.files.length} checked after every kill); clean run: ${finalProblems.length === 0 ? 'all indexed' : finalProblems.join('; ')}; ` +
          `${Math.round((Date.now() - started) / 1000)} s`,
        facts: { kills: outcomes.length, consistent, landedDuringCommits: landed, commitBetweenSnapshotAndKill: commitBetween, originalsChanged, originalsChecked: photos.files.length },
      });
    }
    expect(outcomes.flatMap((o) => o.problems.map((p) => `kill ${o.kill} after ${o.delayMs} ms: ${p}`))).toEqual([]);
    expect(finalProblems).toEqual([]);
    expect(originalsChanged).toBe(0);
    // The folder is big enough for kills to land while photos are being committed.
    expect(outcomes.filter((o) => o.landedDuringCommits).length).toBeGreaterThanOrEqual(KILLS / 2);
  }, 600_000);
});
