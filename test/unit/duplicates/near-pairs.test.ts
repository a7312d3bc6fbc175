/**
 * The LSH pair finder against the exact answer (every pair compared) on synthetic CLIP-like
 * vectors: a shared direction (photos sit in a cone) plus noise, and perturbed copies of some.
 */
import { describe, expect, it } from 'vitest';
import { LibraryMatrix } from '../../../electron/core/albums/library-matrix.js';
import { findNearPairs } from '../../../electron/core/duplicates/near-pairs.js';

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296 - 0.5;
  };
}

function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const len = Math.sqrt(n);
  return v.map((x) => x / len);
}

/** `base` photos around a common direction, and a noisy copy of every 10th. */
function library(base: number, dim: number, noise: number): LibraryMatrix {
  const random = rng(7);
  const cone = normalise(Float32Array.from({ length: dim }, () => random()));
  const rows: Float32Array[] = [];
  for (let i = 0; i < base; i++) rows.push(normalise(Float32Array.from({ length: dim }, (_, k) => (cone[k] ?? 0) * 1.2 + random() * 0.12)));
  for (let i = 0; i < base; i += 10) rows.push(normalise(Float32Array.from(rows[i] ?? [], (x) => x + random() * noise)));
  const matrix = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => matrix.set(r, i * dim));
  return LibraryMatrix.fromArrays(Int32Array.from(rows, (_, i) => i + 1), matrix, dim);
}

function bruteForce(m: LibraryMatrix, threshold: number): string[] {
  const out: string[] = [];
  for (let a = 0; a < m.rows; a++) {
    for (let b = a + 1; b < m.rows; b++) {
      const va = m.vector(a);
      const vb = m.vector(b);
      let s = 0;
      for (let k = 0; k < m.dim; k++) s += (va[k] ?? 0) * (vb[k] ?? 0);
      if (s >= threshold) out.push(`${a}-${b}`);
    }
  }
  return out.sort();
}

describe('findNearPairs', () => {
  it('finds the same near-identical pairs as comparing every pair, and nothing below the threshold', () => {
    const m = library(600, 128, 0.02);
    const exact = bruteForce(m, 0.97);
    expect(exact.length).toBeGreaterThanOrEqual(60);
    const found = findNearPairs(m, { threshold: 0.97 });
    expect(found.every((p) => p.score >= 0.97)).toBe(true);
    expect(found.map((p) => `${p.a}-${p.b}`).sort()).toEqual(exact);
  });

  it('gives the same answer on every call (seeded hyperplanes)', () => {
    const m = library(200, 64, 0.02);
    expect(findNearPairs(m, { threshold: 0.97 })).toEqual(findNearPairs(m, { threshold: 0.97 }));
  });

  it('finds nothing in a library of one photo', () => {
    expect(findNearPairs(LibraryMatrix.fromArrays(Int32Array.of(1), new Float32Array(4).fill(0.5), 4), { threshold: 0.9 })).toEqual([]);
  });
});
