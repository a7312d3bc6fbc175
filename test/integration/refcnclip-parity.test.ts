/**
 * Parity of Chinese-CLIP through the product path (`recollect embed --tokens --json`, the code the
 * indexer and search run) with the reference implementation (OFA-Sys cn_clip, torch) on
 * ../shared/reference-models/refcnclip-a, a tiny random-weight Chinese-CLIP with the real 21,128-token
 * BERT-Chinese vocabulary. Bars from its README: token ids equal for every reference text, text
 * cosine >= 0.99999, image cosine >= 0.9999, through both ONNX layouts (two tower files; the
 * combined onnx/model.onnx the published exports ship). Each layout gets a temporary folder of
 * symlinks holding only its ONNX files, so the loader cannot pick the other one.
 * The reference files are not committed (derived from public data); they live in ../shared.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readModelFolder } from '../../electron/core/embed/read-model-folder.js';
import { cosineSimilarity } from '../../electron/core/embed/vector-math.js';
import { jsonOf, runCli } from '../helpers/cli-process.js';
import { SHARED_DIR } from '../helpers/test-model.js';

const MODEL_DIR = path.join(SHARED_DIR, 'reference-models/refcnclip-a');
const REFERENCE_FILE = path.join(MODEL_DIR, 'reference.json');
const available = existsSync(REFERENCE_FILE);
if (!available) {
  console.warn(`refcnclip-a parity tests skipped: ${REFERENCE_FILE} not found (shared reference models are not in the repository).`);
}

const TEXT_BAR = 0.99999;
const IMAGE_BAR = 0.9999;
const CONTEXT = 52;
const SEP = 102;
const PAD = 0;

const referenceSchema = z.object({
  texts: z.array(
    z.object({ text: z.string(), ids: z.array(z.number()), ids_padded52: z.array(z.number()), text_embeds: z.array(z.number()) }),
  ),
  tokenizer_cases: z.array(
    z.object({
      text: z.string(),
      ids: z.array(z.number()),
      agree: z.boolean(),
      js_ids: z.array(z.number()).optional(),
      reason: z.string().optional(),
    }),
  ),
  images: z.array(z.object({ file: z.string(), image_embeds: z.array(z.number()), cos_if_short_side_crop: z.number() })),
});
type Reference = z.infer<typeof referenceSchema>;

const embedSchema = z.object({
  model: z.string(),
  dim: z.number(),
  device: z.string(),
  items: z.array(z.object({ input: z.string(), vector: z.array(z.number()), ids: z.array(z.number()).optional() })),
});
type EmbedJson = z.infer<typeof embedSchema>;

/** What cn_clip feeds, unpadded: `[CLS]` + tokens[:50] + `[SEP]` (README: ids_padded52 without the zeros). */
function fedIds(t: Reference['texts'][number]): number[] {
  return t.ids_padded52.filter((id) => id !== PAD);
}

const LAYOUTS = {
  towers: ['onnx/text_model.onnx', 'onnx/vision_model.onnx'],
  combined: ['onnx/model.onnx'],
} as const;
type Layout = keyof typeof LAYOUTS;

/** A folder of symlinks to refcnclip-a with every non-ONNX file and only `layout`'s ONNX files. */
async function layoutFolder(root: string, layout: Layout): Promise<string> {
  const dir = path.join(root, layout);
  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  for (const entry of await readdir(MODEL_DIR, { withFileTypes: true })) {
    if (entry.isFile()) await symlink(path.join(MODEL_DIR, entry.name), path.join(dir, entry.name));
  }
  for (const file of LAYOUTS[layout]) await symlink(path.join(MODEL_DIR, file), path.join(dir, file));
  return dir;
}

/** The id the product stamps for these ONNX files (model-id.ts), computed here independently. */
async function expectedModelId(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) hash.update(await readFile(path.join(MODEL_DIR, file)));
  return `onnx-${hash.digest('hex').slice(0, 12)}`;
}

function worst(cosines: readonly number[], labels: readonly string[]): { cosine: number; label: string } {
  let i = 0;
  cosines.forEach((c, j) => {
    if (c < (cosines[i] ?? Infinity)) i = j;
  });
  return { cosine: cosines[i] ?? NaN, label: labels[i] ?? '' };
}

