/**
 * Album names as folder names that work on Windows, macOS and Linux alike: a sorted folder is
 * often copied to another machine or a FAT/exFAT card, so the strictest rules apply everywhere.
 * Rules (learn.microsoft.com "Naming Files, Paths, and Namespaces"): no < > : " / \ | ? * or
 * control characters, no trailing dot or space, no reserved device names (CON, PRN, AUX, NUL,
 * COM1-9, LPT1-9, with or without an extension); components of at most 255 bytes (ext4, APFS)
 * and 255 UTF-16 units (NTFS): we stay well under both. NFC, because macOS hands back decomposed
 * names that would otherwise look like a second "Café" folder. Pure: no I/O.
 */

// Control characters are matched by code below (a regex range of them trips no-control-regex).
const ILLEGAL = /[<>:"/\\|?*]/g;
const isControl = (ch: string): boolean => (ch.codePointAt(0) ?? 0) < 0x20 || ch === '\u007f';
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Bytes (UTF-8) for a folder name: leaves room for " (99)" and any file name under it. */
export const MAX_FOLDER_BYTES = 120;

export interface SafeName {
  name: string;
  /** Why the name differs from the album's, in words (null when it is unchanged). */
  changed: string | null;
}

function truncateUtf8(s: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  // Whole code points only: cutting a surrogate pair or a UTF-8 sequence would make an invalid name.
  for (const ch of s) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (bytes + b > maxBytes) break;
    out += ch;
    bytes += b;
  }
  return out;
}

export function safeFolderName(albumName: string): SafeName {
  const reasons: string[] = [];
  const nfc = albumName.normalize('NFC');
  let name = [...nfc.replace(ILLEGAL, '_')].map((ch) => (isControl(ch) ? '_' : ch)).join('');
  if (name !== nfc) reasons.push('characters Windows does not allow in names (< > : " / \\ | ? * and control characters) became "_"');
  const trimmed = name.replace(/[. ]+$/, '').replace(/^ +/, '');
  if (trimmed !== name) reasons.push('trailing dots and spaces were removed (Windows drops them)');
  name = trimmed;
  if (RESERVED.test(name)) {
    name = `${name}_`;
    reasons.push('the name is reserved for a device on Windows');
  }
  const short = truncateUtf8(name, MAX_FOLDER_BYTES).replace(/[. ]+$/, '');
  if (short !== name) reasons.push(`it was shortened to ${MAX_FOLDER_BYTES} bytes`);
  name = short;
  if (name === '' || name === '.' || name === '..') {
    name = '_';
    reasons.push('nothing usable was left of it');
  }
  return { name, changed: reasons.length > 0 ? reasons.join('; ') : null };
}

/** Folder names are compared as a case-insensitive file system would (macOS, Windows). */
export function folderKeyOf(name: string): string {
  return name.normalize('NFC').toLowerCase();
}
