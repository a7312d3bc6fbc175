/**
 * "dog on a beach -people -\"red car\"" -> positive text + negative terms.
 * A leading '-' on a word (or quoted phrase) makes it a negative term, as in web search.
 * A hyphen inside a word ("black-and-white") is left alone.
 */
export interface ParsedQuery {
  positive: string;
  negatives: string[];
}

const TOKEN = /(-?)"([^"]*)"|(\S+)/g;

export function parseQuery(raw: string): ParsedQuery {
  const positive: string[] = [];
  const negatives: string[] = [];
  for (const m of raw.matchAll(TOKEN)) {
    if (m[2] !== undefined) {
      const phrase = m[2].trim();
      if (!phrase) continue;
      (m[1] === '-' ? negatives : positive).push(phrase);
      continue;
    }
    const word = m[3] ?? '';
    if (word.length > 1 && word.startsWith('-')) negatives.push(word.slice(1));
    else if (word !== '-') positive.push(word);
  }
  return { positive: positive.join(' '), negatives };
}
