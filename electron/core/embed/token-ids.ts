/**
 * Token-id steps every text family shares (CLIP's BPE and Chinese-CLIP's WordPiece alike): the
 * id of a special token, truncation that keeps the closing token last (both models pool at or
 * read past it), and padding. Must not import onnxruntime or sharp.
 */
import type { Tokenizer } from '@huggingface/tokenizers';

/** The id of `token`, or a refusal naming its role ("eos_token", "sep_token"...). */
export function specialTokenId(tokenizer: Tokenizer, token: string, role: string): number {
  const id = tokenizer.token_to_id(token);
  if (id === undefined) throw new Error(`${role} "${token}" is not in the vocabulary`);
  return id;
}

/** `ids` cut to `contextLength` with `lastId` (EOS / [SEP]) kept as the final token. */
export function truncateKeepingLast(ids: readonly number[], contextLength: number, lastId: number): number[] {
  if (ids.length <= contextLength) return [...ids];
  return [...ids.slice(0, contextLength - 1), lastId];
}

/** `ids` padded with `padId` to `length` (>= ids.length). */
export function padIds(ids: readonly number[], length: number, padId: number): number[] {
  const out = [...ids];
  while (out.length < length) out.push(padId);
  return out;
}
