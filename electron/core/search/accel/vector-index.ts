/**
 * The accelerator's in-memory copy of one model's vectors: int8 codes in WebAssembly memory
 * (scanned by int8-dot-kernel.ts), a scale per row, and the filter keys as integers (folder id,
 * taken_at as a float64). Optionally the float32 rows too, for exact rescoring without SQLite
 * (small libraries; search-accelerator.ts decides). Pure data and arithmetic: no SQL, no files.
 *
 * Rows are appended; a removed photo's row is marked dead (skipped by the scan's selection) and
 * reused by nothing: search-accelerator.ts rebuilds when too many are dead.
 */
import type { PathRange } from '../../store/path-range.js';
import type { FilterKeys } from '../../store/vector-snapshot.js';
import { FolderTable } from './folder-table.js';
import { BLOCK, createInt8DotKernel, type Int8DotKernel } from './int8-dot-kernel.js';
import { quantizeQuery, quantizeRow, queryCodeLimit } from './quantize.js';
import { RowLookup } from './row-lookup.js';
import { TopK } from './top-k.js';

const PAGE = 65536;

export interface IndexFilter {
  folder?: PathRange;
  after?: number;
  before?: number;
  exclude?: number;
}

/** The index's arrays as they are (views, no copy): what index-file.ts writes and fills. */
export interface IndexParts {
  rows: number;
  ids: Int32Array;
  scales: Float32Array;
  folderIds: Uint32Array;
  taken: Float64Array;
  live: Uint8Array;
  /** rows x stride int8 codes (padding zero). */
  codes: Int8Array;
  /** rows x dim float32, when kept. */
  floats: Float32Array | null;
}

export interface Candidate {
  row: number;
  photoId: number;
  /** Approximate cosine (int8 codes); rescore for the exact one. */
  score: number;
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

export class VectorIndex {
  readonly stride: number;
  private readonly kernel: Int8DotKernel | null;
  private readonly memory: WebAssembly.Memory;
  private readonly queryLimit: number;
  private readonly rowsPtr: number;
  private capacity: number;
  private used = 0;
  private liveRows = 0;
  private ids: Int32Array;
  private scales: Float32Array;
  private folderIds: Uint32Array;
  private taken: Float64Array;
  private live: Uint8Array;
  private floats: Float32Array | null;
  private readonly rowOf = new RowLookup();
  private largestScale = 0;
  readonly folders = new FolderTable();

  constructor(
    readonly dim: number,
    capacity: number,
    keepFloats: boolean,
  ) {
    this.stride = align(dim, 16);
    this.capacity = align(Math.max(BLOCK, capacity), BLOCK);
    this.rowsPtr = align(this.stride * 2, 64);
    const pages = Math.ceil(this.bytesFor(this.capacity) / PAGE);
    this.kernel = createInt8DotKernel(this.stride, pages);
    this.memory = this.kernel?.memory ?? new WebAssembly.Memory({ initial: pages, maximum: 65536 });
    this.queryLimit = queryCodeLimit(this.stride);
    this.ids = new Int32Array(this.capacity);
    this.scales = new Float32Array(this.capacity);
    this.folderIds = new Uint32Array(this.capacity);
    this.taken = new Float64Array(this.capacity);
    this.live = new Uint8Array(this.capacity);
    this.floats = keepFloats ? new Float32Array(this.capacity * dim) : null;
  }

  /** Photos in the index. */
  get count(): number {
    return this.liveRows;
  }

  /** Rows ever appended (live and dead). */
  get rows(): number {
    return this.used;
  }

  get hasFloats(): boolean {
    return this.floats !== null;
  }

  /** Whether the SIMD kernel runs (false: a JavaScript loop over the same codes). */
  get simd(): boolean {
    return this.kernel !== null;
  }

  has(photoId: number): boolean {
    return this.rowOf.has(photoId);
  }

  rowOfPhoto(photoId: number): number | undefined {
    return this.rowOf.get(photoId);
  }

  /** The largest row scale (bounds the quantisation error of any score). */
  maxScale(): number {
    return this.largestScale;
  }

  photoIds(): number[] {
    return this.rowOf.keys();
  }

