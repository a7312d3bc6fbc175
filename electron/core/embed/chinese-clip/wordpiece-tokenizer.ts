/**
 * BERT WordPiece text tokenizer (Chinese-CLIP's text tower): tokenizer.json through
 * @huggingface/tokenizers, whose BertNormalizer splits every CJK ideograph into its own word,
 * lowercases and strips accents as the file configures, and whose template adds `[CLS] ... [SEP]`.
 * The library neither truncates nor pads, so this does both the way cn_clip's `tokenize()` does:
 * `[CLS]` + tokens[:context - 2] + `[SEP]`, padded with `[PAD]` (refcnclip-a README, "How the
 * app's inputs should be built").
 *
 * Unlike the CLIP tokenizer, no per-character lowercasing happens first: the reference lowercases
 * with Python's `str.lower()` (word-final Σ -> ς, as JS does), and lowercasing before the library
 * would also hide literal added tokens such as `[MASK]` from its added-token match (both measured
 * on refcnclip-a's tokenizer_cases: 2 mismatches with it, 0 without).
 * Must not import onnxruntime or sharp.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { padIds, specialTokenId, truncateKeepingLast } from '../token-ids.js';
import type { TextTokenizer } from '../model-family.js';

export interface WordPieceTokenizerOptions {
  /** Longest id sequence fed to the text tower, [CLS] and [SEP] included (Chinese-CLIP: 52). */
  contextLength: number;
  /** Token that ends every sequence and stays last when truncating (tokenizer_config.json sep_token). */
  sepToken: string;
  /** Token a batch is padded with (tokenizer_config.json pad_token). */
  padToken: string;
  /** tokenizer_config.json as read, handed to the library for its own options. */
  tokenizerConfig?: Record<string, unknown>;
}

export class WordPieceTokenizer implements TextTokenizer {
  readonly contextLength: number;
  readonly sepId: number;
  readonly padId: number;
  readonly #tokenizer: Tokenizer;

  /** Throws a plain Error with the reason when tokenizer.json or a special token is unusable. */
  constructor(tokenizerJson: object, options: WordPieceTokenizerOptions) {
    if (options.contextLength < 2) throw new Error(`context length ${options.contextLength} leaves no room for [CLS] and [SEP]`);
    this.#tokenizer = new Tokenizer(tokenizerJson, options.tokenizerConfig ?? {});
    this.contextLength = options.contextLength;
    this.sepId = specialTokenId(this.#tokenizer, options.sepToken, 'sep_token');
    this.padId = specialTokenId(this.#tokenizer, options.padToken, 'pad_token');
  }

  /** Ids with [CLS] and [SEP], truncated to the context length with [SEP] kept last. */
  tokenize(text: string): number[] {
    const ids = this.#tokenizer.encode(text).ids;
    return truncateKeepingLast(ids, this.contextLength, this.sepId);
  }

  /** `ids` padded with the pad id to `length` (>= ids.length). */
  pad(ids: readonly number[], length: number): number[] {
    return padIds(ids, length, this.padId);
  }

}
