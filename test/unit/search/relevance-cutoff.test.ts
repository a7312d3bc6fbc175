import { describe, expect, it } from 'vitest';
import { estimateCutoff, MIN_SAMPLE } from '../../../electron/core/search/relevance-cutoff.js';

function noise(n: number, centre: number, spread: number, seed = 1): number[] {
  let s = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    // Sum of uniforms: roughly normal, deterministic.
    let acc = 0;
    for (let j = 0; j < 6; j++) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      acc += s / 2 ** 31;
    }
    out.push(centre + (acc - 3) * spread);
  }
  return out;
}

describe('estimateCutoff', () => {
  it('keeps clear outliers and hides the background', () => {
    const background = noise(500, 0.2, 0.02);
    const { cutoff } = estimateCutoff([...background, 0.34, 0.36, 0.35]);
    expect(cutoff).not.toBeNull();
    expect(background.filter((s) => s >= (cutoff ?? 0)).length).toBeLessThan(5);
    expect([0.34, 0.36, 0.35].every((s) => s >= (cutoff ?? 1))).toBe(true);
  });

  it('adapts to each query: the same outlier margin at a different score level', () => {
    const low = estimateCutoff(noise(500, 0.1, 0.01)).cutoff ?? 0;
    const high = estimateCutoff(noise(500, 0.3, 0.01)).cutoff ?? 0;
    expect(high - low).toBeCloseTo(0.2, 1);
  });

  it('stays put when a third of the library matches (robust statistics)', () => {
    const background = noise(600, 0.2, 0.02);
    const matches = noise(300, 0.4, 0.02, 7);
    const { cutoff } = estimateCutoff([...background, ...matches]);
    expect(matches.filter((s) => s >= (cutoff ?? 1)).length).toBeGreaterThan(290);
  });

  it('gives no cut-off when there is too little data', () => {
    expect(estimateCutoff(noise(MIN_SAMPLE - 1, 0.2, 0.02)).cutoff).toBeNull();
  });
});
