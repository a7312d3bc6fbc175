/**
 * Writes folders of photo-like test images (coloured shapes on backgrounds) with known content,
 * drawn by the same renderer that trained models/fixtures/shapes-clip, so search tests can
 * assert what a query should find.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import {
  mulberry32,
  renderSceneRaw,
  sceneCaptions,
  sceneFacts,
  type Background,
  type Caption,
  type SceneObject,
} from '../../tools/fixture-model/render-scene.js';

export type PhotoFormat = 'jpeg' | 'png' | 'webp';

export interface RenderPhotoFolderOptions {
  count: number;
  seed: number;
  /** Formats to cycle through (default: jpeg only). */
  formats?: readonly PhotoFormat[];
  /** Range of the long side in pixels (default 640..2000); aspect ratios are camera-like. */
  sizes?: readonly [number, number];
  /** Store some JPEGs rotated with an EXIF orientation (3, 6 or 8) that makes them upright again. */
  exifRotate?: boolean;
  /** At most this many objects per photo (1-3, default 3). */
  maxObjects?: number;
}

export interface RenderedPhoto {
  path: string;
  /** One caption picked by the seed; `captions` lists every caption true of the photo. */
  caption: string;
  captions: Caption[];
  objects: SceneObject[];
  background: Background;
  /** Facts true of the photo (`cs:red circle`, `b:night`, `n:2`, ...), see render-scene.ts. */
  facts: string[];
  /** Upright (displayed) size. */
  width: number;
  height: number;
  format: PhotoFormat;
  /** EXIF orientation written to the file (1 = none). */
  orientation: number;
  /** The seed renderScene used for this photo. */
  sceneSeed: number;
}

const ASPECTS = [1, 4 / 3, 3 / 2, 16 / 9] as const;
// Stored pixels are the upright picture turned the opposite way of what the tag asks a viewer to do.
const STORE_ROTATION: Record<number, number> = { 3: 180, 6: 270, 8: 90 };

interface PhotoPlan {
  i: number;
  sceneSeed: number;
  width: number;
  height: number;
  format: PhotoFormat;
  quality: number;
  orientation: number;
  captionRoll: number;
}

async function renderPhoto(dir: string, plan: PhotoPlan, maxObjects: number): Promise<RenderedPhoto> {
  const { i, sceneSeed, width, height, format, quality, orientation } = plan;
  const { raw, objects, background } = await renderSceneRaw(sceneSeed, width, height, maxObjects);
  let img = sharp(raw, { raw: { width, height, channels: 3 } });
  const storeRotation = STORE_ROTATION[orientation];
  if (storeRotation !== undefined) img = img.rotate(storeRotation).withMetadata({ orientation });
  const name = `photo-${String(i).padStart(4, '0')}.${format === 'jpeg' ? 'jpg' : format}`;
  const path = join(dir, name);
  const buffer =
    format === 'jpeg'
      ? await img.jpeg({ quality }).toBuffer()
      : format === 'webp'
        ? await img.webp({ quality }).toBuffer()
        : await img.png({ compressionLevel: 3 }).toBuffer();
  await writeFile(path, buffer);
  const captions = sceneCaptions(objects, background);
  return {
    path,
    caption: captions[Math.floor(plan.captionRoll * captions.length)]?.text ?? '',
    captions,
    objects,
    background,
    facts: sceneFacts(objects, background),
    width,
    height,
    format,
    orientation,
    sceneSeed,
  };
}

export async function renderPhotoFolder(
  dir: string,
  options: RenderPhotoFolderOptions,
): Promise<RenderedPhoto[]> {
  const formats = options.formats ?? ['jpeg'];
  const [minSide, maxSide] = options.sizes ?? [640, 2000];
  await mkdir(dir, { recursive: true });
  const rng = mulberry32(options.seed);
  // Every random draw happens up front, in order, so rendering several photos at once keeps the
  // folder identical for a given seed.
  const plans = Array.from({ length: options.count }, (_, i) => {
    const sceneSeed = Math.floor(rng() * 2 ** 31);
    const long = Math.round(minSide + rng() * (maxSide - minSide));
    const aspect = ASPECTS[Math.floor(rng() * ASPECTS.length)] ?? 1;
    const portrait = rng() < 0.3;
    const short = Math.round(long / aspect);
    const format = formats[i % formats.length] ?? 'jpeg';
    const quality = Math.round(70 + rng() * 25);
    const orientRoll = rng();
    const orientation =
      options.exifRotate && format === 'jpeg' && orientRoll < 0.5 ? ([3, 6, 8] as const)[Math.floor(orientRoll * 6)] ?? 6 : 1;
    const captionRoll = rng();
    return { i, sceneSeed, width: portrait ? short : long, height: portrait ? long : short, format, quality, orientation, captionRoll };
  });
  const photos: RenderedPhoto[] = new Array<RenderedPhoto>(plans.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let plan = plans[next++]; plan; plan = plans[next++]) photos[plan.i] = await renderPhoto(dir, plan, options.maxObjects ?? 3);
  };
  // sharp rasterises off the main thread: a few photos in flight use both cores.
  await Promise.all([worker(), worker(), worker()]);
  return photos;
}
