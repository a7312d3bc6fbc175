/**
 * "Image generation server" (id img2img-server): sends the photo and the look to a Stable Diffusion
 * server the user runs on their own computer (AUTOMATIC1111 / Forge / SD.Next, `POST
 * /sdapi/v1/img2img`). Off until settings.url is set; loopback only unless settings.allowHost names
 * the host (img2img/server-address.ts). The result cannot be re-rendered from a recipe (diffusion
 * depends on the server's model), so render() returns null and the host saves the preview.
 */
import sharp from 'sharp';
import { z } from 'zod';
import { CoreError, describeError } from '../../core-error.js';
import { SHARP_INPUT_OPTIONS } from '../../image/sharp-image.js';
import { checkServerAddress } from '../img2img/server-address.js';
import { postImg2img, type Img2imgRequest } from '../img2img/img2img-client.js';
import { sdSize } from '../img2img/sd-size.js';
import type { StyleAvailability, StylePreviewProvider, StylePreviewRequest, StylePreviewResult, StyleProviderContext, StyleProviderFactory } from '../style-provider.js';
import { measureStyleScores } from '../style-result-scores.js';
import { decodeRgb, encodePng, resizeRgb } from '../style-raster.js';
import type { RawRgb } from '../style-network/style-network.js';

export const IMG2IMG_PROVIDER_ID = 'img2img-server';

const settingsSchema = z.object({
  /** e.g. http://127.0.0.1:7860 (AUTOMATIC1111's default port). */
  url: z.string().min(1).optional(),
  /** The one host name (or address) other than this computer the user allows photos to go to. */
  allowHost: z.string().min(1).optional(),
  /** SD on a laptop GPU takes 5-30 s per image; on a CPU minutes. */
  timeoutSeconds: z.number().positive().max(3600).default(180),
  steps: z.number().int().min(1).max(150).default(20),
  negativePrompt: z.string().max(2000).default(''),
  /** Side lengths are rounded to this: 8 is what SD's VAE needs, 64 is safe for every SD model. */
  multiple: z.union([z.literal(8), z.literal(64)]).default(64),
  /** -1 lets the server pick; the recipe records the seed it used. */
  seed: z.number().int().default(-1),
  cfgScale: z.number().min(1).max(30).optional(),
  samplerName: z.string().min(1).optional(),
});
type Img2imgSettings = z.infer<typeof settingsSchema>;

const NOT_CONFIGURED = 'Set the address of your image generation server (for example http://127.0.0.1:7860)';

class Img2imgServerProvider implements StylePreviewProvider {
  readonly id = IMG2IMG_PROVIDER_ID;
  readonly name = 'Image generation server';
  readonly description = 'Stable Diffusion img2img on a server you run on this computer (AUTOMATIC1111, Forge)';
  readonly needs = ['server-url'] as const;

  constructor(private readonly context: StyleProviderContext) {}

  async available(): Promise<StyleAvailability> {
    try {
      await this.server(this.settings());
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: describeError(err) };
    }
  }

  async preview(request: StylePreviewRequest): Promise<StylePreviewResult> {
    const settings = this.settings();
    const server = await this.server(settings);
    request.signal?.throwIfAborted();
    const original = await decodeRgb(request.image, request.size);
    const size = sdSize(original.width, original.height, request.size, settings.multiple);
    const body = await this.requestBody(original, size, request, settings);
    const { init_images: _image, ...sent } = body;
    if (request.strength <= 0) {
      // Strength 0 is the photo unchanged: no reason to send it anywhere.
      return { image: await encodePng(original), recipe: { provider: IMG2IMG_PROVIDER_ID, server: server.origin, ...sent } };
    }
    request.onProgress?.({ fraction: 0.1, stage: `Waiting for the image generation server at ${server.host}` });
    const reply = await postImg2img(server, body, { timeoutMs: settings.timeoutSeconds * 1000, ...(request.signal ? { signal: request.signal } : {}) });
    let styled: RawRgb;
    try {
      styled = await resizeRgb(await decodeRgb(reply.image), original.width, original.height);
    } catch (err) {
      throw new CoreError('STYLE_FAILED', `The image generation server at ${server.origin} sent an image that does not decode (${describeError(err)})`, { cause: err });
    }
    const clip = request.prompt.trim() && this.context.clipModel ? await this.context.clipModel() : undefined;
    const scores = clip ? await measureStyleScores(clip, original, styled, request.prompt) : undefined;
    request.onProgress?.({ fraction: 1, stage: 'Done' });
    return {
      image: await encodePng(styled),
      recipe: { provider: IMG2IMG_PROVIDER_ID, server: server.origin, ...sent, seed: reply.seed ?? body.seed },
      ...(scores ? { scores } : {}),
    };
  }

  render(): Promise<null> {
    return Promise.resolve(null);
  }

  private settings(): Img2imgSettings {
    const parsed = settingsSchema.safeParse(this.context.settings);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CoreError('STYLE_FAILED', `Image generation server settings: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  }

  private async server(settings: Img2imgSettings): Promise<URL> {
    if (!settings.url) throw new CoreError('STYLE_FAILED', NOT_CONFIGURED);
    const check = await checkServerAddress(settings.url, settings.allowHost);
    if (!check.ok) throw new CoreError('STYLE_FAILED', check.reason);
    return check.url;
  }

  /** The API's field names; the photo resized to the SD size (its aspect kept within rounding). */
  private async requestBody(original: RawRgb, size: { width: number; height: number }, request: StylePreviewRequest, settings: Img2imgSettings): Promise<Img2imgRequest> {
    const init = await sharp(original.data, { ...SHARP_INPUT_OPTIONS, raw: { width: original.width, height: original.height, channels: 3 } })
      .resize(size.width, size.height, { fit: 'fill' })
      .png()
      .toBuffer();
    return {
      init_images: [init.toString('base64')],
      prompt: request.prompt,
      negative_prompt: settings.negativePrompt,
      denoising_strength: Math.min(1, Math.max(0, request.strength)),
      steps: settings.steps,
      width: size.width,
      height: size.height,
      seed: settings.seed,
      ...(settings.cfgScale !== undefined ? { cfg_scale: settings.cfgScale } : {}),
      ...(settings.samplerName ? { sampler_name: settings.samplerName } : {}),
    };
  }
}

export const img2imgServerProviderFactory: StyleProviderFactory = {
  id: IMG2IMG_PROVIDER_ID,
  settingFields: [
    { key: 'url', label: 'Server address (on this computer)', placeholder: 'http://127.0.0.1:7860' },
    { key: 'allowHost', label: 'Another computer allowed to receive your photos (host name; empty: none)', placeholder: '' },
  ],
  create: (context) => new Img2imgServerProvider(context),
};
