/**
 * Lowercasing as Hugging Face's Rust tokenizers do it: one character at a time.
 * JS `String.prototype.toLowerCase` applies Unicode's context rule that turns a word-final
 * capital sigma into final sigma (Σ -> ς), Rust's `char::to_lowercase` always gives σ; the
 * token ids differ (ml-notes.md, "Tokenizer"; reference text "ΣΊΣΥΦΟΣ").
 */
export function lowercasePerCharacter(text: string): string {
  let out = '';
  // for..of walks code points, so astral characters are lowercased whole.
  for (const ch of text) out += ch.toLowerCase();
  return out;
}

/** True when tokenizer.json's normalizer (possibly nested in a Sequence) lowercases. */
export function normalizerLowercases(normalizer: unknown): boolean {
  if (typeof normalizer !== 'object' || normalizer === null) return false;
  const n: { type?: unknown; normalizers?: unknown; lowercase?: unknown } = normalizer;
  if (n.type === 'Lowercase') return true;
  if (n.type === 'BertNormalizer') return n.lowercase !== false;
  if (n.type === 'Sequence' && Array.isArray(n.normalizers)) return n.normalizers.some(normalizerLowercases);
  return false;
}