  /** Up to `limit` photo ids spread evenly over photoIds() (every count/limit-th one, in its order). */
  spreadPhotoIds(limit: number): number[] {
    const want = Math.max(0, Math.floor(limit));
    return this.rowOf.everyNth(Math.max(1, Math.floor(this.liveRows / Math.max(1, want))), want);
  }

  /** Adds the photo's vector, or replaces it in place. */
  upsert(photoId: number, vector: Float32Array, keys: FilterKeys): void {
    if (vector.length !== this.dim) throw new RangeError(`vector has ${vector.length} dims, index has ${this.dim}`);
    let row = this.rowOf.get(photoId);
    if (row === undefined) {
      if (this.used === this.capacity) this.grow();
      row = this.used++;
      this.rowOf.set(photoId, row);
      this.liveRows++;
    }
    const codes = this.codes();
    const scale = quantizeRow(vector, codes, row * this.stride);
    this.scales[row] = scale;
    if (scale > this.largestScale) this.largestScale = scale;
    // Padding past dim stays zero: quantizeRow wrote dim codes only, and rows start zeroed.
    this.ids[row] = photoId;
    this.live[row] = 1;
    this.floats?.set(vector, row * this.dim);
    this.setKeys(photoId, keys);
  }

  setKeys(photoId: number, keys: FilterKeys): void {
    const row = this.rowOf.get(photoId);
    if (row === undefined) return;
    this.folderIds[row] = this.folders.id(keys.folder);
    this.taken[row] = keys.takenAt;
  }

  remove(photoId: number): void {
    const row = this.rowOf.get(photoId);
    if (row === undefined) return;
    this.rowOf.delete(photoId);
    this.live[row] = 0;
    this.liveRows--;
  }

  /** Views of the first `rows` rows of every array (valid until the index grows). */
  parts(): IndexParts {
    const n = this.used;
    return {
      rows: n,
      ids: this.ids.subarray(0, n),
      scales: this.scales.subarray(0, n),
      folderIds: this.folderIds.subarray(0, n),
      taken: this.taken.subarray(0, n),
      live: this.live.subarray(0, n),
      codes: this.codes().subarray(0, n * this.stride),
      floats: this.floats ? this.floats.subarray(0, n * this.dim) : null,
    };
  }

  /**
   * An index of `rows` live rows whose arrays `fill` writes (index-file.ts reads a file straight
   * into them); folder ids refer to `folders`. Throws when the filled data is inconsistent.
   */
  static restore(dim: number, rows: number, keepFloats: boolean, folders: readonly string[], fill: (parts: IndexParts) => void): VectorIndex {
    const index = VectorIndex.sized(dim, rows, keepFloats);
    fill(index.parts());
    index.adoptRows(folders);
    return index;
  }

  /** restore() with an asynchronous fill (index-file.ts's parallel reads). */
  static async restoreAsync(dim: number, rows: number, keepFloats: boolean, folders: readonly string[], fill: (parts: IndexParts) => Promise<void>): Promise<VectorIndex> {
    const index = VectorIndex.sized(dim, rows, keepFloats);
    await fill(index.parts());
    index.adoptRows(folders);
    return index;
  }

  private static sized(dim: number, rows: number, keepFloats: boolean): VectorIndex {
    const index = new VectorIndex(dim, rows + 1024, keepFloats);
    index.used = rows;
    return index;
  }

  /** Marks the filled rows live and indexes them by photo id; throws on rows that contradict each other. */
  private adoptRows(folders: readonly string[]): void {
    const rows = this.used;
    for (const name of folders) this.folders.id(name);
    for (let r = 0; r < rows; r++) {
      const id = this.ids[r] ?? 0;
      if ((this.folderIds[r] ?? 0) >= Math.max(1, folders.length) || this.rowOf.has(id)) throw new Error('search index file: inconsistent rows');
      this.rowOf.set(id, r);
      this.live[r] = 1;
      const scale = this.scales[r] ?? 0;
      if (scale > this.largestScale) this.largestScale = scale;
    }
    this.liveRows = rows;
  }

  /** The stored float32 vector of a row, when floats are kept. */
  floatRow(row: number): Float32Array | null {
    return this.floats ? this.floats.subarray(row * this.dim, (row + 1) * this.dim) : null;
  }

