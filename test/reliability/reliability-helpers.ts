/**
 * Shared pieces of the reliability suite (issue 8): a cached folder of small rendered photos with
 * their sha256 manifest, read-only inspection of a library file (integrity, row<->vector), running
 * the CLI as an ordinary user, and the per-check result records the summary table is built from.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { CLI_BIN, REPO_ROOT, type CliRun } from '../helpers/cli-process.js';
import { renderPhotoFolder } from '../helpers/render-photos.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

export { mulberry32 } from '../../tools/fixture-model/render-scene.js';

export const MODEL_DIR = FIXTURE_MODEL_DIR;
export const RESULTS_DIR = path.join(REPO_ROOT, '.cache/reliability/results');

// ---------------------------------------------------------------------------------------------
// Cached photos
// ---------------------------------------------------------------------------------------------

/** Bump when the rendering below changes: a stale cache is rendered again. */
const PHOTO_CACHE_VERSION = 1;
export const PHOTO_SUBFOLDERS = ['a', 'b', 'c', 'd'] as const;
const PER_SUBFOLDER = 500;
export const CACHED_PHOTO_COUNT = PHOTO_SUBFOLDERS.length * PER_SUBFOLDER;

export interface PhotoCache {
  root: string;
  /** Absolute path -> sha256, taken right after rendering. */
  sha256: Map<string, string>;
  files: string[];
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Files whose bytes differ from `expected` (or that are gone). */
export function changedOriginals(expected: ReadonlyMap<string, string>): string[] {
  const changed: string[] = [];
  for (const [file, hash] of expected) {
    let now: string | null = null;
    try {
      now = sha256File(file);
    } catch {
      now = null;
    }
    if (now !== hash) changed.push(file);
  }
  return changed;
}

/**
 * 2,000 small JPEGs (64-128 px, 4 subfolders of 500) rendered once under .cache/ and reused by
 * every run of the same PHOTO_CACHE_VERSION. Nothing in the suite writes into this folder.
 */
export async function cachedPhotos(): Promise<PhotoCache> {
  const root = path.join(REPO_ROOT, `.cache/reliability/photos-v${PHOTO_CACHE_VERSION}`);
  const manifestFile = path.join(root, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    await fsp.rm(root, { recursive: true, force: true });
    for (const [i, sub] of PHOTO_SUBFOLDERS.entries()) {
      await renderPhotoFolder(path.join(root, sub), { count: PER_SUBFOLDER, seed: 8000 + i, sizes: [64, 128], maxObjects: 2 });
    }
    const manifest: Record<string, string> = {};
    for (const sub of PHOTO_SUBFOLDERS) {
      for (const name of fs.readdirSync(path.join(root, sub)).sort()) manifest[`${sub}/${name}`] = sha256File(path.join(root, sub, name));
    }
    // Written last: a run killed while rendering leaves no manifest, so the next run starts over.
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, string>;
  const sha256 = new Map(Object.entries(manifest).map(([rel, hash]) => [path.join(root, rel), hash] as const));
  return { root, sha256, files: [...sha256.keys()] };
}

/** Copies cached photos into `dir` (keeping subfolder names); returns the copies' sha256 map. */
export async function copyPhotos(cache: PhotoCache, dir: string, pick: (rel: string, i: number) => boolean): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let i = 0;
  for (const [file, hash] of cache.sha256) {
    const rel = path.relative(cache.root, file);
    if (!pick(rel, i++)) continue;
    const dest = path.join(dir, rel);
    await fsp.mkdir(path.dirname(dest), { recursive: true });
    await fsp.copyFile(file, dest);
    out.set(dest, hash);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Library inspection
// ---------------------------------------------------------------------------------------------

export interface PhotoRow {
  id: number;
  path: string;
  content_hash: string | null;
  status: string;
  size: number;
  mtime_ms: number;
}

/** The photos rows as they are now (a reader next to a live writer sees the last commit). */
export function readPhotoRows(file: string): Map<string, PhotoRow> {
  const rows = new Map<string, PhotoRow>();
  if (!fs.existsSync(file)) return rows;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 5_000 });
    for (const r of db.prepare('SELECT id, path, content_hash, status, size, mtime_ms FROM photos').all() as PhotoRow[]) rows.set(r.path, r);
  } catch (err) {
    // A library killed before its first migration committed has no photos table yet.
    if (!/no such table/.test(String(err))) throw err;
  } finally {
    db?.close();
  }
  return rows;
}

export interface LibraryCheck {
  integrity: string;
  indexed: number;
  skipped: number;
  /** Indexed photos without a vector (bookkeeping row or vec0 row missing). */
  withoutVector: number;
  /** Vectors (bookkeeping or vec0) whose photo is gone or not indexed. */
  vectorWithoutPhoto: number;
  /** photo ids with a vec0 row, per model table, for "still has its vector" checks. */
  vectorIds: Set<number>;
  rows: Map<string, PhotoRow>;
}

