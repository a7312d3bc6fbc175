import { describe, expect, it } from 'vitest';
import { featherWeights, planSpans, planTiles } from '../../../electron/core/style/style-network/style-tile-plan.js';

const MB = 1024 * 1024;

describe('style tile plan', () => {
  it('covers every pixel, neighbours sharing at least the overlap, no tile past the edge', () => {
    for (const [length, tile, overlap] of [[6000, 512, 32], [4000, 224, 32], [97, 96, 16], [1000, 128, 24]] as const) {
      const spans = planSpans(length, tile, overlap);
      expect(spans[0]?.start).toBe(0);
      const last = spans.at(-1);
      expect((last?.start ?? 0) + (last?.length ?? 0)).toBe(length);
      for (let i = 1; i < spans.length; i++) {
        const prev = spans[i - 1];
        const cur = spans[i];
        if (!prev || !cur) throw new Error('missing span');
        expect(prev.start + prev.length - cur.start).toBeGreaterThanOrEqual(overlap - 1);
        expect(cur.length).toBe(tile);
      }
    }
  });

  it('uses one span when the photo fits in a tile', () => {
    expect(planSpans(300, 512, 32)).toEqual([{ start: 0, length: 300 }]);
  });

  it('feather weights of every position sum to 1 and ramp inside overlaps only', () => {
    const spans = planSpans(1000, 128, 24);
    const weights = featherWeights(spans, 1000, 24);
    const sum = new Float64Array(1000);
    spans.forEach((s, i) => weights[i]?.forEach((w, k) => (sum[s.start + k] = (sum[s.start + k] ?? 0) + w)));
    for (const v of sum) expect(v).toBeCloseTo(1, 5);
    // Photo borders are not feathered: the first and last pixels come from one tile only, in full.
    expect(weights[0]?.[0]).toBeCloseTo(1, 6);
    expect(weights.at(-1)?.at(-1)).toBeCloseTo(1, 6);
    expect(weights[1]?.[0]).toBeLessThan(0.1);
  });

  it('bounds the working memory of a 6000x4000 photo to one band of rows plus two tile tensors', () => {
    const plan = planTiles(6000, 4000, { tileWidth: 512, tileHeight: 512, overlap: 32 });
    // 6000 x 512 rows x 3 channels x 4 bytes = 35.2 MiB, whatever the height; the whole photo in
    // float32 would be 275 MiB.
    expect(plan.bandBytes).toBe(6000 * 512 * 3 * 4);
    expect(plan.bandBytes + plan.tensorBytes).toBeLessThan(48 * MB);
    expect(planTiles(6000, 40000, { tileWidth: 512, tileHeight: 512, overlap: 32 }).bandBytes).toBe(plan.bandBytes);
    expect(plan.columns.length * plan.rows.length).toBe(13 * 9);
  });

  it('refuses an overlap as large as the tile', () => {
    expect(() => planSpans(1000, 64, 64)).toThrow(/overlap 64 must be smaller than the tile/);
  });
});
