/**
 * The accelerator's copy on disk, so a fresh process (every CLI call, every app start) reads one
 * file instead of rebuilding from SQLite: 1M x 512 int8 rows are a 0.5 GB sequential read, where
 * the rebuild reads 2 GB of vec0 blobs and quantises them. Derived data: any doubt (wrong magic,
 * size, dimension, model, checksum) reads as "no file" and the caller rebuilds from SQLite.
 *
 * Layout (little-endian): a 64-byte header, then JSON { model, folders }, ids (int32), scales
 * (float32), folder ids (uint32), taken_at (float64), int8 codes (rows x stride), float32 rows
 * (rows x dim, only when kept), each section padded to 8 bytes. Written to a temp file and renamed,
 * so a crash mid-write leaves the old file or none. Only live rows are written.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { VectorIndex, type IndexParts } from './vector-index.js';

const MAGIC = 'RCLXIDX1';
/** 2: CRC-32 checksum (1 was FNV-1a; a format-1 file reads as "no file" and is rebuilt). */
const FORMAT = 2;
/** Bytes read (and summed) at a time: small enough to stay in cache between the two. */
const READ_CHUNK = 1 << 20;
/** The asynchronous reader's pieces, and how many are in flight (libuv has 4 threads by default). */
const ASYNC_CHUNK = 4 << 20;
const PARALLEL_READS = 3;
const HEADER = 64;
const CHUNK_ROWS = 4096;

const pad8 = (n: number) => Math.ceil(n / 8) * 8;

/**
 * CRC-32 (zlib's, native) over every section, codes and floats included: a damaged row would
 * otherwise rank or score wrongly without anyone noticing. It replaced a JavaScript FNV-1a over
 * 32-bit words (format 1), which cost ~190 ms of a 1M-photo file's first query against ~140 for
 * crc32 on the same 512 MB (same run, busy machine); summed chunk by chunk as the file is read, so
 * each chunk is summed while it is still in cache.
 */
class Checksum {
  private c = 0;

  add(a: ArrayBufferView): void {
    this.c = zlib.crc32(bytes(a), this.c);
  }

  get value(): number {
    return this.c >>> 0;
  }
}

function paddedJson(json: Uint8Array): Uint8Array {
  const out = new Uint8Array(pad8(json.byteLength));
  out.set(json);
  return out;
}

