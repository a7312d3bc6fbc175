import { describe, expect, it } from 'vitest';
import { computeResizeGeometry } from '../../../electron/core/embed/resize-geometry.js';

const clip = { resize: { kind: 'shortest-edge', shortestEdge: 224 }, crop: { width: 224, height: 224 } } as const;

describe('computeResizeGeometry (Hugging Face CLIPImageProcessor arithmetic)', () => {
  it('scales the short side to shortest_edge and truncates the long side', () => {
    // 224 * 2000 / 300 = 1493.33 -> 1493 (int() in HF); rounding would give the same here, 301 below would not.
    expect(computeResizeGeometry(2000, 300, clip).resized).toEqual({ width: 1493, height: 224 });
    expect(computeResizeGeometry(200, 301, clip).resized).toEqual({ width: 224, height: 337 });
    expect(computeResizeGeometry(299, 200, clip).resized).toEqual({ width: 334, height: 224 }); // 334.88 -> 334
  });

  it('centres the crop with floor offsets', () => {
    expect(computeResizeGeometry(2000, 300, clip).crop).toEqual({ left: 634, top: 0, width: 224, height: 224 });
    expect(computeResizeGeometry(200, 301, clip).crop).toEqual({ left: 0, top: 56, width: 224, height: 224 });
  });

  it('resizes square images straight to the crop', () => {
    expect(computeResizeGeometry(500, 500, clip)).toEqual({
      resized: { width: 224, height: 224 },
      crop: { left: 0, top: 0, width: 224, height: 224 },
    });
  });

  it('supports an exact {height, width} size without a crop', () => {
    const g = computeResizeGeometry(640, 480, { resize: { kind: 'exact', width: 256, height: 192 }, crop: null });
    expect(g).toEqual({ resized: { width: 256, height: 192 }, crop: { left: 0, top: 0, width: 256, height: 192 } });
  });

  it('reaches outside the image (to be zero-padded) when the crop is larger than the resized image', () => {
    const g = computeResizeGeometry(300, 300, { resize: { kind: 'shortest-edge', shortestEdge: 223 }, crop: { width: 224, height: 224 } });
    expect(g.crop).toEqual({ left: -1, top: -1, width: 224, height: 224 });
  });
});
