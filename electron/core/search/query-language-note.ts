/**
 * What a search answer says when the query is in a script the active model cannot read: an
 * English-only model (CLIP) turns Chinese, Japanese or Korean words into byte pieces it never
 * learned, so its hits for them are noise, and the user should hear that rather than guess
 * (issue 12 item 5: "say so and offer the multilingual model"). Pure: no I/O.
 */

export interface SearchNote {
  /** Stable, for a UI to act on (e.g. offer the multilingual model). */
  code: 'query-language-unsupported';
  message: string;
}

/** Han ideographs, kana and Hangul: the scripts an English-only tokenizer has no words for. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * A note when `query` holds CJK characters and the model reads English only; null otherwise
 * (also when the model's languages are unknown: nothing is claimed then).
 */
export function queryLanguageNote(query: string, model: { name: string; languages?: readonly string[] }): SearchNote | null {
  const languages = model.languages;
  if (!languages || languages.length === 0 || languages.some((l) => l !== 'en')) return null;
  if (!CJK.test(query)) return null;
  return {
    code: 'query-language-unsupported',
    message:
      `The model answering (${model.name}) reads English only, so the Chinese, Japanese or Korean words in this query are ` +
      'not understood and these results may be unrelated. Search in English, or switch to a multilingual model ' +
      '(Chinese-CLIP reads Chinese and English).',
  };
}
