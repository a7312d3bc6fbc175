import { describe, expect, it } from 'vitest';
import { estimateImageCutoff } from '../../../electron/core/search/image-relevance-cutoff.js';
import { estimateCutoff, estimateNegativeCutoff, MIN_SAMPLE } from '../../../electron/core/search/relevance-cutoff.js';

function noise(n: number, centre: number, spread: number, seed = 1): number[] {
  let s = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    // Sum of uniforms: roughly normal, deterministic.
    let acc = 0;
    for (let j = 0; j < 12; j++) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      acc += s / 2 ** 31;
    }
    out.push(centre + (acc - 6) * spread);
  }
  return out;
}

const shown = (scores: number[], cutoff: number | null) => scores.filter((s) => s >= (cutoff ?? -Infinity)).length;

describe('estimateCutoff', () => {
  it('keeps clear matches and hides the background', () => {
    const background = noise(2000, 0.2, 0.02);
    const matches = [0.34, 0.36, 0.35];
    const { cutoff } = estimateCutoff({ sampleScores: [...background, ...matches] });
    expect(shown(matches, cutoff)).toBe(3);
    expect(shown(background, cutoff)).toBeLessThanOrEqual(2);
  });

  it('adapts to each query: the same matches at another score level are treated the same', () => {
    const a = estimateCutoff({ sampleScores: [...noise(1000, 0.1, 0.01), 0.2, 0.21] }).cutoff ?? 0;
    const b = estimateCutoff({ sampleScores: [...noise(1000, 0.3, 0.01), 0.4, 0.41] }).cutoff ?? 0;
    expect(b - a).toBeCloseTo(0.2, 6);
  });

  it('shows at most a handful of photos for a query that matches nothing', () => {
    const background = noise(2000, 0.2, 0.02, 5);
    expect(shown(background, estimateCutoff({ sampleScores: background }).cutoff)).toBeLessThanOrEqual(5);
  });

  it('shows nothing when even the best photo does not stand out', () => {
    const flat = Array.from({ length: 100 }, (_, i) => 0.2 + (i % 10) * 0.001);
    const { cutoff } = estimateCutoff({ sampleScores: flat, top: 0.2095 });
    expect(shown(flat, cutoff)).toBe(0);
  });

  it('stays put when a third of the library matches (robust statistics)', () => {
    const background = noise(600, 0.2, 0.02);
    const matches = noise(300, 0.4, 0.02, 7);
    const { cutoff } = estimateCutoff({ sampleScores: [...background, ...matches] });
    expect(shown(matches, cutoff)).toBeGreaterThanOrEqual(285);
    expect(shown(background, cutoff)).toBeLessThan(3);
  });

  it('uses the best score of the whole library, not only of the sample', () => {
    const sample = noise(200, 0.2, 0.02, 3);
    const withTop = estimateCutoff({ sampleScores: sample, top: 0.5, libraryCount: 100_000 }).cutoff ?? 1;
    expect(withTop).toBeLessThan(0.5);
  });

  it('gives no cut-off when there is too little data', () => {
    expect(estimateCutoff({ sampleScores: noise(MIN_SAMPLE - 1, 0.2, 0.02) }).cutoff).toBeNull();
  });
});

describe('estimateNegativeCutoff', () => {
  it('catches weak leanings towards a negative term that the display cut-off would let through', () => {
    const background = noise(600, 0.25, 0.05, 11);
    const weak = [0.4, 0.42, 0.45];
    const negative = estimateNegativeCutoff([...background, ...weak]) ?? 1;
    const display = estimateCutoff({ sampleScores: [...background, ...weak] }).cutoff ?? 1;
    expect(weak.every((s) => s >= negative)).toBe(true);
    expect(negative).toBeLessThan(display);
    expect(shown(background, negative)).toBeLessThan(30);
  });
});

describe('estimateImageCutoff ("more like this")', () => {
  // One corpus photo's image-to-image scores with the shapes model: median 0.70, spread 0.21.
  const wide = noise(350, 0.7, 0.17, 13).map((s) => Math.min(s, 0.95));

  it('always shows an exact or near-identical copy, however wide the background', () => {
    const { cutoff: image } = estimateImageCutoff({ sampleScores: wide, top: 0.95 });
    expect(image).not.toBeNull();
    expect(0.995 >= (image ?? 1)).toBe(true);
  });

  it('keeps copies out of the statistics: a copy in the sample does not narrow the band to itself', () => {
    const background = noise(500, 0.6, 0.1, 17);
    const similar = [0.9, 0.91, 0.92];
    const withCopies = estimateImageCutoff({ sampleScores: [...background, ...similar, 0.999, 1], top: 1 }).cutoff ?? 1;
    const without = estimateImageCutoff({ sampleScores: [...background, ...similar], top: 0.92 }).cutoff ?? 1;
    expect(withCopies).toBeCloseTo(without, 6);
    expect(shown(similar, withCopies)).toBe(3);
  });
});