describe.skipIf(!available)('refcnclip-a (Chinese-CLIP) parity through `recollect embed`', () => {
  let ref: Reference;
  let workDir: string;

  beforeAll(async () => {
    ref = referenceSchema.parse(JSON.parse(readFileSync(REFERENCE_FILE, 'utf8')));
    workDir = await mkdtemp(path.join(os.tmpdir(), 'recollect-refcnclip-'));
  });
  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('holds texts longer than the context, a transparent PNG and an EXIF-rotated JPEG (what the bars exercise)', () => {
    expect(ref.texts.filter((t) => t.ids.length > CONTEXT).length).toBeGreaterThanOrEqual(2);
    expect(ref.images.map((i) => i.file)).toEqual(expect.arrayContaining(['cn_alpha.png', 'cn_exif6.jpg', 'a_tiny.png']));
    // The squash is what the config asks for: a centre crop would miss the bar on every image.
    for (const im of ref.images) expect(im.cos_if_short_side_crop, im.file).toBeLessThan(IMAGE_BAR);
  });

  describe.each(Object.keys(LAYOUTS).filter((k): k is Layout => k in LAYOUTS))('%s layout', (layout) => {
    let out: EmbedJson;

    beforeAll(async () => {
      const dir = await layoutFolder(workDir, layout);
      const args = ['embed', '--model', dir, '--device', 'cpu', '--threads', '1', '--tokens', '--json'];
      for (const t of ref.texts) args.push('--text', t.text);
      for (const im of ref.images) args.push('--image', path.join(MODEL_DIR, 'images', im.file));
      out = embedSchema.parse(jsonOf(await runCli(args)));
    }, 120_000);

    it('loads the layout it was given (the model id hashes exactly those ONNX files)', async () => {
      const files = layout === 'towers' ? ['onnx/vision_model.onnx', 'onnx/text_model.onnx'] : ['onnx/model.onnx'];
      expect(out.model).toBe(await expectedModelId(files));
      expect(out.dim).toBe(32);
      expect(out.items).toHaveLength(ref.texts.length + ref.images.length);
    });

    it('gives the reference token ids for every text, truncated to 52 with [SEP] kept last', () => {
      let mismatches = 0;
      ref.texts.forEach((t, i) => {
        const ids = out.items[i]?.ids;
        if (JSON.stringify(ids) !== JSON.stringify(fedIds(t))) mismatches++;
        expect(ids, JSON.stringify(t.text)).toEqual(fedIds(t));
        if (t.ids.length > CONTEXT) {
          expect(ids).toHaveLength(CONTEXT);
          expect(ids?.at(-1)).toBe(SEP);
        } else {
          expect(ids).toEqual(t.ids);
        }
      });
      console.log(`refcnclip-a ${layout}: token id mismatches ${mismatches}/${ref.texts.length}`);
    });

    it(`embeds every text with cosine >= ${TEXT_BAR}`, () => {
      const cosines = ref.texts.map((t, i) => cosineSimilarity(out.items[i]?.vector ?? [], t.text_embeds));
      const w = worst(cosines, ref.texts.map((t) => t.text));
      console.log(`refcnclip-a ${layout}: ${ref.texts.length} texts, worst cosine ${w.cosine.toFixed(12)} (${JSON.stringify(w.label.slice(0, 30))})`);
      expect(w.cosine).toBeGreaterThanOrEqual(TEXT_BAR);
      for (const item of out.items) expect(Math.hypot(...item.vector)).toBeCloseTo(1, 5);
    });

    it(`embeds every image with cosine >= ${IMAGE_BAR} (squash, alpha dropped before resizing, EXIF applied)`, () => {
      const offset = ref.texts.length;
      const cosines = ref.images.map((im, i) => cosineSimilarity(out.items[offset + i]?.vector ?? [], im.image_embeds));
      cosines.forEach((c, i) => console.log(`refcnclip-a ${layout}: image ${ref.images[i]?.file} cosine ${c.toFixed(8)}`));
      const w = worst(cosines, ref.images.map((im) => im.file));
      console.log(`refcnclip-a ${layout}: ${ref.images.length} images, worst cosine ${w.cosine.toFixed(8)} (${w.label})`);
      expect(w.cosine).toBeGreaterThanOrEqual(IMAGE_BAR);
    });
  });

  it('tokenizes every tokenizer case cn_clip agrees on to its ids, and the documented 4 to the tokenizer.json ids', async () => {
    const { tokenizer } = await readModelFolder(MODEL_DIR, false);
    const cut = (ids: readonly number[]): number[] => (ids.length > CONTEXT ? [...ids.slice(0, CONTEXT - 1), SEP] : [...ids]);
    let agreeing = 0;
    for (const c of ref.tokenizer_cases) {
      const expected = c.agree ? c.ids : c.js_ids;
      expect(expected, `case ${JSON.stringify(c.text)} has no ids to compare`).toBeDefined();
      expect(tokenizer.tokenize(c.text), `${JSON.stringify(c.text)} ${c.reason ?? ''}`).toEqual(cut(expected ?? []));
      if (c.agree) agreeing++;
    }
    console.log(`refcnclip-a tokenizer cases: ${agreeing} equal to cn_clip, ${ref.tokenizer_cases.length - agreeing} equal to the documented tokenizer.json ids`);
    expect(agreeing).toBe(86);
  });

  it('pads every reference text exactly like ids_padded52', async () => {
    const { tokenizer } = await readModelFolder(MODEL_DIR, false);
    for (const t of ref.texts) expect(tokenizer.pad(tokenizer.tokenize(t.text), CONTEXT), JSON.stringify(t.text)).toEqual(t.ids_padded52);
  });
});
