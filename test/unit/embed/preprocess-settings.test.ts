import { describe, expect, it } from 'vitest';
import { preprocessorConfigSchema, toPreprocessSettings } from '../../../electron/core/embed/preprocess-settings.js';

const settingsOf = (json: unknown) => toPreprocessSettings(preprocessorConfigSchema.parse(json));
const CLIP = {
  size: { shortest_edge: 224 },
  crop_size: { height: 224, width: 224 },
  image_mean: [0.48145466, 0.4578275, 0.40821073],
  image_std: [0.26862954, 0.26130258, 0.27577711],
  rescale_factor: 0.00392156862745098,
  resample: 3,
};

describe('preprocessor_config.json -> settings', () => {
  it('reads a transformers.js CLIP config', () => {
    expect(settingsOf(CLIP)).toEqual({
      resize: { kind: 'shortest-edge', shortestEdge: 224 },
      kernel: 'cubic',
      crop: { width: 224, height: 224 },
      rescaleFactor: CLIP.rescale_factor,
      mean: CLIP.image_mean,
      std: CLIP.image_std,
    });
  });

  it('accepts the older bare-number size and crop_size', () => {
    expect(settingsOf({ ...CLIP, size: 336, crop_size: 336 })).toMatchObject({
      resize: { kind: 'shortest-edge', shortestEdge: 336 },
      crop: { width: 336, height: 336 },
    });
  });

  it('accepts an exact {height, width} size without a crop', () => {
    expect(settingsOf({ ...CLIP, size: { height: 256, width: 320 }, do_center_crop: false })).toMatchObject({
      resize: { kind: 'exact', width: 320, height: 256 },
      crop: null,
    });
  });

  it('honours do_normalize, do_rescale and do_resize being false', () => {
    expect(settingsOf({ ...CLIP, do_normalize: false, do_rescale: false, do_resize: false })).toMatchObject({
      resize: null,
      rescaleFactor: 1,
      mean: [0, 0, 0],
      std: [1, 1, 1],
    });
  });

  it('explains what is missing instead of assuming CLIP constants', () => {
    expect(settingsOf({ ...CLIP, image_mean: undefined })).toMatch(/image_mean/);
    expect(settingsOf({ ...CLIP, crop_size: undefined })).toMatch(/crop_size is missing/);
    expect(settingsOf({ ...CLIP, resample: 5 })).toMatch(/resample 5/);
    expect(settingsOf({ ...CLIP, size: { shortest_edge: 224 }, do_center_crop: false })).toMatch(/fixes the input size/);
  });

  it('rejects a non-positive std at parse time', () => {
    expect(preprocessorConfigSchema.safeParse({ ...CLIP, image_std: [0.2, 0, 0.2] }).success).toBe(false);
  });
});
