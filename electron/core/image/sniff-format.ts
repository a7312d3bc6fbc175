/**
 * Identifies a file's real container from its first bytes (magic numbers), never from the
 * extension: MANIFEST rows "INDEX as JPEG (detect by magic bytes)" (this-is-a-jpeg.png,
 * wrong.heic, "Issue 247-1.nef"). Pure function over a Buffer; no I/O.
 */

/** How many leading bytes sniffFormat needs. */
export const SNIFF_BYTES = 64;

export type SniffedFormat =
  | { kind: 'jpeg' }
  | { kind: 'png' }
  | { kind: 'gif' }
  | { kind: 'webp' }
  | { kind: 'tiff' } // classic or BigTIFF; may be a TIFF-structured RAW (DNG, CR2, NEF, ...)
  | { kind: 'tiff-raw'; name: string } // TIFF variants with their own magic (ORF, RW2)
  | { kind: 'raf' }
  | { kind: 'isobmff'; brand: string; compatible: readonly string[] }
  | { kind: 'unsupported'; name: string }
  | { kind: 'corrupt'; reason: string }
  | { kind: 'unknown' };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

function startsWith(head: Buffer, bytes: readonly number[], at = 0): boolean {
  if (head.length < at + bytes.length) return false;
  return bytes.every((b, i) => head[at + i] === b);
}

function ascii(head: Buffer, start: number, end: number): string {
  return head.subarray(start, end).toString('latin1');
}

function sniffIsoBmff(head: Buffer): SniffedFormat | undefined {
  if (head.length < 12 || ascii(head, 4, 8) !== 'ftyp') return undefined;
  const boxSize = head.readUInt32BE(0);
  const compatible: string[] = [];
  for (let at = 16; at + 4 <= Math.min(boxSize, head.length); at += 4) {
    compatible.push(ascii(head, at, at + 4));
  }
  return { kind: 'isobmff', brand: ascii(head, 8, 12), compatible };
}

/**
 * A PNG whose 8-byte signature is damaged (PngSuite xs*, xcrn0g04, xlfn0g04: line-ending or
 * bit corruption) is reported as a corrupt PNG rather than "unknown format".
 */
function looksLikeDamagedPng(head: Buffer): boolean {
  if (head.length < 8) return false;
  const matching = PNG_SIGNATURE.filter((b, i) => head[i] === b).length;
  return matching >= 5 && ascii(head, 12, 16) === 'IHDR';
}

export function sniffFormat(head: Buffer): SniffedFormat {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: 'jpeg' };
  if (startsWith(head, PNG_SIGNATURE)) return { kind: 'png' };
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return { kind: 'gif' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { kind: 'webp' };
  const tiffMagic = ascii(head, 0, 4);
  if (tiffMagic === 'II*\0' || tiffMagic === 'MM\0*' || tiffMagic === 'II+\0' || tiffMagic === 'MM\0+') {
    return { kind: 'tiff' };
  }
  // Olympus ORF ("IIRO"/"IIRS"/"MMOR") and Panasonic RW2 ("IIU\0") are TIFF with another magic.
  if (tiffMagic === 'IIRO' || tiffMagic === 'IIRS' || tiffMagic === 'MMOR') return { kind: 'tiff-raw', name: 'ORF' };
  if (tiffMagic === 'IIU\0') return { kind: 'tiff-raw', name: 'RW2' };
  if (ascii(head, 0, 15) === 'FUJIFILMCCD-RAW') return { kind: 'raf' };
  const iso = sniffIsoBmff(head);
  if (iso) return iso;
  if (ascii(head, 0, 2) === 'BM' && head.length >= 14) return { kind: 'unsupported', name: 'BMP' };
  if (ascii(head, 0, 4) === '8BPS') return { kind: 'unsupported', name: 'PSD' };
  if (ascii(head, 6, 14) === 'HEAPCCDR') return { kind: 'unsupported', name: 'Canon CRW' };
  if (ascii(head, 0, 4) === '\0MRM') return { kind: 'unsupported', name: 'Minolta MRW' };
  if (ascii(head, 0, 4) === 'FOVb') return { kind: 'unsupported', name: 'Sigma X3F' };
  if (looksLikeDamagedPng(head)) return { kind: 'corrupt', reason: 'corrupt PNG (damaged file signature)' };
  return { kind: 'unknown' };
}
