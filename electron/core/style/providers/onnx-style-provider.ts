/**
 * "Style networks" (id onnx-style): runs user-installed image-to-image ONNX networks (fast neural
 * style transfer: [1,3,H,W] float in, same shape out) from the folder in settings.folder (the
 * hosts default it to <app data>/styles). docs/style-preview.md, "ONNX style networks".
 * Previews run at the requested size; render() runs the same style at full size, tiled, with
 * memory bounded by the tile plan (style-network/style-tile-plan.ts).
 */
import { z } from 'zod';
import { CoreError, describeError } from '../../core-error.js';
import { applyStyle } from '../style-network/apply-style.js';
import { chooseStyle, type StyleChoice } from '../style-network/choose-style.js';
import { findStyle, readStyleCatalog, type InstalledStyle, type StyleCatalog } from '../style-network/style-catalog.js';
import type { StyleNetwork } from '../style-network/style-network.js';
import { openStyleNetwork } from '../style-network/open-style-network.js';
import type { RunOptions } from '../style-network/style-network-runner.js';
import type { StyleAvailability, StylePreviewProvider, StylePreviewRequest, StylePreviewResult, StyleProviderContext, StyleProviderFactory } from '../style-provider.js';
import { measureStyleScores } from '../style-result-scores.js';
import { blendIntoStyled, decodeRgb, encodePng } from '../style-raster.js';

export const ONNX_STYLE_PROVIDER_ID = 'onnx-style';

/** Longest edge of the photo used to try each style when choosing by prompt: CLIP reads 224. */
const CHOICE_SAMPLE_SIZE = 224;

const settingsSchema = z.object({
  folder: z.string().min(1).optional(),
  /** The style used when the prompt neither names one nor can be matched (no CLIP model). */
  style: z.string().min(1).optional(),
  /** Tile edge for networks with dynamic H/W; 512 keeps a tile's tensors at 6 MB (16384: no tiling, for comparison). */
  tileSize: z.number().int().min(32).max(16384).default(512),
  /** Pixels shared by neighbouring tiles, feather-blended so seams do not show. */
  overlap: z.number().int().min(0).max(512).default(32),
  threads: z.number().int().min(1).max(64).optional(),
});
type OnnxStyleSettings = z.infer<typeof settingsSchema>;

const recipeSchema = z.object({ style: z.string().min(1), strength: z.number().min(0).max(1).default(1) });

export interface OnnxStyleRecipe extends Record<string, unknown> {
  provider: typeof ONNX_STYLE_PROVIDER_ID;
  style: string;
  name: string;
  strength: number;
  chosenBy: StyleChoice['by'];
  votes?: Record<string, number>;
  inputRange: readonly [number, number];
  outputRange: readonly [number, number];
  rangesFrom: StyleNetwork['rangesFrom'];
}

class OnnxStyleProvider implements StylePreviewProvider {
  readonly id = ONNX_STYLE_PROVIDER_ID;
  readonly name = 'Style networks';
  readonly description = 'Your installed ONNX style networks (fast neural style transfer), chosen by the look you type';
  readonly needs = ['model-file'] as const;
  private readonly networks = new Map<string, Promise<StyleNetwork>>();

  constructor(private readonly context: StyleProviderContext) {}