/** Opens the library as the app would after a crash and checks it is whole. */
export function checkLibrary(file: string): LibraryCheck {
  const db = new Database(file, { fileMustExist: true, timeout: 5_000 });
  try {
    sqliteVec.load(db);
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const rows = new Map<string, PhotoRow>();
    // Killed before the first migration committed: an empty database, which the app migrates on open.
    const hasSchema = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'photos'").get() !== undefined;
    if (!hasSchema) return { integrity, indexed: 0, skipped: 0, withoutVector: 0, vectorWithoutPhoto: 0, vectorIds: new Set(), rows };
    for (const r of db.prepare('SELECT id, path, content_hash, status, size, mtime_ms FROM photos').all() as PhotoRow[]) rows.set(r.path, r);
    const indexedIds = new Set([...rows.values()].filter((r) => r.status === 'indexed').map((r) => r.id));
    const models = db.prepare('SELECT id, vec_table FROM models').all() as { id: string; vec_table: string }[];
    let withoutVector = 0;
    let vectorWithoutPhoto = 0;
    const vectorIds = new Set<number>();
    for (const m of models) {
      if (!/^vec_model_\d+$/.test(m.vec_table)) throw new Error(`unexpected vector table name ${m.vec_table}`);
      const marked = new Set((db.prepare('SELECT photo_id FROM embeddings WHERE model_id = ?').all(m.id) as { photo_id: number }[]).map((r) => r.photo_id));
      const stored = new Set((db.prepare(`SELECT photo_id FROM ${m.vec_table}`).all() as { photo_id: number }[]).map((r) => Number(r.photo_id)));
      for (const id of indexedIds) if (!marked.has(id) || !stored.has(id)) withoutVector++;
      for (const id of new Set([...marked, ...stored])) {
        if (!indexedIds.has(id) || !marked.has(id) || !stored.has(id)) vectorWithoutPhoto++;
      }
      for (const id of stored) vectorIds.add(id);
    }
    if (models.length === 0) withoutVector = indexedIds.size;
    return {
      integrity,
      indexed: indexedIds.size,
      skipped: rows.size - indexedIds.size,
      withoutVector,
      vectorWithoutPhoto,
      vectorIds,
      rows,
    };
  } finally {
    db.close();
  }
}

/** Rows of `before` that are missing or different in `after` (id, path, hash, status, size, mtime). */
export function changedRows(before: ReadonlyMap<string, PhotoRow>, after: ReadonlyMap<string, PhotoRow>): string[] {
  const changed: string[] = [];
  for (const [p, b] of before) {
    const a = after.get(p);
    if (!a || a.id !== b.id || a.content_hash !== b.content_hash || a.status !== b.status || a.size !== b.size || a.mtime_ms !== b.mtime_ms) {
      changed.push(p);
    }
  }
  return changed;
}

export function libraryFiles(lib: string): string[] {
  return [lib, `${lib}-wal`, `${lib}-shm`];
}

// ---------------------------------------------------------------------------------------------
// Running the CLI as an ordinary user (root ignores permission bits)
// ---------------------------------------------------------------------------------------------

export const NOBODY = 65534;

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

export function hasSetpriv(): boolean {
  return ['/usr/bin/setpriv', '/bin/setpriv'].some((p) => fs.existsSync(p));
}

/** Runs `recollect ARGS` as uid/gid 65534 when we are root (setpriv), as ourselves otherwise. */
export function runCliAsUser(args: readonly string[], home: string, timeoutMs = 180_000): Promise<CliRun> {
  const argv = [CLI_BIN, ...args];
  const [cmd, cmdArgs] = isRoot()
    ? ['setpriv', ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', process.execPath, ...argv]]
    : [process.execPath, argv];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, cmdArgs, {
      cwd: REPO_ROOT,
      env: { ...process.env, RECOLLECT_LIBRARY: '', RECOLLECT_MODEL: '', HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Results for the summary table (collected by summary.ts after all files ran)
// ---------------------------------------------------------------------------------------------

export interface CheckResult {
  /** Stable key, also the order of the table (see summary.ts). */
  id: string;
  check: string;
  /** Iterations / requests / attempts of the bounded loop. */
  runs: number;
  /** How many of them met every assertion. */
  passed: number;
  /** Human-readable figures for the table. */
  figures: string;
  /** Machine-readable figures (headline numbers of docs/reliability.md). */
  facts?: Record<string, number | string>;
  skipped?: string;
}

export function recordResult(result: CheckResult): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `${result.id}.json`), JSON.stringify(result, null, 2));
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
