/**
 * What a model family (embed/clip/, later Chinese-CLIP, ...) supplies to load a folder: its
 * tokenizer and how its towers are fed. Everything else (folder files, preprocessing, sessions,
 * provider selection, the combined graph) is shared. Chosen by config.json `model_type`
 * (model-families.ts). Types only.
 */
import type { InferenceSession } from 'onnxruntime-node';
import type { OnnxSession } from '../onnx/onnx-session.js';
import type { ModelConfig } from './model-config.js';

export interface TextTokenizer {
  /** Token ids exactly as fed to the text tower, unpadded. */
  tokenize(text: string): number[];
  /** Id that pads a batch to its longest sequence. */
  readonly padId: number;
  /** `ids` padded with the pad id to `length` (>= ids.length). */
  pad(ids: readonly number[], length: number): number[];
}

export interface TextTowerEncoder {
  /** The feeds for exactly the inputs the text session lists (ids padded to the longest). */
  feeds(batch: readonly (readonly number[])[]): InferenceSession.FeedsType;
  /** One L2-normalised embedding per id sequence, run as one batch. */
  encode(batch: readonly (readonly number[])[]): Promise<Float32Array[]>;
}

export interface ImageTowerEncoder {
  /** One L2-normalised embedding per preprocessed CHW image, run as one batch. */
  encode(pixels: readonly Float32Array[]): Promise<Float32Array[]>;
}

export interface ModelFamily {
  /** config.json `model_type` this family reads. */
  readonly modelType: string;
  /**
   * Languages its text tower was trained on (ISO 639-1), so search can say when a query is in a
   * language the model does not read (issue 12 item 5). A property of the family's training data,
   * not of a model's name.
   */
  readonly languages: readonly string[];
  /**
   * What "a photo, nothing in particular" is in the words of the family's training captions: the
   * neutral side of the style preview's directional score (StyleGAN-NADA's source text). A folder's
   * config.json may name its own (`recollect_neutral_prompt`, model-config.ts).
   */
  readonly neutralPrompt: string;
  /**
   * Reads and checks the tokenizer files; failures are CoreErrors naming the file. The tokenizer
   * may build itself on its first use (lazy-text-tokenizer.ts) and throw such a CoreError then.
   */
  readTokenizer(dir: string, config: ModelConfig): Promise<TextTokenizer>;
  /** Throws a plain Error with the reason when the session is not this family's text tower. */
  createTextEncoder(session: OnnxSession, options: { tokenizer: TextTokenizer; dim: number }): TextTowerEncoder;
  /** Throws a plain Error with the reason when the session is not this family's vision tower. */
  createImageEncoder(session: OnnxSession, options: { size: { width: number; height: number }; dim: number }): ImageTowerEncoder;
}
