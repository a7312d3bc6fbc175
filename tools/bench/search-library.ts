/**
 * Synthetic libraries for the search benchmark, written through the real stores (migrations,
 * PhotoStore.insert, VectorStore.put), cached under .cache/bench-search and reused when complete.
 *
 * Vectors: "clustered" (CLUSTERS Gaussian clusters on the 512-d sphere, cosine to the centre
 * ~0.83: real embeddings are clustered, photos of one subject sit together) or "random" (uniform
 * on the sphere: the hardest case for any pruning, every score is near every other).
 * Folders: /bench/<year>/<event NNN>/ (15 years x 100 events = 1,500 folders), taken_at spread
 * over the years independently of the folder, so folder and date filters each keep ~1/15.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openLibraryScope, type LibraryScope } from '../../electron/core/library-scope.js';
import { folderKey } from '../../electron/core/store/path-range.js';
import type { PhotoFields } from '../../electron/core/store/photo-record.js';
import { CACHE_DIR } from './bench-paths.js';

export type VectorKind = 'clustered' | 'random';
export const DIM = 512;
export const MODEL = { id: 'bench-512', name: 'bench-512', dim: DIM };
export const CLUSTERS = 2000;
const YEARS = 15;
const EVENTS = 100;
const YEAR_MS = 365 * 24 * 3600 * 1000;
export const FIRST_YEAR = 2010;
const START = Date.UTC(FIRST_YEAR, 0, 1);

/** Deterministic generator (xorshift32 + Box-Muller): the same library, the same queries every run. */
export class Rng {
  constructor(private s: number) {}
  uniform(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return (this.s + 0.5) / 4294967296;
  }
  normal(): number {
    return Math.sqrt(-2 * Math.log(this.uniform())) * Math.cos(2 * Math.PI * this.uniform());
  }
}

export function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const inv = 1 / Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) * inv;
  return v;
}

export function randomUnit(rng: Rng): Float32Array {
  const v = new Float32Array(DIM);
  for (let i = 0; i < DIM; i++) v[i] = rng.normal();
  return normalize(v);
}

export function centres(): Float32Array[] {
  const rng = new Rng(777);
  return Array.from({ length: CLUSTERS }, () => randomUnit(rng));
}

/** Photo i's vector (deterministic). */
export function makeVector(kind: VectorKind, rng: Rng, cs: Float32Array[]): Float32Array {
  if (kind === 'random') return randomUnit(rng);
  const c = cs[Math.floor(rng.uniform() * cs.length)] ?? cs[0];
  const v = new Float32Array(DIM);
  // noise sd 0.03 per dim: |noise|^2 ~ 0.46, cosine to the centre ~ 1 / sqrt(1.46) = 0.83.
  for (let i = 0; i < DIM; i++) v[i] = (c?.[i] ?? 0) + 0.03 * rng.normal();
  return normalize(v);
}

export function photoPath(i: number): { path: string; takenAt: number } {
  const year = FIRST_YEAR + (i % YEARS);
  const event = Math.floor(i / YEARS) % EVENTS;
  // Dates are independent of folders (another stride), so the two filters keep different photos.
  const takenAt = START + ((i * 7919) % (YEARS * 1000)) * (YEAR_MS / 1000);
  return { path: `/bench/${year}/event-${String(event).padStart(3, '0')}/img_${i}.jpg`, takenAt: Math.round(takenAt) };
}

function fields(p: string, takenAt: number): PhotoFields {
  return {
    path: p, folder: folderKey(p), size: 1_000_000, mtimeMs: takenAt, contentHash: null, status: 'indexed', skipReason: null,
    skipKind: null, format: 'jpeg', width: 4000, height: 3000, takenAt, takenAtSource: 'exif', cameraMake: null, cameraModel: null,
    gpsLat: null, gpsLon: null,
  };
}

export function libraryFile(kind: VectorKind, photos: number): string {
  return path.join(CACHE_DIR, 'bench-search', `${kind}-${photos}.db`);
}

/** Opens the cached library, building (or finishing) it first. Progress goes to stderr. */
export function ensureLibrary(kind: VectorKind, photos: number, log: (line: string) => void): LibraryScope {
  const file = libraryFile(kind, photos);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // A marker beside the library says it is complete (a killed build resumes where it stopped).
  const marker = `${file}.complete`;
  const scope = openLibraryScope(file);
  if (fs.existsSync(marker)) return scope;
  const vectors = scope.vectorsFor(MODEL);
  const have = vectors.count();
  const rng = new Rng(kind === 'random' ? 99 : 42);
  const cs = centres();
  // Regenerate the skipped prefix's draws so a resumed build gives the same library.
  for (let i = 0; i < have; i++) makeVector(kind, rng, cs);
  const started = Date.now();
  const BATCH = 10_000;
  for (let from = have; from < photos; from += BATCH) {
    scope.transaction(() => {
      for (let i = from; i < Math.min(photos, from + BATCH); i++) {
        const { path: p, takenAt } = photoPath(i);
        const id = scope.photos.insert(fields(p, takenAt));
        vectors.put(id, makeVector(kind, rng, cs), folderKey(p), takenAt);
      }
    });
    const done = Math.min(photos, from + BATCH);
    const rate = (done - have) / Math.max(0.001, (Date.now() - started) / 1000);
    log(`building ${kind} ${photos}: ${done} photos (${Math.round(rate)}/s, ~${Math.round((photos - done) / rate)} s left)`);
  }
  scope.folders.add('/bench');
  fs.writeFileSync(marker, `${photos}\n`);
  return scope;
}
