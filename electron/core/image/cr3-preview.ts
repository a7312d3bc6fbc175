/**
 * Canon CR3 (ISOBMFF) preview extraction. CR3 keeps a ~1620x1080 JPEG in a PRVW box inside
 * a top-level uuid box (eaf42b5e-...), and the IFD0 (with Orientation) as a TIFF block in
 * moov > uuid (85c0b687-...) > CMT1. Layout as documented by ExifTool's Canon CR3 notes and
 * the lclevel/canon_cr3 description; checked on corpus raw/exiv2/Canon-R6-pruned.CR3.
 */
import { CoreError } from '../core-error.js';
import { byteRange, type ByteSource } from './read-only-file.js';
import { TAG, walkTiffIfds } from './tiff-ifd-walker.js';

const PREVIEW_UUID = 'eaf42b5e1c984b88b9fbb7dc406e4d16';
const CANON_UUID = '85c0b687820f11e08111f4ce462b6a48';
const MAX_BOXES = 256;
const MAX_PREVIEW_BYTES = 64 * 1024 * 1024;

interface Box {
  readonly type: string;
  readonly uuid: string;
  /** Payload start (after the header and, for uuid boxes, the 16-byte user type). */
  readonly start: number;
  readonly end: number;
}

async function listBoxes(file: ByteSource, start: number, end: number): Promise<Box[]> {
  const boxes: Box[] = [];
  let at = start;
  while (at + 8 <= end && boxes.length < MAX_BOXES) {
    const header = await file.read(at, 32);
    if (header.length < 8) break;
    let size = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    let headerSize = 8;
    if (size === 1 && header.length >= 16) {
      size = Number(header.readBigUInt64BE(8));
      headerSize = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < headerSize || at + size > end) break;
    const uuid = type === 'uuid' ? header.toString('hex', headerSize, headerSize + 16) : '';
    boxes.push({ type, uuid, start: at + headerSize + (uuid ? 16 : 0), end: at + size });
    at += size;
  }
  return boxes;
}

async function cr3Orientation(file: ByteSource, top: readonly Box[]): Promise<number> {
  const moov = top.find((box) => box.type === 'moov');
  if (!moov) return 1;
  const canon = (await listBoxes(file, moov.start, moov.end)).find((box) => box.uuid === CANON_UUID);
  if (!canon) return 1;
  const cmt1 = (await listBoxes(file, canon.start, canon.end)).find((box) => box.type === 'CMT1');
  if (!cmt1) return 1;
  const [ifd0] = await walkTiffIfds(byteRange(file, cmt1.start, cmt1.end - cmt1.start));
  return ifd0?.get(TAG.Orientation)?.values[0] ?? 1;
}

/** The PRVW JPEG bytes and IFD0 orientation of a CR3; throws when there is no usable preview. */
export async function extractCr3Preview(file: ByteSource): Promise<{ jpeg: Buffer; orientation: number }> {
  const top = await listBoxes(file, 0, file.size);
  const container = top.find((box) => box.uuid === PREVIEW_UUID);
  const payload = container ? await file.read(container.start, 64) : Buffer.alloc(0);
  const prvw = payload.indexOf('PRVW', 0, 'latin1');
  if (!container || prvw < 0 || prvw + 20 > payload.length) {
    throw new CoreError('UNSUPPORTED_FORMAT', 'CR3 file has no embedded preview (RAW sensor data is not decoded)');
  }
  // PRVW: 'PRVW', u32 0, u16 1, u16 width, u16 height, u16 1, u32 JPEG length, JPEG bytes.
  const length = payload.readUInt32BE(prvw + 16);
  const jpegAt = container.start + prvw + 20;
  if (length > MAX_PREVIEW_BYTES || jpegAt + length > container.end) {
    throw new CoreError('DECODE_FAILED', 'CR3 file is cut off: its embedded preview is missing');
  }
  const jpeg = await file.read(jpegAt, length);
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) {
    throw new CoreError('UNSUPPORTED_FORMAT', 'CR3 file has no embedded preview (RAW sensor data is not decoded)');
  }
  return { jpeg, orientation: await cr3Orientation(file, top) };
}
