/**
 * A structural check of a PNG before decoding: chunk framing, IHDR fields and the CRCs of
 * critical chunks (PNG spec, ISO/IEC 15948 sections 5.3 and 11.2). libvips decodes some
 * damaged PngSuite files anyway (xcsn0g01: bad IDAT CRC, xhdn0g08: bad IHDR CRC) and reports
 * others only as "Input file has corrupt header:" with no detail (measured). This gives the
 * person a reason ("corrupt PNG (CRC error in IHDR)") and refuses files whose bytes are
 * known to be damaged. Ancillary chunk CRC errors are ignored, as libpng does by default.
 * Reads chunk by chunk in bounded slices: memory stays small for any file size.
 */
import { crc32 } from 'node:zlib';
import type { ReadOnlyFile } from './read-only-file.js';

const SIGNATURE_BYTES = 8;
const WINDOW_BYTES = 1 << 20;
const MAX_CHUNKS = 1_000_000;

/**
 * Reads through a 1 MiB window: a PNG has hundreds of small chunks and one read per field
 * made the check slower than the decode (measured: 172 ms vs 85 ms on a 12 MP PNG).
 */
class WindowedReader {
  private start = 0;
  private window: Buffer = Buffer.alloc(0);

  constructor(readonly file: ReadOnlyFile) {}

  async read(position: number, length: number): Promise<Buffer> {
    const end = position + length;
    if (position < this.start || end > this.start + this.window.length) {
      this.start = position;
      this.window = await this.file.read(position, Math.max(length, WINDOW_BYTES));
    }
    return this.window.subarray(position - this.start, Math.min(end - this.start, this.window.length));
  }
}

/** Allowed bit depths per colour type (PNG spec table 11.1). */
const BIT_DEPTHS: Readonly<Record<number, readonly number[]>> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

function isCritical(type: string): boolean {
  const first = type.charCodeAt(0);
  return first >= 0x41 && first <= 0x5a; // upper-case first letter = critical chunk
}

async function chunkCrcMatches(file: WindowedReader, at: number, length: number): Promise<boolean> {
  // CRC covers the type and data, not the length field.
  let crc = 0;
  for (let pos = at + 4; pos < at + 8 + length; pos += WINDOW_BYTES) {
    const slice = await file.read(pos, Math.min(WINDOW_BYTES, at + 8 + length - pos));
    crc = crc32(slice, crc);
  }
  const stored = await file.read(at + 8 + length, 4);
  return stored.length === 4 && stored.readUInt32BE(0) === crc >>> 0;
}

function checkHeader(data: Buffer): string | null {
  const width = data.readUInt32BE(0);
  const height = data.readUInt32BE(4);
  const [bitDepth = 0, colourType = 0, compression = 0, filter = 0, interlace = 0] = data.subarray(8, 13);
  if (width === 0 || height === 0) return 'zero width or height';
  const depths = BIT_DEPTHS[colourType];
  if (!depths) return `invalid colour type ${colourType}`;
  if (!depths.includes(bitDepth)) return `invalid bit depth ${bitDepth} for colour type ${colourType}`;
  if (compression !== 0) return `unknown compression method ${compression}`;
  if (filter !== 0) return `unknown filter method ${filter}`;
  if (interlace > 1) return `unknown interlace method ${interlace}`;
  return null;
}

/** Returns a reason such as "corrupt PNG (CRC error in IHDR)", or null when the PNG looks sound. */
export async function checkPngStructure(source: ReadOnlyFile): Promise<string | null> {
  const file = new WindowedReader(source);
  let at = SIGNATURE_BYTES;
  let sawImageData = false;
  for (let index = 0; index < MAX_CHUNKS; index += 1) {
    const header = await file.read(at, 8);
    if (header.length < 8) return sawImageData ? 'truncated PNG (no end marker)' : 'truncated PNG (no image data)';
    const length = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    if (!/^[A-Za-z]{4}$/.test(type)) return `corrupt PNG (invalid chunk type at byte ${at})`;
    if (index === 0 && type !== 'IHDR') return 'corrupt PNG (missing IHDR header)';
    if (at + 12 + length > source.size) return `truncated PNG (${type} chunk cut off)`;
    if (isCritical(type) && !(await chunkCrcMatches(file, at, length))) return `corrupt PNG (CRC error in ${type})`;
    if (type === 'IHDR') {
      if (length !== 13) return 'corrupt PNG (bad IHDR length)';
      const problem = checkHeader(await file.read(at + 8, 13));
      if (problem) return `corrupt PNG (${problem})`;
    }
    if (type === 'IDAT') sawImageData = true;
    if (type === 'IEND') return sawImageData ? null : 'corrupt PNG (no image data)';
    at += 12 + length;
  }
  return 'corrupt PNG (too many chunks)';
}
