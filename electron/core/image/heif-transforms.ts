/**
 * Tells whether a HEIF file carries geometric transform properties (irot/imir, ISO/IEC
 * 23008-12 section 6.5.10/6.5.12) in its item property container, by walking the box tree
 * meta > iprp > ipco. libheif applies those when decoding; when a file has none but its EXIF
 * says Orientation != 1 (corpus photoprism-examples/iphone_7.heic: Orientation 6, no irot,
 * decodes sideways; measured), the EXIF orientation is applied instead. Never both: Apple
 * files with irot also carry the matching EXIF orientation (iphone_15_pro.heic).
 */

interface Box {
  readonly type: string;
  readonly start: number; // first byte of the payload
  readonly end: number;
}

const MAX_BOXES = 4096;

function childBoxes(bytes: Buffer, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let at = start;
  while (at + 8 <= end && boxes.length < MAX_BOXES) {
    let size = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    let header = 8;
    if (size === 1 && at + 16 <= end) {
      size = Number(bytes.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < header || at + size > end) break;
    boxes.push({ type, start: at + header, end: at + size });
    at += size;
  }
  return boxes;
}

function child(bytes: Buffer, parent: Box | undefined, type: string): Box | undefined {
  if (!parent) return undefined;
  return childBoxes(bytes, parent.start, parent.end).find((box) => box.type === type);
}

/** True when the file's ipco holds an irot or imir property. */
export function hasHeifTransforms(bytes: Buffer): boolean {
  const meta = childBoxes(bytes, 0, bytes.length).find((box) => box.type === 'meta');
  // meta is a FullBox: 4 bytes of version/flags precede its children.
  const iprp = meta ? childBoxes(bytes, meta.start + 4, meta.end).find((box) => box.type === 'iprp') : undefined;
  const ipco = child(bytes, iprp, 'ipco');
  if (!ipco) return false;
  return childBoxes(bytes, ipco.start, ipco.end).some((box) => box.type === 'irot' || box.type === 'imir');
}