  async available(): Promise<StyleAvailability> {
    try {
      await this.catalog();
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: describeError(err) };
    }
  }

  async preview(request: StylePreviewRequest): Promise<StylePreviewResult> {
    const settings = this.settings();
    const catalog = await this.catalog();
    request.signal?.throwIfAborted();
    const original = await decodeRgb(request.image, request.size);
    const clip = request.prompt.trim() && this.context.clipModel ? await this.context.clipModel() : undefined;
    request.onProgress?.({ fraction: 0.05, stage: 'Choosing a style' });
    const sample = await decodeRgb(request.image, CHOICE_SAMPLE_SIZE);
    const choice = await chooseStyle({
      catalog,
      prompt: request.prompt,
      ...(settings.style ? { defaultStyle: settings.style } : {}),
      ...(clip ? { clip } : {}),
      styledSample: async (style) => applyStyle(await this.network(style, settings), style, sample, this.runOptions(settings, request.signal)),
    });
    const net = await this.network(choice.style, settings);
    const onTile = (done: number, total: number): void =>
      request.onProgress?.({ fraction: 0.2 + (0.7 * done) / total, stage: `Applying "${choice.style.name}": ${done} of ${total} tiles` });
    const styled = await applyStyle(net, choice.style, original, { ...this.runOptions(settings, request.signal), onTile });
    // The original is still needed for the scores, so blend into the styled copy.
    const result = blendIntoStyled(original, styled, request.strength);
    const scores = clip ? await measureStyleScores(clip, original, result, request.prompt) : undefined;
    request.onProgress?.({ fraction: 1, stage: 'Done' });
    return { image: await encodePng(result), recipe: this.recipe(choice, net, request.strength), ...(scores ? { scores } : {}) };
  }

  async render(image: Buffer, recipe: Record<string, unknown>, signal?: AbortSignal): Promise<Buffer> {
    const parsed = recipeSchema.safeParse(recipe);
    if (!parsed.success) throw new CoreError('INVALID_ARGUMENT', `Not a style-network recipe: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const settings = this.settings();
    const catalog = await this.catalog();
    const style = findStyle(catalog, parsed.data.style);
    if (!style) throw new CoreError('STYLE_FAILED', `The style "${parsed.data.style}" is not installed in ${catalog.folder}`);
    const original = await decodeRgb(image);
    const styled = await applyStyle(await this.network(style, settings), style, original, this.runOptions(settings, signal));
    return encodePng(blendIntoStyled(original, styled, parsed.data.strength));
  }

  async dispose(): Promise<void> {
    const opened = [...this.networks.values()];
    this.networks.clear();
    await Promise.all(opened.map((p) => p.then((net) => net.session.release(), () => undefined)));
  }

  private settings(): OnnxStyleSettings {
    const parsed = settingsSchema.safeParse(this.context.settings);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CoreError('STYLE_FAILED', `Style network settings: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim());
    }
    return parsed.data;
  }

  /** The folder's styles; rejects in words when there is nothing usable. */
  private async catalog(): Promise<StyleCatalog> {
    const { folder } = this.settings();
    if (!folder) throw new CoreError('STYLE_FAILED', 'Choose the folder that holds your style networks (.onnx files)');
    let catalog: StyleCatalog;
    try {
      catalog = await readStyleCatalog(folder);
    } catch (err) {
      const missing = err instanceof Error && 'code' in err && err.code === 'ENOENT';
      throw new CoreError('STYLE_FAILED', `No style models in ${folder}${missing ? ' (the folder does not exist)' : ` (${describeError(err)})`}`, { cause: err });
    }
    if (catalog.styles.length > 0) return catalog;
    const problems = catalog.problems.map((p) => `${p.file}: ${p.reason}`).join('; ');
    throw new CoreError('STYLE_FAILED', problems ? `No usable style models in ${folder}: ${problems}` : `No style models in ${folder}: add name.onnx files (with an optional name.json)`);
  }

  private network(style: InstalledStyle, settings: OnnxStyleSettings): Promise<StyleNetwork> {
    let net = this.networks.get(style.file);
    if (!net) {
      net = openStyleNetwork(style, settings.threads ? { threads: settings.threads } : {});
      this.networks.set(style.file, net);
      // A failed open is not cached: the user may fix or replace the file and try again.
      net.catch(() => this.networks.delete(style.file));
    }
    return net;
  }

  private runOptions(settings: OnnxStyleSettings, signal: AbortSignal | undefined): RunOptions {
    return { tileSize: settings.tileSize, overlap: settings.overlap, ...(signal ? { signal } : {}) };
  }

  private recipe(choice: StyleChoice, net: StyleNetwork, strength: number): OnnxStyleRecipe {
    return {
      provider: ONNX_STYLE_PROVIDER_ID,
      style: choice.style.id,
      name: choice.style.name,
      strength,
      chosenBy: choice.by,
      ...(choice.votes ? { votes: choice.votes } : {}),
      inputRange: net.inputRange,
      outputRange: net.outputRange,
      rangesFrom: net.rangesFrom,
    };
  }
}

export const onnxStyleProviderFactory: StyleProviderFactory = {
  id: ONNX_STYLE_PROVIDER_ID,
  settingFields: [{ key: 'folder', label: 'Folder of style networks (.onnx files)', placeholder: '/home/you/Styles' }],
  create: (context) => new OnnxStyleProvider(context),
};

