/**
 * Files that belong to a photo and must travel with it: XMP sidecars (`IMG_1.JPG.xmp` as darktable
 * and digiKam write them, `IMG_1.xmp` as Lightroom does), the other half of a RAW+JPEG pair of the
 * same stem, and an iPhone Live Photo's `.MOV` and edit file `.AAE`. Pure: the caller lists the
 * folder once and asks for every photo in it.
 */
import path from 'node:path';
import { extensionOf, isRawPath } from '../image/supported-formats.js';

const PAIRABLE_PIXEL = new Set(['jpg', 'jpeg', 'heic', 'heif', 'hif', 'png', 'tif', 'tiff']);
const ALWAYS_WITH_STEM = new Set(['aae', 'mov']);

export interface FileGroup {
  /** The common stem: every name in the group starts with it (a suffix is inserted right after). */
  stem: string;
  /** File names (no folder) of the photo and its companions, the photo first. */
  names: string[];
  /** The sidecar keywords are merged into, if the group has one (a name from `names`). */
  sidecar: string | null;
}

/** Stem of a file name: without its last extension (`IMG_1.JPG` -> `IMG_1`). */
export function stemOf(name: string): string {
  const ext = path.extname(name);
  return ext === '' || ext === name ? name : name.slice(0, -ext.length);
}

function belongs(photo: string, candidate: string): boolean {
  if (candidate === photo) return false;
  const ext = extensionOf(candidate);
  // `IMG_1.JPG.xmp` belongs to IMG_1.JPG only.
  if (ext === 'xmp' && stemOf(candidate) === photo) return true;
  // Everything else is `<stem>.<ext>` with the photo's own stem.
  if (stemOf(candidate) !== stemOf(photo) || stemOf(candidate).length + ext.length + 1 !== candidate.length) return false;
  if (ext === 'xmp' || ALWAYS_WITH_STEM.has(ext)) return true;
  // RAW+JPEG: one RAW and one pixel file of the same stem are one shot.
  const photoExt = extensionOf(photo);
  return (isRawPath(photo) && PAIRABLE_PIXEL.has(ext)) || (PAIRABLE_PIXEL.has(photoExt) && isRawPath(candidate));
}

/** The photo `photoName` and the files of `siblings` (names in its folder) that travel with it. */
export function groupOf(photoName: string, siblings: readonly string[]): FileGroup {
  const stem = stemOf(photoName);
  const companions = siblings.filter((s) => belongs(photoName, s)).sort();
  const exact = companions.find((c) => extensionOf(c) === 'xmp' && stemOf(c) === photoName);
  const byStem = companions.find((c) => extensionOf(c) === 'xmp' && stemOf(c) === stem);
  return { stem, names: [photoName, ...companions], sidecar: exact ?? byStem ?? null };
}

/** `IMG.JPG.xmp` with suffix ` (2)` -> `IMG (2).JPG.xmp` (the stem keeps the group together). */
export function withSuffix(name: string, stem: string, n: number): string {
  return n <= 1 ? name : `${stem} (${n})${name.slice(stem.length)}`;
}

/** The sidecar name for a photo that has none: `<file name>.xmp` (darktable, digiKam). */
export function newSidecarName(photoName: string): string {
  return `${photoName}.xmp`;
}
