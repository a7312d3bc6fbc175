/**
 * The per-album threshold from the library's own scores: two groups split where the high one
 * becomes likelier; a tight group standing far above a middle one (circles above hearts and
 * squares for "a circle") is found; one broad group of matches is not cut in two.
 */
import { describe, expect, it } from 'vitest';
import { calibrateThreshold } from '../../../electron/core/albums/album-threshold.js';

/** Deterministic pseudo-normal scores (sum of uniforms from a small LCG). */
function group(n: number, mean: number, sd: number, seed: number): number[] {
  let s = seed;
  const u = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: n }, () => mean + sd * ((u() + u() + u() + u() - 2) * Math.sqrt(3)));
}

describe('calibrateThreshold', () => {
  it('splits two groups between them', () => {
    const t = calibrateThreshold([...group(200, 0.2, 0.03, 1), ...group(40, 0.4, 0.02, 2)]);
    expect(t.method).toBe('split');
    expect(t.threshold).toBeGreaterThan(0.28);
    expect(t.threshold).toBeLessThan(0.36);
  });

  it('finds a tight top group above a middle group (three populations)', () => {
    const top = group(13, 0.66, 0.015, 3);
    const t = calibrateThreshold([...group(25, 0.28, 0.05, 4), ...group(23, 0.48, 0.04, 5), ...top]);
    expect(t.threshold).toBeGreaterThan(0.56);
    expect(t.threshold).toBeLessThanOrEqual(Math.min(...top));
  });

  it('keeps one broad group of matches whole', () => {
    // Matches spread from 0.35 to 0.55 (large and small red shapes): no second gap inside them.
    const broad = Array.from({ length: 40 }, (_, i) => 0.35 + (0.2 * i) / 39);
    const t = calibrateThreshold([...group(200, 0.18, 0.03, 6), ...broad]);
    expect(t.threshold).toBeLessThanOrEqual(0.35);
    expect(t.threshold).toBeGreaterThan(0.25);
  });

  it('says none when nothing stands out in a tiny library', () => {
    expect(calibrateThreshold([0.2, 0.21]).method).not.toBe('split');
  });
});

describe('calibrateThreshold on measured fixture-model scores', () => {
  it('"red things" over 48 single shapes keeps all twelve red ones (a small top trio is no group)', () => {
    // Measured: album-api / albums e2e library (fixture model), red shapes first.
    const red = [0.505, 0.48, 0.476, 0.416, 0.413, 0.412, 0.412, 0.361, 0.353, 0.351, 0.339, 0.322];
    const rest = [0.181, 0.092, 0.079, 0.076, 0.073, 0.073, 0.071, 0.042, 0.042, 0.033, 0.033, 0.026, 0.019, 0.018, 0.014, 0.013, 0.002, -0.0,
      -0.003, -0.004, -0.006, -0.007, -0.041, -0.056, -0.061, -0.063, -0.067, -0.079, -0.079, -0.09, -0.092, -0.103, -0.104, -0.106, -0.127, -0.149];
    const t = calibrateThreshold([...red, ...rest]);
    expect(t.threshold).toBeGreaterThan(0.181);
    expect(t.threshold).toBeLessThanOrEqual(0.322);
  });
});