  /** A row decoded from its int8 codes (codes x scale): within scale / 2 of the stored vector per component. */
  decodedRow(row: number): Float32Array {
    const codes = this.codes();
    const scale = this.scales[row] ?? 0;
    const base = row * this.stride;
    const out = new Float32Array(this.dim);
    for (let j = 0; j < this.dim; j++) out[j] = (codes[base + j] ?? 0) * scale;
    return out;
  }

  photoAt(row: number): number {
    return this.ids[row] ?? 0;
  }

  /** The best `n` live rows by approximate score that pass the filter, best first. */
  search(query: Float32Array, n: number, filter: IndexFilter = {}): Candidate[] {
    const scores = this.scan(query);
    const perUnit = scores.perUnit;
    const top = new TopK(Math.max(1, Math.floor(n)));
    const { live, scales, folderIds, taken, ids } = this;
    const mask = filter.folder ? this.folders.mask(filter.folder) : null;
    const after = filter.after ?? -Infinity;
    const before = filter.before ?? Infinity;
    const exclude = filter.exclude ?? -1;
    const dots = scores.dots;
    for (let r = 0; r < this.used; r++) {
      if (live[r] === 0) continue;
      const s = (dots[r] ?? 0) * (scales[r] ?? 0);
      if (s <= top.floor) continue;
      if (mask !== null && mask[folderIds[r] ?? 0] !== 1) continue;
      const t = taken[r] ?? 0;
      if (t < after || t >= before || ids[r] === exclude) continue;
      top.push(r, s);
    }
    return top.sorted().map(({ row, score }) => ({ row, photoId: ids[row] ?? 0, score: score / perUnit }));
  }

  /** Approximate scores of given rows (the cut-off's sample), from one scan. */
  scoresOf(query: Float32Array, rows: readonly number[]): number[] {
    const { dots, perUnit } = this.scan(query);
    return rows.map((r) => ((dots[r] ?? 0) * (this.scales[r] ?? 0)) / perUnit);
  }

  /** Integer dots of every row with the query (a view into kernel memory, valid until the next call). */
  private scan(query: Float32Array): { dots: Int32Array; perUnit: number } {
    const buf = this.memory.buffer;
    const q = new Int16Array(buf, 0, this.stride);
    const perUnit = quantizeQuery(query, q, this.queryLimit);
    const n = align(this.used, BLOCK);
    const outPtr = this.rowsPtr + this.capacity * this.stride;
    if (this.kernel) {
      this.kernel.scan(0, this.rowsPtr, n, outPtr);
    } else {
      const codes = this.codes();
      const out = new Int32Array(buf, outPtr, n);
      for (let r = 0; r < n; r++) {
        let s = 0;
        const base = r * this.stride;
        for (let j = 0; j < this.stride; j++) s += (codes[base + j] ?? 0) * (q[j] ?? 0);
        out[r] = s;
      }
    }
    return { dots: new Int32Array(buf, outPtr, n), perUnit };
  }

  private codes(): Int8Array {
    return new Int8Array(this.memory.buffer, this.rowsPtr, this.capacity * this.stride);
  }

  private bytesFor(capacity: number): number {
    return this.rowsPtr + capacity * this.stride + capacity * 4;
  }

  /** 1.5x more rows: memory grows, the codes stay where they are (the score buffer follows them). */
  private grow(): void {
    const next = align(Math.ceil(this.capacity * 1.5) + BLOCK, BLOCK);
    const need = Math.ceil(this.bytesFor(next) / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (need > 0) this.memory.grow(need);
    // The old score buffer sat right after the old rows; new rows must start zeroed.
    new Int8Array(this.memory.buffer, this.rowsPtr + this.capacity * this.stride, (next - this.capacity) * this.stride).fill(0);
    const widen = <T extends Int32Array | Float32Array | Uint32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T, per = 1): T => {
      const b = make(next * per);
      b.set(a);
      return b;
    };
    this.ids = widen(this.ids, (n) => new Int32Array(n));
    this.scales = widen(this.scales, (n) => new Float32Array(n));
    this.folderIds = widen(this.folderIds, (n) => new Uint32Array(n));
    this.taken = widen(this.taken, (n) => new Float64Array(n));
    this.live = widen(this.live, (n) => new Uint8Array(n));
    if (this.floats) this.floats = widen(this.floats, (n) => new Float32Array(n), this.dim);
    this.capacity = next;
  }
}
