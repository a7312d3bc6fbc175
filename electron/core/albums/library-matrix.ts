/**
 * Every vector of one model in one flat Float32Array (N x d), with the photo id of each row:
 * what album scoring and categorize read. 100k x 512 float32 is 205 MB read once; a dot product
 * over it is ~51 MFLOP (albums.md), so scoring happens on the fly instead of keeping member lists.
 * Derived data: rebuilt from the vector store whenever it changes (album-engine.ts). Not shared
 * with the search accelerator (search/accel/): that copy is int8 (float32 only up to 131k photos),
 * and albums train and score in float32.
 */
import type { VectorStore } from '../store/vector-store.js';

export class LibraryMatrix {
  private constructor(
    readonly ids: Int32Array,
    readonly matrix: Float32Array,
    readonly dim: number,
    private readonly rowOf: Map<number, number>,
  ) {}

  static load(vectors: VectorStore): LibraryMatrix {
    const dim = vectors.model.dim;
    const snapshot = vectors.snapshot();
    const expected = snapshot.count();
    let ids = new Int32Array(expected);
    let matrix = new Float32Array(expected * dim);
    let n = 0;
    // The bulk read over vec0's chunks (~20x faster than row by row, store/vector-snapshot.ts),
    // in storage order; rows are then put in photo-id order in place, as the scan gave them.
    snapshot.readAll((photoId, vector) => {
      if (n >= expected) {
        const grownIds = new Int32Array(Math.max(16, expected * 2, n * 2));
        grownIds.set(ids);
        ids = grownIds;
        const grown = new Float32Array(ids.length * dim);
        grown.set(matrix);
        matrix = grown;
      }
      ids[n] = photoId;
      matrix.set(vector, n * dim);
      n++;
    });
    // Only photos of the library (a vector left behind by a photo deleted on its own is not one).
    const photos = new Set<number>();
    snapshot.eachFilterKeys((id) => photos.add(id));
    let kept = 0;
    for (let r = 0; r < n; r++) {
      const id = ids[r] ?? 0;
      if (!photos.has(id)) continue;
      if (kept !== r) {
        ids[kept] = id;
        matrix.copyWithin(kept * dim, r * dim, (r + 1) * dim);
      }
      kept++;
    }
    n = kept;
    ids = ids.length === n ? ids : ids.slice(0, n);
    matrix = matrix.length === n * dim ? matrix : matrix.slice(0, n * dim);
    sortRowsById(ids, matrix, dim);
    const rowOf = new Map<number, number>();
    for (let r = 0; r < n; r++) rowOf.set(ids[r] ?? 0, r);
    return new LibraryMatrix(ids, matrix, dim, rowOf);
  }

  /** From vectors already in memory (benchmarks, tests): row r is ids[r]'s vector. */
  static fromArrays(ids: Int32Array, matrix: Float32Array, dim: number): LibraryMatrix {
    if (matrix.length !== ids.length * dim) throw new RangeError(`matrix holds ${matrix.length} floats, ${ids.length} x ${dim} expected`);
    const rowOf = new Map<number, number>();
    ids.forEach((id, r) => rowOf.set(id, r));
    return new LibraryMatrix(ids, matrix, dim, rowOf);
  }

  get rows(): number {
    return this.ids.length;
  }

  row(photoId: number): number | undefined {
    return this.rowOf.get(photoId);
  }

  vector(row: number): Float32Array {
    return this.matrix.subarray(row * this.dim, (row + 1) * this.dim);
  }
}

/** Reorders rows (and their ids) by ascending id in place: one spare row, each cycle of the permutation walked once. */
function sortRowsById(ids: Int32Array, matrix: Float32Array, dim: number): void {
  const n = ids.length;
  let sorted = true;
  for (let r = 1; r < n && sorted; r++) sorted = (ids[r - 1] ?? 0) < (ids[r] ?? 0);
  if (sorted) return;
  // order[i] = the row that belongs at position i.
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (ids[a] ?? 0) - (ids[b] ?? 0));
  const spare = new Float32Array(dim);
  const done = new Uint8Array(n);
  for (let start = 0; start < n; start++) {
    if (done[start] === 1 || order[start] === start) continue;
    spare.set(matrix.subarray(start * dim, (start + 1) * dim));
    const spareId = ids[start] ?? 0;
    let at = start;
    for (;;) {
      const from = order[at] ?? at;
      done[at] = 1;
      if (from === start) {
        matrix.set(spare, at * dim);
        ids[at] = spareId;
        break;
      }
      matrix.copyWithin(at * dim, from * dim, (from + 1) * dim);
      ids[at] = ids[from] ?? 0;
      at = from;
    }
  }
}
