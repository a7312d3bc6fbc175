import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImagePreprocessor } from '../../../electron/core/embed/image-preprocessor.js';
import { UpscalePool } from '../../../electron/core/embed/upscale-pool.js';
import { MemoryLogger } from '../../../electron/core/logger.js';
import type { PreprocessSettings } from '../../../electron/core/embed/preprocess-settings.js';
import type { OpenedImage } from '../../../electron/core/image/opened-image.js';

/** Settings that keep raw 0..255 values, so tests can read pixel positions back. */
const raw: PreprocessSettings = {
  resize: { kind: 'shortest-edge', shortestEdge: 224 },
  kernel: 'cubic',
  crop: { width: 224, height: 224 },
  rescaleFactor: 1,
  mean: [0, 0, 0],
  std: [1, 1, 1],
};

/** An in-memory image whose red channel encodes x and green encodes y (mod 256). */
function coordinateImage(width: number, height: number): OpenedImage {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = x % 256;
      data[i + 1] = y % 256;
      data[i + 2] = 128;
    }
  }
  return solidOrRaw(data, width, height);
}

function solidOrRaw(data: Buffer, width: number, height: number): OpenedImage {
  return {
    path: 'memory.raw',
    format: 'png',
    width,
    height,
    multiFrame: false,
    pipeline: () => sharp(data, { raw: { width, height, channels: 3 } }),
  };
}

const at = (chw: Float32Array, c: number, x: number, y: number): number => chw[c * 224 * 224 + y * 224 + x] ?? NaN;

