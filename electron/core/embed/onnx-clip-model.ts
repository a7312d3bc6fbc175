/**
 * A CLIP-family model: its identity (id, name, dim: known without ONNX Runtime), tokenizer and
 * preprocessor, and the two encoders on one execution provider (whatever the family and file
 * layout), whose sessions open on the first encode or openSessions() and the probe runs then
 * (clip-runtime.ts). Assembled by identify-clip-model.ts; owns the sessions and the preprocessor
 * (its upscale workers) from then on and releases them in dispose().
 */
import type { OpenedImage } from '../image/opened-image.js';
import { CoreError } from '../core-error.js';
import { silentLogger, type Logger } from '../logger.js';
import type { ProviderAttempt } from '../onnx/provider-attempt.js';
import type { ClipModel } from './clip-model.js';
import type { ClipRuntime } from './clip-runtime.js';
import type { ImagePreprocessor } from './image-preprocessor.js';
import type { TextTokenizer } from './model-family.js';

/** Texts per text-tower run; search queries come one at a time, album prompts in tens. */
export const TEXT_BATCH_SIZE = 32;

export interface OnnxClipModelParts {
  id: string;
  name: string;
  dir: string;
  dim: number;
  quantized: boolean;
  languages: readonly string[];
  tokenizer: TextTokenizer;
  preprocessor: ImagePreprocessor;
  /** Height and width every preprocessed image has. */
  imageSize: { width: number; height: number };
  /** Opens and probes the sessions (clip-runtime.ts); called on first use, again after a failure. */
  openRuntime: () => Promise<ClipRuntime>;
  /** Releases what openRuntime opened. */
  releaseRuntime: (runtime: ClipRuntime) => Promise<void>;
  logger?: Logger;
}

export class OnnxClipModel implements ClipModel {
  readonly id: string;
  readonly name: string;
  readonly dir: string;
  readonly dim: number;
  readonly quantized: boolean;
  readonly languages: readonly string[];
  readonly #parts: OnnxClipModelParts;
  #runtime: ClipRuntime | null = null;
  #opening: Promise<ClipRuntime> | null = null;
  #disposed = false;

  constructor(parts: OnnxClipModelParts) {
    this.#parts = parts;
    this.id = parts.id;
    this.name = parts.name;
    this.dir = parts.dir;
    this.dim = parts.dim;
    this.quantized = parts.quantized;
    this.languages = parts.languages;
  }

  get device(): string | null {
    return this.#runtime?.device ?? null;
  }

  get providerAttempts(): readonly ProviderAttempt[] {
    return this.#runtime?.attempts ?? [];
  }

  async openSessions(): Promise<void> {
    await this.#open();
  }

  tokenize(text: string): number[] {
    return this.#parts.tokenizer.tokenize(text);
  }

  async encodeTexts(texts: readonly string[]): Promise<Float32Array[]> {
    const { textEncoder } = await this.#open();
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += TEXT_BATCH_SIZE) {
      const ids = texts.slice(i, i + TEXT_BATCH_SIZE).map((t) => this.tokenize(t));
      out.push(...(await textEncoder.encode(ids)));
    }
    return out;
  }

  preprocess(image: OpenedImage): Promise<Float32Array> {
    return this.#parts.preprocessor.preprocess(image);
  }

  async encodeImages(pixels: readonly Float32Array[]): Promise<Float32Array[]> {
    this.#assertOpen();
    const { width, height } = this.#parts.imageSize;
    const bad = pixels.findIndex((p) => p.length !== 3 * width * height);
    if (bad >= 0) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `encodeImages: image ${bad} has ${pixels[bad]?.length} values, expected 3 x ${height} x ${width}; pass the output of preprocess()`,
      );
    }
    const { imageEncoder } = await this.#open();
    return imageEncoder.encode(pixels);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    const runtime = await this.#opening?.catch(() => null);
    await Promise.all([runtime ? this.#parts.releaseRuntime(runtime) : undefined, this.#parts.preprocessor.dispose()]);
  }

  /** The sessions, opened once; a failed open (a broken file, a busy GPU) is tried again by the next call. */
  #open(): Promise<ClipRuntime> {
    this.#assertOpen();
    if (this.#opening) return this.#opening;
    const started = performance.now();
    const logger = this.#parts.logger ?? silentLogger;
    this.#opening = this.#parts.openRuntime().then(
      (runtime) => {
        this.#runtime = runtime;
        logger.info('model sessions opened', { id: this.id, device: runtime.device, ms: Math.round(performance.now() - started) });
        return runtime;
      },
      (err: unknown) => {
        this.#opening = null;
        throw err;
      },
    );
    return this.#opening;
  }

  #assertOpen(): void {
    if (this.#disposed) throw new CoreError('INTERNAL', `model ${this.id} was used after dispose()`);
  }
}
