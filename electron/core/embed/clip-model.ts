/**
 * The contract of a loaded CLIP-family model, as the indexer and search see it.
 * Implementation: onnx-clip-model.ts (identify-clip-model.ts, load-clip-model.ts). Must not import store/, scan/ or any host.
 */
import type { OpenedImage } from '../image/opened-image.js';
import type { DeviceChoice } from '../onnx/device-choice.js';
import type { ProviderAttempt } from '../onnx/provider-attempt.js';

/** The neutral prompt of a model that names none (CLIP's own training captions say "a photo"). */
export const DEFAULT_NEUTRAL_PROMPT = 'a photo';

/** The model's neutral prompt (ClipModel.neutralPrompt), or the default when it names none. */
export function neutralPromptOf(model: Pick<ClipModel, 'neutralPrompt'>): string {
  return model.neutralPrompt ?? DEFAULT_NEUTRAL_PROMPT;
}

export interface ClipModel {
  /** Stable id for stamping vectors: same files -> same id wherever the folder lives. */
  readonly id: string;
  /** Human name (folder name or config name). */
  readonly name: string;
  readonly dir: string;
  readonly dim: number;
  readonly quantized: boolean;
  /**
   * Execution provider of the towers open so far: 'cpu' | 'webgpu' | 'dml' | 'coreml'; null while
   * none is (each opens on its first encode, both on openSessions()): nothing is known yet. The
   * second tower follows the first one's provider and falls back to CPU alone if it fails its own
   * self-check there; a GPU is named only while every open tower runs on it (clip-runtime.ts).
   */
  readonly device: string | null;
  /** How each provider fared as the towers opened; empty until one has. */
  readonly providerAttempts: readonly ProviderAttempt[];
  /** True once both towers are open and have passed the output-size probe. */
  readonly sessionsOpen: boolean;
  /** Languages the text tower reads (ISO 639-1, from its family); absent: unknown, nothing is said. */
  readonly languages?: readonly string[];
  /**
   * The neutral text of directional style scores for this model (ModelFamily.neutralPrompt, or the
   * folder's own); absent: "a photo" (DEFAULT_NEUTRAL_PROMPT).
   */
  readonly neutralPrompt?: string;
  /** Token ids exactly as fed to the text model, unpadded (with start/end tokens, truncated). */
  tokenize(text: string): number[];
  /** L2-normalised text embeddings, one per text. */
  encodeTexts(texts: readonly string[]): Promise<Float32Array[]>;
  /** CHW float32 pixel values for one image, per preprocessor_config.json. */
  preprocess(image: OpenedImage): Promise<Float32Array>;
  /** L2-normalised image embeddings for preprocessed inputs, run as one batch. */
  encodeImages(pixels: readonly Float32Array[]): Promise<Float32Array[]>;
  /**
   * Opens both towers' sessions now, provider self-check and output-size probe included: what the
   * first encodeTexts and encodeImages do for their own tower. Rejects with the folder's error
   * (MODEL_INVALID naming the ONNX file); a later call tries again.
   */
  openSessions(): Promise<void>;
  dispose(): Promise<void>;
}

export interface LoadModelOptions {
  device?: DeviceChoice;
  /** Intra-op threads for the CPU provider; default: ORT's choice. */
  threads?: number;
  /** Use onnx/*_quantized.onnx instead of the fp32 files. */
  quantized?: boolean;
  /** Worker threads that upscale small photos (upscale-pool.ts); default from the core count; 0: none, on the calling thread. */
  upscaleWorkers?: number;
  /** Remembers the ONNX files' hash by their stat (model-hash-cache.ts); absent: hashed on every load. */
  hashCache?: { hashFiles(files: readonly string[]): Promise<string> };
}
