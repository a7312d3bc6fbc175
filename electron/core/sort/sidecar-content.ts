/**
 * What a sort writes as a photo's sidecar: its own sidecar (read from the source, never changed)
 * with the album keywords merged in, or a new sidecar with only the keywords. Read at plan time
 * (to recognise a sidecar already in place) and again at apply time (the source may have changed).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { mergeKeywords, newSidecar } from './xmp-sidecar.js';

export function sha256Text(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/** Throws XmpError when the source sidecar is not well-formed XMP. */
export async function sidecarContent(from: string | null, keywords: readonly string[]): Promise<string> {
  if (from === null) return newSidecar(keywords);
  const raw = await fs.readFile(from);
  const text = raw.toString('utf8');
  // Only UTF-8 is merged: re-encoding another charset would change bytes the merge does not own.
  if (!Buffer.from(text, 'utf8').equals(raw)) throw new Error('not UTF-8 text');
  return mergeKeywords(text, keywords);
}
