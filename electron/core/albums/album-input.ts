/**
 * What a person may type as an album name or prompt, checked before anything is written, each
 * refusal in words (issue 9: empty or 2,000-character prompts, odd names).
 */
import { CoreError } from '../core-error.js';

export const MAX_NAME_LENGTH = 120;
/** CLIP reads 77 tokens (~300 characters of English); longer text would be cut off silently. */
export const MAX_PROMPT_LENGTH = 300;
export const MAX_PROMPTS = 20;

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

export function checkAlbumName(name: string): string {
  const clean = name.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (clean.length === 0) throw new CoreError('INVALID_ARGUMENT', 'An album needs a name.');
  if (clean.length > MAX_NAME_LENGTH) throw new CoreError('INVALID_ARGUMENT', `An album name can be at most ${MAX_NAME_LENGTH} characters (this one has ${clean.length}).`);
  if (CONTROL.test(clean)) throw new CoreError('INVALID_ARGUMENT', 'An album name cannot contain control characters.');
  return clean;
}

function checkList(kind: 'describing' | 'exclusion', prompts: readonly string[]): string[] {
  const clean = prompts.map((p) => p.normalize('NFC').trim().replace(/\s+/g, ' '));
  clean.forEach((p) => {
    if (p.length === 0) throw new CoreError('INVALID_ARGUMENT', `An empty ${kind} prompt says nothing: give a few words, e.g. "my cat".`);
    if (p.length > MAX_PROMPT_LENGTH) {
      throw new CoreError('INVALID_ARGUMENT', `A ${kind} prompt can be at most ${MAX_PROMPT_LENGTH} characters (this one has ${p.length}); the model reads only the first ~77 words.`);
    }
    if (CONTROL.test(p)) throw new CoreError('INVALID_ARGUMENT', `A ${kind} prompt cannot contain control characters.`);
  });
  if (clean.length > MAX_PROMPTS) throw new CoreError('INVALID_ARGUMENT', `At most ${MAX_PROMPTS} ${kind} prompts per album.`);
  return [...new Set(clean)];
}

export function checkPrompts(include: readonly string[], exclude: readonly string[]): { include: string[]; exclude: string[] } {
  const inc = checkList('describing', include);
  if (inc.length === 0) throw new CoreError('INVALID_ARGUMENT', 'An album needs at least one describing prompt (--prompt "what its photos show").');
  return { include: inc, exclude: checkList('exclusion', exclude) };
}
