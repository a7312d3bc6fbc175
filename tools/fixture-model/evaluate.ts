/**
 * Measures a CLIP model folder on rendered photos through the product's own code path
 * (openImage -> loadClipModel's preprocess/encode), as the gate test and the build printout do.
 */
import { loadClipModel } from '../../electron/core/embed/load-clip-model.js';
import { openImage } from '../../electron/core/image/open-image.js';
import type { RenderPhotoFolderOptions } from '../../test/helpers/render-photos.js';
import {
  COLOUR_PROMPTS,
  SHAPE_PROMPTS,
  argmax,
  pickQueries,
  precisionAt5,
} from './eval-queries.js';
import { COLOURS, SHAPES, type Colour, type Shape } from './render-scene.js';

/** The held-out photos: a seed the training set never used, camera-like sizes, all formats, EXIF turns. */
export const EVAL_SET = {
  count: 300,
  seed: 20261127,
  formats: ['jpeg', 'png', 'webp'],
  sizes: [640, 1280],
  exifRotate: true,
} as const satisfies RenderPhotoFolderOptions;

export interface EvalPhoto {
  path: string;
  objects: readonly { shape: Shape; colour: Colour }[];
  facts: readonly string[];
}

export interface ModelMeasurement {
  photos: number;
  /** Zero-shot accuracy over the single-object photos. */
  singles: number;
  shapeAcc: number;
  colourAcc: number;
  precisionAt5: number;
  queries: { text: string; precision: number; relevant: number }[];
  seconds: number;
}

const dot = (a: Float32Array, b: Float32Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
};

export async function measureModel(modelDir: string, photos: readonly EvalPhoto[], threads = 2): Promise<ModelMeasurement> {
  const started = performance.now();
  const model = await loadClipModel(modelDir, { device: 'cpu', threads });
  try {
    const images: Float32Array[] = [];
    for (let i = 0; i < photos.length; i += 32) {
      const batch = photos.slice(i, i + 32);
      const pixels = await Promise.all(batch.map(async (p) => model.preprocess(await openImage(p.path))));
      images.push(...(await model.encodeImages(pixels)));
    }
    const singles = photos.flatMap((p, i) => (p.objects.length === 1 ? [i] : []));
    const zeroShot = async (prompts: readonly string[], truth: (p: EvalPhoto) => number): Promise<number> => {
      const texts = await model.encodeTexts(prompts);
      let correct = 0;
      for (const i of singles) {
        const photo = photos[i];
        const image = images[i];
        if (!photo || !image) continue;
        if (argmax(texts.map((t) => dot(t, image))) === truth(photo)) correct++;
      }
      return correct / singles.length;
    };
    const shapeAcc = await zeroShot(SHAPE_PROMPTS, (p) => SHAPES.indexOf(p.objects[0]?.shape ?? 'circle'));
    const colourAcc = await zeroShot(COLOUR_PROMPTS, (p) => COLOURS.indexOf(p.objects[0]?.colour ?? 'red'));
    const picked = pickQueries(photos);
    const queryEmbeds = await model.encodeTexts(picked.map((q) => q.text));
    const queries = picked.map((q, k) => {
      const qe = queryEmbeds[k];
      const scores = images.map((im) => (qe ? dot(qe, im) : 0));
      const ranking = scores.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
      return { text: q.text, precision: precisionAt5(ranking, q.relevant), relevant: q.relevant.length };
    });
    return {
      photos: photos.length,
      singles: singles.length,
      shapeAcc,
      colourAcc,
      precisionAt5: queries.reduce((s, q) => s + q.precision, 0) / queries.length,
      queries,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await model.dispose();
  }
}
