/**
 * A loaded CLIP-family model: tokenizer + preprocessor + the two encoders on one execution provider
 * (whatever the family and file layout).
 * Assembled by load-clip-model.ts; owns the sessions and the preprocessor (its upscale workers)
 * from then on and releases them in dispose().
 */
import type { OpenedImage } from '../image/opened-image.js';
import { CoreError } from '../core-error.js';
import type { ProviderAttempt } from '../onnx/provider-attempt.js';
import type { ClipModel } from './clip-model.js';
import type { ImagePreprocessor } from './image-preprocessor.js';
import type { ImageTowerEncoder, TextTokenizer, TextTowerEncoder } from './model-family.js';
import { releaseTowerSessions, type TowerSessions } from './tower-sessions.js';

/** Texts per text-tower run; search queries come one at a time, album prompts in tens. */
export const TEXT_BATCH_SIZE = 32;

export interface OnnxClipModelParts {
  id: string;
  name: string;
  dir: string;
  dim: number;
  quantized: boolean;
  device: string;
  providerAttempts: readonly ProviderAttempt[];
  languages: readonly string[];
  tokenizer: TextTokenizer;
  preprocessor: ImagePreprocessor;
  /** Height and width every preprocessed image has. */
  imageSize: { width: number; height: number };
  textEncoder: TextTowerEncoder;
  imageEncoder: ImageTowerEncoder;
  sessions: TowerSessions;
}

export class OnnxClipModel implements ClipModel {
  readonly id: string;
  readonly name: string;
  readonly dir: string;
  readonly dim: number;
  readonly quantized: boolean;
  readonly device: string;
  readonly providerAttempts: readonly ProviderAttempt[];
  readonly languages: readonly string[];
  readonly #parts: OnnxClipModelParts;
  #disposed = false;

  constructor(parts: OnnxClipModelParts) {
    this.#parts = parts;
    this.id = parts.id;
    this.name = parts.name;
    this.dir = parts.dir;
    this.dim = parts.dim;
    this.quantized = parts.quantized;
    this.device = parts.device;
    this.providerAttempts = parts.providerAttempts;
    this.languages = parts.languages;
  }

  tokenize(text: string): number[] {
    return this.#parts.tokenizer.tokenize(text);
  }

  async encodeTexts(texts: readonly string[]): Promise<Float32Array[]> {
    this.#assertOpen();
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += TEXT_BATCH_SIZE) {
      const ids = texts.slice(i, i + TEXT_BATCH_SIZE).map((t) => this.tokenize(t));
      out.push(...(await this.#parts.textEncoder.encode(ids)));
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
    return this.#parts.imageEncoder.encode(pixels);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await Promise.all([releaseTowerSessions(this.#parts.sessions), this.#parts.preprocessor.dispose()]);
  }

  #assertOpen(): void {
    if (this.#disposed) throw new CoreError('INTERNAL', `model ${this.id} was used after dispose()`);
  }
}
