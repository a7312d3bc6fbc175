/**
 * `recollect embed --model DIR [--text T]... [--image PATH]... [--tokens] --json`
 * Prints { model, dim, device, items: [{ input, vector, ids? }] } with L2-normalised vectors.
 * The parity seam: it runs the very functions the indexer and search run (openImage,
 * model.preprocess, model.encodeImages, model.tokenize, model.encodeTexts).
 */
import { loadClipModel } from '../../core/embed/load-clip-model.js';
import { openImage } from '../../core/image/open-image.js';
import { positiveInt, UsageError } from '../cli-args.js';
import { modelDirFrom, parseDevice, type CliContext } from '../cli-context.js';

interface EmbedItem {
  input: string;
  vector: number[];
  ids?: number[];
}

export async function runEmbed(ctx: CliContext): Promise<void> {
  const dir = modelDirFrom(ctx);
  if (!dir) throw new UsageError('embed needs --model <folder>');
  const texts = ctx.flags.text ?? [];
  const images = ctx.flags.image ?? [];
  if (texts.length + images.length === 0) throw new UsageError('embed needs at least one --text or --image');
  const model = await loadClipModel(
    dir,
    { device: parseDevice(ctx.flags.device) ?? 'auto', threads: positiveInt(ctx.flags.threads, '--threads'), quantized: ctx.flags.quantized ?? false },
    ctx.logger,
  );
  try {
    const items: EmbedItem[] = [];
    const textVectors = texts.length > 0 ? await model.encodeTexts(texts) : [];
    texts.forEach((text, i) => {
      const item: EmbedItem = { input: text, vector: Array.from(textVectors[i] ?? []) };
      if (ctx.flags.tokens) item.ids = model.tokenize(text);
      items.push(item);
    });
    const pixels = await Promise.all(images.map(async (p) => model.preprocess(await openImage(p))));
    const imageVectors = pixels.length > 0 ? await model.encodeImages(pixels) : [];
    images.forEach((p, i) => items.push({ input: p, vector: Array.from(imageVectors[i] ?? []) }));
    const result = { model: model.id, dim: model.dim, device: model.device, items };
    if (ctx.flags.json) ctx.out(JSON.stringify(result));
    else for (const item of items) ctx.out(`${item.input}: [${item.vector.slice(0, 4).map((v) => v.toFixed(4)).join(', ')}, …] (${model.dim}-d)`);
  } finally {
    await model.dispose();
  }
}