describe('ImagePreprocessor', () => {
  it('crops a landscape image at floor((W - 224) / 2) after a no-op resize', async () => {
    const chw = await new ImagePreprocessor(raw).preprocess(coordinateImage(321, 224));
    expect(chw).toHaveLength(3 * 224 * 224);
    expect(at(chw, 0, 0, 0)).toBe(48); // floor(97 / 2)
    expect(at(chw, 0, 223, 0)).toBe((48 + 223) % 256);
    expect(at(chw, 1, 0, 100)).toBe(100);
    expect(at(chw, 2, 5, 5)).toBe(128);
  });

  it('crops a portrait image at floor((H - 224) / 2)', async () => {
    const chw = await new ImagePreprocessor(raw).preprocess(coordinateImage(224, 301));
    expect(at(chw, 1, 0, 0)).toBe(38); // floor(77 / 2)
    expect(at(chw, 0, 17, 0)).toBe(17);
  });

  it('normalises with the configured mean and std, channel by channel (CHW order)', async () => {
    const settings: PreprocessSettings = { ...raw, rescaleFactor: 1 / 255, mean: [0.5, 0.25, 0], std: [0.5, 0.25, 2] };
    const chw = await new ImagePreprocessor(settings).preprocess(coordinateImage(224, 224));
    expect(at(chw, 0, 255 - 224 + 10, 0)).toBeCloseTo(((31 + 10) / 255 - 0.5) / 0.5, 6);
    expect(at(chw, 1, 0, 51)).toBeCloseTo((51 / 255 - 0.25) / 0.25, 6);
    expect(at(chw, 2, 0, 0)).toBeCloseTo(128 / 255 / 2, 6);
  });

  it('upscales a tiny image to the full input size, keeping a flat colour flat', async () => {
    const data = Buffer.alloc(12 * 9 * 3);
    for (let i = 0; i < data.length; i += 3) data.set([200, 100, 50], i);
    const chw = await new ImagePreprocessor(raw).preprocess(solidOrRaw(data, 12, 9));
    expect(new Set(chw.subarray(0, 224 * 224))).toEqual(new Set([200]));
    expect(new Set(chw.subarray(2 * 224 * 224))).toEqual(new Set([50]));
  });

  it('upscales a long thin image by computing only the kept window', async () => {
    const data = Buffer.alloc(20 * 3000 * 3, 77);
    const started = performance.now();
    const chw = await new ImagePreprocessor(raw).preprocess(solidOrRaw(data, 20, 3000)); // -> 224 x 33600
    expect(performance.now() - started).toBeLessThan(2000);
    expect(new Set(chw)).toEqual(new Set([77]));
  });

  it('zero-pads when the crop is larger than the resized image, as HF center_crop does', async () => {
    const settings: PreprocessSettings = { ...raw, resize: { kind: 'shortest-edge', shortestEdge: 220 } };
    for (const source of [coordinateImage(300, 300), coordinateImage(100, 100)]) {
      // 300 -> 220 downscales with sharp; 100 -> 220 upscales in JS: both pad 2 pixels on each side.
      const chw = await new ImagePreprocessor(settings).preprocess(source);
      expect(at(chw, 2, 0, 0)).toBe(0);
      expect(at(chw, 2, 1, 100)).toBe(0);
      expect(at(chw, 2, 2, 100)).toBeGreaterThan(100); // blue is 128 everywhere in the image
      expect(at(chw, 2, 221, 221)).toBeGreaterThan(100);
      expect(at(chw, 2, 222, 221)).toBe(0);
    }
  });

  it('makes 3 channels from a grey image with alpha', async () => {
    const grey: OpenedImage = {
      ...solidOrRaw(Buffer.alloc(0), 300, 300),
      pipeline: () => sharp({ create: { width: 300, height: 300, channels: 4, background: { r: 90, g: 90, b: 90, alpha: 0.5 } } }).toColourspace('b-w'),
    };
    const chw = await new ImagePreprocessor(raw).preprocess(grey);
    expect(chw).toHaveLength(3 * 224 * 224);
    const rgb = [at(chw, 0, 1, 1), at(chw, 1, 1, 1), at(chw, 2, 1, 1)];
    expect(new Set(rgb).size).toBe(1); // grey replicated, as PIL's convert('RGB') does
    expect(Math.abs((rgb[0] ?? 0) - 90)).toBeLessThanOrEqual(1); // alpha dropped, not composited
  });
  it('drops alpha before resizing, so colour under transparent pixels is kept (PIL convert("RGB") first)', async () => {
    // Left half fully transparent red, right half opaque green. A premultiplied resize (sharp's
    // one-pipeline default) would darken the red half and the seam: refcnclip-a cn_alpha.png 0.986.
    const width = 448;
    const height = 448;
    const rgba = Buffer.alloc(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) rgba.set(x < width / 2 ? [200, 40, 40, 0] : [20, 180, 20, 255], (y * width + x) * 4);
    }
    const png = await sharp(rgba, { raw: { width, height, channels: 4 } }).png().toBuffer();
    const image: OpenedImage = { ...solidOrRaw(Buffer.alloc(0), width, height), pipeline: () => sharp(png) };
    const chw = await new ImagePreprocessor(raw).preprocess(image);
    expect(at(chw, 0, 10, 100)).toBe(200);
    expect(at(chw, 1, 10, 100)).toBe(40);
    expect(at(chw, 1, 200, 100)).toBe(180);
    // At the seam the two colours blend; premultiplied, the red side would fall towards 0.
    expect(at(chw, 0, 111, 100)).toBeGreaterThan(150);
  });

  it('squashes the whole image to {height, width} with no crop when the config says so', async () => {
    const squash: PreprocessSettings = { ...raw, resize: { kind: 'exact', width: 224, height: 224 }, crop: null };
    const chw = await new ImagePreprocessor(squash).preprocess(coordinateImage(448, 224));
    // x is halved (all 448 columns kept), y unchanged: a centre crop would start at x = 112.
    expect(Math.abs(at(chw, 0, 0, 50) - 0)).toBeLessThanOrEqual(1);
    expect(Math.abs(at(chw, 0, 100, 50) - 200)).toBeLessThanOrEqual(2);
    expect(at(chw, 1, 30, 50)).toBe(50);
  });

  describe('with an upscale pool', () => {
    const clip: PreprocessSettings = { ...raw, rescaleFactor: 1 / 255, mean: [0.48145466, 0.4578275, 0.40821073], std: [0.26862954, 0.26130258, 0.27577711] };
    /** A PNG-like decoded photo with pseudo-random pixels, so every output value depends on the resize. */
    const noisyImage = (width: number, height: number): OpenedImage => {
      let seed = width * 7919 + height;
      const data = Buffer.alloc(width * height * 3);
      for (let i = 0; i < data.length; i++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        data[i] = seed >>> 24;
      }
      return solidOrRaw(data, width, height);
    };
    const sizes: [number, number][] = [[1, 1], [12, 9], [7, 5], [31, 200], [200, 3], [150, 113]];
    const same = (a: Float32Array, b: Float32Array): boolean => Buffer.from(a.buffer).equals(Buffer.from(b.buffer));

    it('gives the model the same bytes as upscaling on the calling thread, for sizes from 1 x 1 up', async () => {
      const here = new ImagePreprocessor(clip);
      const pooled = new ImagePreprocessor(clip, { upscalePool: new UpscalePool({ size: 2 }) });
      try {
        const expected = await Promise.all(sizes.map(([w, h]) => here.preprocess(noisyImage(w, h))));
        const got = await Promise.all(sizes.map(([w, h]) => pooled.preprocess(noisyImage(w, h))));
        got.forEach((chw, i) => expect(same(chw, expected[i] ?? new Float32Array()), `${sizes[i]?.join(' x ')}`).toBe(true));
      } finally {
        await pooled.dispose();
      }
    });

    it('gives the same bytes where the crop overhangs the resized image (zero padding)', async () => {
      const padded: PreprocessSettings = { ...clip, resize: { kind: 'shortest-edge', shortestEdge: 220 } };
      const pooled = new ImagePreprocessor(padded, { upscalePool: new UpscalePool({ size: 1 }) });
      try {
        expect(same(await pooled.preprocess(noisyImage(100, 77)), await new ImagePreprocessor(padded).preprocess(noisyImage(100, 77)))).toBe(true);
      } finally {
        await pooled.dispose();
      }
    });

    it('upscales on the calling thread when the worker cannot start, saying so once, losing no photo', async () => {
      const logger = new MemoryLogger();
      const broken = new UpscalePool({ size: 1, source: 'throw new Error("no threads here")' });
      const pooled = new ImagePreprocessor(clip, { upscalePool: broken, logger });
      const here = new ImagePreprocessor(clip);
      const got = await Promise.all(sizes.map(([w, h]) => pooled.preprocess(noisyImage(w, h))));
      got.push(await pooled.preprocess(noisyImage(9, 9)));
      const expected = await Promise.all([...sizes, [9, 9]].map(([w = 1, h = 1]) => here.preprocess(noisyImage(w, h))));
      got.forEach((chw, i) => expect(same(chw, expected[i] ?? new Float32Array()), `photo ${i}`).toBe(true));
      const warnings = logger.entries.filter((e) => e.level === 'warn');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.fields?.reason).toMatch(/no threads here/);
      await pooled.dispose();
    });

    it('still upscales after dispose(), on the calling thread, without a warning', async () => {
      const logger = new MemoryLogger();
      const pooled = new ImagePreprocessor(clip, { upscalePool: new UpscalePool({ size: 1 }), logger });
      const before = await pooled.preprocess(noisyImage(12, 9));
      await pooled.dispose();
      expect(same(await pooled.preprocess(noisyImage(12, 9)), before)).toBe(true);
      expect(logger.entries.filter((e) => e.level === 'warn')).toEqual([]);
    });

    it('reports a broken file as before: the decode error, not a worker error', async () => {
      const pooled = new ImagePreprocessor(clip, { upscalePool: new UpscalePool({ size: 1 }) });
      const broken: OpenedImage = { ...solidOrRaw(Buffer.alloc(0), 12, 9), pipeline: () => sharp(Buffer.from('not an image')) };
      try {
        await expect(pooled.preprocess(broken)).rejects.toThrow(/unsupported image format/);
      } finally {
        await pooled.dispose();
      }
    });
  });
});
