/**
 * A CLIP-family model: its identity (id, name, dim: known without ONNX Runtime), tokenizer and
 * preprocessor, and the two encoders (whatever the family and file layout), each tower's session
 * opened on its first use, probe included (clip-runtime.ts): a text search opens only the text
 * tower. Assembled by identify-clip-model.ts; owns the runtime and the preprocessor (its upscale
 * workers) from then on and releases them in dispose().
 */
import type { OpenedImage } from '../image/opened-image.js';
import { CoreError } from '../core-error.js';
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
  neutralPrompt: string;
  tokenizer: TextTokenizer;
  preprocessor: ImagePreprocessor;
  /** Height and width every preprocessed image has. */
  imageSize: { width: number; height: number };
  /** The sessions, each opened and probed on its tower's first use (clip-runtime.ts). */
  runtime: ClipRuntime;
}

export class OnnxClipModel implements ClipModel {
  readonly id: string;
  readonly name: string;
  readonly dir: string;
  readonly dim: number;
  readonly quantized: boolean;
  readonly languages: readonly string[];
  readonly neutralPrompt: string;
  readonly #parts: OnnxClipModelParts;
  #disposed = false;

  constructor(parts: OnnxClipModelParts) {
    this.#parts = parts;
    this.id = parts.id;
    this.name = parts.name;
    this.dir = parts.dir;
    this.dim = parts.dim;
    this.quantized = parts.quantized;
    this.languages = parts.languages;
    this.neutralPrompt = parts.neutralPrompt;
  }

  get device(): string | null {
    return this.#parts.runtime.device;
  }

  get providerAttempts(): readonly ProviderAttempt[] {
    return this.#parts.runtime.attempts;
  }

  get sessionsOpen(): boolean {
    return this.#parts.runtime.complete;
  }

  async openSessions(): Promise<void> {
    this.#assertOpen();
    await this.#parts.runtime.openAll();
  }

  tokenize(text: string): number[] {
    return this.#parts.tokenizer.tokenize(text);
  }

  async encodeTexts(texts: readonly string[]): Promise<Float32Array[]> {
    this.#assertOpen();
    const textEncoder = await this.#parts.runtime.textEncoder();
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
    const imageEncoder = await this.#parts.runtime.imageEncoder();
    return imageEncoder.encode(pixels);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await Promise.all([this.#parts.runtime.release(), this.#parts.preprocessor.dispose()]);
  }

  #assertOpen(): void {
    if (this.#disposed) throw new CoreError('INTERNAL', `model ${this.id} was used after dispose()`);
  }
}
