/**
 * Parity through the CLI seam (`recollect embed --json --tokens`), i.e. the exact code the indexer
 * and search run, against refclip-a's reference values computed by Hugging Face transformers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cosineSimilarity } from '../../electron/core/embed/vector-math.js';
import { jsonOf, runCli } from '../helpers/cli-process.js';
import { REFCLIP_DIR } from '../helpers/test-model.js';

interface Reference {
  texts: { text: string; ids: number[]; text_embeds: number[] }[];
  images: { file: string; image_embeds: number[] }[];
}
interface EmbedJson {
  model: string;
  dim: number;
  device: string;
  items: { input: string; vector: number[]; ids?: number[] }[];
}

const refFile = path.join(REFCLIP_DIR, 'reference.json');
const have = fs.existsSync(refFile);
if (!have) console.warn(`cli-embed-parity: skipped, no reference model at ${REFCLIP_DIR} (it sits beside the clone in CI)`);

const cosine = cosineSimilarity;

describe.skipIf(!have)('recollect embed matches the reference implementation', () => {
  it('token ids equal, text cosine >= 0.99999, image cosine >= 0.9999 (fp32)', async () => {
    const ref = JSON.parse(fs.readFileSync(refFile, 'utf8')) as Reference;
    const args = ['embed', '--model', REFCLIP_DIR, '--device', 'cpu', '--tokens', '--json'];
    for (const t of ref.texts) args.push('--text', t.text);
    for (const im of ref.images) args.push('--image', path.join(REFCLIP_DIR, 'images', im.file));
    const out = jsonOf<EmbedJson>(await runCli(args));
    expect(out.items).toHaveLength(ref.texts.length + ref.images.length);
    let worstText = 1;
    ref.texts.forEach((t, i) => {
      const item = out.items[i];
      const expectedIds = t.ids.length > 77 ? [...t.ids.slice(0, 76), t.ids[t.ids.length - 1] ?? 0] : t.ids;
      expect(item?.ids, t.text).toEqual(expectedIds);
      const norm = Math.hypot(...(item?.vector ?? []));
      expect(norm).toBeCloseTo(1, 5);
      worstText = Math.min(worstText, cosine(item?.vector ?? [], t.text_embeds));
    });
    let worstImage = 1;
    ref.images.forEach((im, i) => {
      worstImage = Math.min(worstImage, cosine(out.items[ref.texts.length + i]?.vector ?? [], im.image_embeds));
    });
    console.log(`embed CLI parity: ${ref.texts.length} texts (worst cosine ${worstText.toFixed(7)}), ${ref.images.length} images (worst ${worstImage.toFixed(7)})`);
    expect(worstText).toBeGreaterThanOrEqual(0.99999);
    expect(worstImage).toBeGreaterThanOrEqual(0.9999);
  });

  it('the quantized model agrees with the fp32 reference within 0.999', async () => {
    const ref = JSON.parse(fs.readFileSync(refFile, 'utf8')) as Reference;
    const args = ['embed', '--model', REFCLIP_DIR, '--device', 'cpu', '--quantized', '--json'];
    for (const t of ref.texts.slice(0, 5)) args.push('--text', t.text);
    for (const im of ref.images) args.push('--image', path.join(REFCLIP_DIR, 'images', im.file));
    const out = jsonOf<EmbedJson>(await runCli(args));
    expect(out.model).toMatch(/q8|quant/i);
    const refs = [...ref.texts.slice(0, 5).map((t) => t.text_embeds), ...ref.images.map((im) => im.image_embeds)];
    const worst = Math.min(...refs.map((r, i) => cosine(out.items[i]?.vector ?? [], r)));
    console.log(`embed CLI quantized: worst cosine vs fp32 reference ${worst.toFixed(5)}`);
    expect(worst).toBeGreaterThanOrEqual(0.999);
  });
});
