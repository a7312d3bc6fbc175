/**
 * A small, bounded walker over TIFF Image File Directories (TIFF 6.0 section 2), enough to
 * find embedded JPEG previews in TIFF-structured camera RAWs (DNG, CR2, NEF, ARW, PEF, SRW,
 * ORF, RW2, KDC, ...). Follows the IFD0 chain and SubIFDs (tag 330) only; caps the number of
 * IFDs and entries and never revisits an offset, so hostile files cannot loop or balloon.
 * Hand-written instead of a dependency (exiftool-vendored needs Perl): ~100 lines.
 */
import type { ByteSource } from './read-only-file.js';

export const TAG = {
  NewSubfileType: 0x00fe,
  Compression: 0x0103,
  Photometric: 0x0106,
  StripOffsets: 0x0111,
  Orientation: 0x0112,
  StripByteCounts: 0x0117,
  SubIFDs: 0x014a,
  JpegOffset: 0x0201,
  JpegLength: 0x0202,
  Rw2JpgFromRaw: 0x002e,
} as const;

export interface IfdEntry {
  readonly type: number;
  readonly count: number;
  /** Absolute file offset of the value bytes (inline values point into the entry itself). */
  readonly valueOffset: number;
  /** Up to MAX_VALUES numeric values for BYTE/SHORT/LONG/IFD types; empty for others. */
  readonly values: readonly number[];
}

export type Ifd = ReadonlyMap<number, IfdEntry>;

const TYPE_SIZES: Readonly<Record<number, number>> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };
const MAX_IFDS = 32;
const MAX_ENTRIES = 1024;
const MAX_VALUES = 64;

class Reader {
  constructor(
    readonly file: ByteSource,
    readonly littleEndian: boolean,
  ) {}

  u16(buf: Buffer, at: number): number {
    return this.littleEndian ? buf.readUInt16LE(at) : buf.readUInt16BE(at);
  }

  u32(buf: Buffer, at: number): number {
    return this.littleEndian ? buf.readUInt32LE(at) : buf.readUInt32BE(at);
  }

  readValue(buf: Buffer, at: number, type: number): number {
    if (type === 3 || type === 8) return this.u16(buf, at);
    if (type === 4 || type === 9 || type === 13) return this.u32(buf, at);
    return buf[at] ?? 0;
  }
}

async function readEntry(reader: Reader, entry: Buffer, entryOffset: number): Promise<[number, IfdEntry]> {
  const tag = reader.u16(entry, 0);
  const type = reader.u16(entry, 2);
  const count = reader.u32(entry, 4);
  const size = (TYPE_SIZES[type] ?? 1) * count;
  const valueOffset = size <= 4 ? entryOffset + 8 : reader.u32(entry, 8);
  const numeric = type === 1 || type === 3 || type === 4 || type === 13;
  const wanted = numeric ? Math.min(count, MAX_VALUES) : 0;
  const bytes = size <= 4 ? entry.subarray(8, 12) : await reader.file.read(valueOffset, wanted * (TYPE_SIZES[type] ?? 1));
  const values: number[] = [];
  for (let i = 0; i < wanted && (i + 1) * (TYPE_SIZES[type] ?? 1) <= bytes.length; i += 1) {
    values.push(reader.readValue(bytes, i * (TYPE_SIZES[type] ?? 1), type));
  }
  return [tag, { type, count, valueOffset, values }];
}

async function readIfd(reader: Reader, offset: number): Promise<{ ifd: Ifd; next: number } | undefined> {
  const countBytes = await reader.file.read(offset, 2);
  if (countBytes.length < 2) return undefined;
  const count = Math.min(reader.u16(countBytes, 0), MAX_ENTRIES);
  const table = await reader.file.read(offset + 2, count * 12 + 4);
  const ifd = new Map<number, IfdEntry>();
  for (let i = 0; i < count && (i + 1) * 12 <= table.length; i += 1) {
    const [tag, entry] = await readEntry(reader, table.subarray(i * 12, i * 12 + 12), offset + 2 + i * 12);
    ifd.set(tag, entry);
  }
  const next = table.length >= count * 12 + 4 ? reader.u32(table, count * 12) : 0;
  return { ifd, next };
}

/** Reads IFD0, its chain and SubIFDs. The first element is IFD0. Empty when not a TIFF. */
export async function walkTiffIfds(file: ByteSource): Promise<Ifd[]> {
  const header = await file.read(0, 8);
  if (header.length < 8) return [];
  const order = header.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return [];
  const reader = new Reader(file, order === 'II');
  const pending = [reader.u32(header, 4)];
  const seen = new Set<number>();
  const ifds: Ifd[] = [];
  while (pending.length > 0 && ifds.length < MAX_IFDS) {
    const offset = pending.shift() ?? 0;
    if (offset < 8 || offset >= file.size || seen.has(offset)) continue;
    seen.add(offset);
    const read = await readIfd(reader, offset);
    if (!read) continue;
    ifds.push(read.ifd);
    pending.push(...(read.ifd.get(TAG.SubIFDs)?.values ?? []));
    if (read.next) pending.push(read.next);
  }
  return ifds;
}
