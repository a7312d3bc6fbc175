/**
 * CLIP text tokenizer: tokenizer.json through @huggingface/tokenizers (pure JS, matches the Rust
 * tokenizer on every reference text once lowercasing is done per character), plus the
 * truncation and padding the library does not do (ml-notes.md, "Tokenizer").
 * Must not import onnxruntime or sharp.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { padIds, specialTokenId, truncateKeepingLast } from '../token-ids.js';
import { lowercasePerCharacter, normalizerLowercases } from './lowercase-per-character.js';

export interface ClipTokenizerOptions {
  /** Longest sequence the text tower accepts, from config.json (CLIP: 77). */
  contextLength: number;
  /** End-of-text token text (tokenizer_config.json eos_token); default: the last id of an empty encoding. */
  eosToken?: string;
  /** Padding token text (tokenizer_config.json pad_token); default: the EOS token. */
  padToken?: string;
  /** tokenizer_config.json as read, handed to the library for its own options. */
  tokenizerConfig?: Record<string, unknown>;
}

export class ClipTokenizer {
  readonly contextLength: number;
  readonly eosId: number;
  readonly padId: number;
  readonly #tokenizer: Tokenizer;
  readonly #lowercase: boolean;

  /** Throws a plain Error with the reason when tokenizer.json or a special token is unusable. */
  constructor(tokenizerJson: { normalizer?: unknown }, options: ClipTokenizerOptions) {
    this.#tokenizer = new Tokenizer(tokenizerJson, options.tokenizerConfig ?? {});
    this.#lowercase = normalizerLowercases(tokenizerJson.normalizer);
    this.contextLength = options.contextLength;
    const empty = this.#tokenizer.encode('').ids;
    const lastOfEmpty = empty[empty.length - 1];
    this.eosId = options.eosToken !== undefined ? specialTokenId(this.#tokenizer, options.eosToken, 'eos_token') : required(lastOfEmpty);
    this.padId = options.padToken !== undefined ? specialTokenId(this.#tokenizer, options.padToken, 'pad_token') : this.eosId;
  }

  /**
   * Ids with start/end tokens, truncated CLIP's way: EOS stays last, because CLIP pools the
   * text at the EOS position (transformers.js drops it, which gives garbage for long queries).
   */
  tokenize(text: string): number[] {
    const input = this.#lowercase ? lowercasePerCharacter(text) : text;
    const ids = this.#tokenizer.encode(input).ids;
    return truncateKeepingLast(ids, this.contextLength, this.eosId);
  }

  /** `ids` padded with the pad id to `length` (>= ids.length). */
  pad(ids: readonly number[], length: number): number[] {
    return padIds(ids, length, this.padId);
  }

}

function required(id: number | undefined): number {
  if (id === undefined) throw new Error('the tokenizer adds no end-of-text token');
  return id;
}
