/**
 * Image preprocessing numbers, read from preprocessor_config.json (conventions.md rule 9: never
 * hard-code CLIP constants). Mirrors the flags of Hugging Face's CLIPImageProcessor, whose defaults
 * apply when a flag is absent. Pure: no I/O, no sharp.
 */
import { z } from 'zod';

export type ResizeRule =
  | { kind: 'shortest-edge'; shortestEdge: number }
  | { kind: 'exact'; width: number; height: number };

/** sharp kernels matching PIL's resample codes (PIL.Image.Resampling). */
export type ResizeKernel = 'nearest' | 'linear' | 'cubic' | 'lanczos3';

export interface PreprocessSettings {
  /** null when do_resize is false. */
  resize: ResizeRule | null;
  kernel: ResizeKernel;
  /** null when do_center_crop is false. */
  crop: { width: number; height: number } | null;
  /** Multiplier applied to 0..255 values; 1 when do_rescale is false. */
  rescaleFactor: number;
  /** Per-channel (R, G, B) mean/std; identity when do_normalize is false. */
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

const positiveInt = z.number().int().positive();
const triple = z.tuple([z.number(), z.number(), z.number()]);
/** `size`/`crop_size` come as a bare number (older CLIP configs) or an object. */
const sizeField = z.union([
  positiveInt,
  z.object({ shortest_edge: positiveInt }),
  z.object({ height: positiveInt, width: positiveInt }),
]);

export const preprocessorConfigSchema = z
  .object({
    do_resize: z.boolean().default(true),
    size: sizeField.optional(),
    resample: z.number().int().default(3),
    do_center_crop: z.boolean().default(true),
    crop_size: sizeField.optional(),
    do_rescale: z.boolean().default(true),
    rescale_factor: z.number().positive().default(1 / 255),
    do_normalize: z.boolean().default(true),
    image_mean: triple.optional(),
    image_std: triple.refine((s) => s.every((v) => v > 0), 'image_std must be positive').optional(),
  })
  .loose();

export type PreprocessorConfig = z.output<typeof preprocessorConfigSchema>;

const PIL_RESAMPLE: Record<number, ResizeKernel> = { 0: 'nearest', 1: 'lanczos3', 2: 'linear', 3: 'cubic' };

/** Turns a validated config into settings, or returns the reason it cannot be used. */
export function toPreprocessSettings(config: PreprocessorConfig): PreprocessSettings | string {
  const kernel = PIL_RESAMPLE[config.resample];
  if (!kernel) return `resample ${config.resample} is not supported (use 0, 1, 2 or 3)`;
  let resize: ResizeRule | null = null;
  if (config.do_resize) {
    if (config.size === undefined) return 'do_resize is true but size is missing';
    resize = toResizeRule(config.size);
  }
  let crop: PreprocessSettings['crop'] = null;
  if (config.do_center_crop) {
    if (config.crop_size === undefined) return 'do_center_crop is true but crop_size is missing';
    const c = config.crop_size;
    if (typeof c === 'number') crop = { width: c, height: c };
    else if ('height' in c) crop = { width: c.width, height: c.height };
    else return 'crop_size must be a number or {height, width}';
  }
  if (!crop && resize?.kind !== 'exact') {
    // Without a crop or an exact resize, every photo would give a different tensor shape.
    return 'neither do_center_crop nor an exact {height, width} size fixes the input size';
  }
  let mean: PreprocessSettings['mean'] = [0, 0, 0];
  let std: PreprocessSettings['std'] = [1, 1, 1];
  if (config.do_normalize) {
    if (!config.image_mean || !config.image_std) return 'do_normalize is true but image_mean/image_std are missing';
    mean = config.image_mean;
    std = config.image_std;
  }
  return { resize, kernel, crop, rescaleFactor: config.do_rescale ? config.rescale_factor : 1, mean, std };
}

function toResizeRule(size: z.output<typeof sizeField>): ResizeRule {
  if (typeof size === 'number') return { kind: 'shortest-edge', shortestEdge: size };
  if ('shortest_edge' in size) return { kind: 'shortest-edge', shortestEdge: size.shortest_edge };
  return { kind: 'exact', width: size.width, height: size.height };
}

/** Height and width of the tensor every image becomes. */
export function inputSize(settings: PreprocessSettings): { width: number; height: number } {
  if (settings.crop) return settings.crop;
  if (settings.resize?.kind === 'exact') return { width: settings.resize.width, height: settings.resize.height };
  throw new Error('unreachable: toPreprocessSettings guarantees a fixed input size');
}