function bytes(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function writeAll(fd: number, data: Uint8Array, sum: Checksum | null): void {
  sum?.add(data);
  let off = 0;
  while (off < data.byteLength) off += fs.writeSync(fd, data, off, data.byteLength - off);
  const pad = pad8(data.byteLength) - data.byteLength;
  if (pad > 0) fs.writeSync(fd, new Uint8Array(pad));
}

/** Live rows of a rows x width array, CHUNK_ROWS at a time, written as one padded section. */
function writeRows(fd: number, data: ArrayBufferView, live: Uint8Array, liveCount: number, sum: Checksum): void {
  const per = (data.byteLength / Math.max(1, live.length)) | 0;
  const src = bytes(data);
  if (liveCount === live.length) return writeAll(fd, src, sum);
  let written = 0;
  const buf = new Uint8Array(CHUNK_ROWS * per);
  let filled = 0;
  for (let r = 0; r < live.length; r++) {
    if (live[r] !== 1) continue;
    buf.set(src.subarray(r * per, (r + 1) * per), filled * per);
    if (++filled === CHUNK_ROWS) {
      sum.add(buf.subarray(0, filled * per));
      fs.writeSync(fd, buf, 0, filled * per);
      written += filled * per;
      filled = 0;
    }
  }
  if (filled > 0) {
    sum.add(buf.subarray(0, filled * per));
    fs.writeSync(fd, buf, 0, filled * per);
  }
  written += filled * per;
  const pad = pad8(written) - written;
  if (pad > 0) fs.writeSync(fd, new Uint8Array(pad));
}

function compact<T extends Int32Array | Float32Array | Uint32Array | Float64Array>(a: T, live: Uint8Array, make: (n: number) => T, count: number): T {
  if (count === live.length) return a;
  const out = make(count);
  let j = 0;
  for (let r = 0; r < live.length; r++) if (live[r] === 1) out[j++] = a[r] ?? 0;
  return out;
}

export function writeIndexFile(file: string, index: VectorIndex, model: string, seq: number): void {
  const p = index.parts();
  const n = index.count;
  const ids = compact(p.ids, p.live, (k) => new Int32Array(k), n);
  const scales = compact(p.scales, p.live, (k) => new Float32Array(k), n);
  const folderIds = compact(p.folderIds, p.live, (k) => new Uint32Array(k), n);
  const taken = compact(p.taken, p.live, (k) => new Float64Array(k), n);
  const json = Buffer.from(JSON.stringify({ model, folders: index.folders.list() }), 'utf8');
  const header = Buffer.alloc(HEADER);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(FORMAT, 8);
  header.writeUInt32LE(index.dim, 12);
  header.writeUInt32LE(index.stride, 16);
  header.writeUInt32LE(n, 20);
  header.writeDoubleLE(seq, 24);
  header.writeUInt32LE(p.floats ? 1 : 0, 32);
  header.writeUInt32LE(json.byteLength, 36);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    const sum = new Checksum();
    writeAll(fd, header, null);
    sum.add(paddedJson(json));
    writeAll(fd, json, null);
    for (const a of [ids, scales, folderIds, taken]) writeAll(fd, bytes(a), sum);
    writeRows(fd, p.codes, p.live, n, sum);
    if (p.floats) writeRows(fd, p.floats, p.live, n, sum);
    // The header last, checksum in it: a file cut short anywhere fails the size or the sum.
    header.writeUInt32LE(sum.value, 40);
    fs.writeSync(fd, header, 0, HEADER, 0);
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

function readInto(fd: number, target: Uint8Array, position: number, sum: Checksum | null = null): void {
  let off = 0;
  while (off < target.byteLength) {
    const got = fs.readSync(fd, target, off, Math.min(READ_CHUNK, target.byteLength - off), position + off);
    if (got === 0) throw new Error('search index file: truncated');
    sum?.add(target.subarray(off, off + got));
    off += got;
  }
}

/** What the header and the JSON block say; the rows follow at `rowsAt`. */
interface FileLayout {
  rows: number;
  seq: number;
  hasFloats: boolean;
  folders: string[];
  json: Buffer;
  checksum: number;
  rowsAt: number;
}

/** The layout of an open index file, or null when it is not a whole file for this model and dimension. */
function readLayout(fd: number, dim: number, model: string): FileLayout | null {
  const size = fs.fstatSync(fd).size;
  if (size < HEADER) return null;
  const header = Buffer.alloc(HEADER);
  readInto(fd, header, 0);
  if (header.toString('latin1', 0, 8) !== MAGIC || header.readUInt32LE(8) !== FORMAT || header.readUInt32LE(12) !== dim) return null;
  const stride = header.readUInt32LE(16);
  const rows = header.readUInt32LE(20);
  const hasFloats = header.readUInt32LE(32) === 1;
  const jsonBytes = header.readUInt32LE(36);
  const expectedSize = HEADER + pad8(jsonBytes) + pad8(rows * 4) * 3 + rows * 8 + pad8(rows * stride) + (hasFloats ? pad8(rows * dim * 4) : 0);
  if (size !== expectedSize || stride !== Math.ceil(dim / 16) * 16) return null;
  const json = Buffer.alloc(jsonBytes);
  readInto(fd, json, HEADER);
  const meta: unknown = JSON.parse(json.toString('utf8'));
  if (typeof meta !== 'object' || meta === null || !('model' in meta) || meta.model !== model || !('folders' in meta)) return null;
  const folders = Array.isArray(meta.folders) ? meta.folders.filter((f): f is string => typeof f === 'string') : [];
  return { rows, seq: header.readDoubleLE(24), hasFloats, folders, json, checksum: header.readUInt32LE(40), rowsAt: HEADER + pad8(jsonBytes) };
}

/** Each array of the rows with the file position it is read from, in file order. */
function sections(p: IndexParts, start: number): { target: Uint8Array; position: number }[] {
  const out: { target: Uint8Array; position: number }[] = [];
  let position = start;
  for (const a of [p.ids, p.scales, p.folderIds, p.taken, p.codes, ...(p.floats ? [p.floats] : [])]) {
    out.push({ target: bytes(a), position });
    position += pad8(a.byteLength);
  }
  return out;
}

function startSum(layout: FileLayout): Checksum {
  const sum = new Checksum();
  sum.add(paddedJson(layout.json));
  return sum;
}

function checkSum(sum: Checksum, layout: FileLayout): void {
  if (sum.value !== layout.checksum) throw new Error('search index file: checksum');
}

/** The index in `file` with the change sequence it reflects, or null when absent or doubtful. */
export function readIndexFile(file: string, dim: number, model: string): { index: VectorIndex; seq: number } | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const layout = readLayout(fd, dim, model);
    if (!layout) return null;
    const index = VectorIndex.restore(dim, layout.rows, layout.hasFloats, layout.folders, (p) => {
      const sum = startSum(layout);
      for (const { target, position } of sections(p, layout.rowsAt)) readInto(fd, target, position, sum);
      checkSum(sum, layout);
    });
    return { index, seq: layout.seq };
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * readIndexFile without blocking the event loop: the rows are read in ASYNC_CHUNK pieces by
 * libuv's threads, PARALLEL_READS at a time (page faults and copying spread over the cores), and
 * summed here in file order as they arrive, so the checksum overlaps the reading.
 */
export async function readIndexFileAsync(file: string, dim: number, model: string): Promise<{ index: VectorIndex; seq: number } | null> {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const layout = readLayout(fd, dim, model);
    if (!layout) return null;
    const index = await VectorIndex.restoreAsync(dim, layout.rows, layout.hasFloats, layout.folders, async (p) => {
      const sum = startSum(layout);
      await readInOrder(fd, chunksOf(sections(p, layout.rowsAt)), sum);
      checkSum(sum, layout);
    });
    return { index, seq: layout.seq };
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

function chunksOf(parts: { target: Uint8Array; position: number }[]): { target: Uint8Array; position: number }[] {
  return parts.flatMap(({ target, position }) => {
    const out: { target: Uint8Array; position: number }[] = [];
    for (let off = 0; off < target.byteLength; off += ASYNC_CHUNK) {
      out.push({ target: target.subarray(off, Math.min(target.byteLength, off + ASYNC_CHUNK)), position: position + off });
    }
    return out;
  });
}

function readAt(fd: number, target: Uint8Array, offset: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.read(fd, target, offset, target.byteLength - offset, position, (err, got) => (err ? reject(err) : resolve(got)));
  });
}

async function readFully(fd: number, target: Uint8Array, position: number): Promise<void> {
  let off = 0;
  while (off < target.byteLength) {
    const got = await readAt(fd, target, off, position + off);
    if (got === 0) throw new Error('search index file: truncated');
    off += got;
  }
}

async function readInOrder(fd: number, chunks: { target: Uint8Array; position: number }[], sum: Checksum): Promise<void> {
  const done = new Uint8Array(chunks.length);
  let next = 0;
  let summed = 0;
  const reader = async (): Promise<void> => {
    while (next < chunks.length) {
      const i = next++;
      const chunk = chunks[i];
      if (!chunk) return;
      await readFully(fd, chunk.target, chunk.position);
      done[i] = 1;
      for (let c = chunks[summed]; c && done[summed] === 1; c = chunks[summed]) {
        sum.add(c.target);
        summed++;
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_READS }, reader));
}
