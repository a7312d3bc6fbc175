/**
 * Every vector of one model in one flat Float32Array (N x d), with the photo id of each row:
 * what album scoring and categorize read. 100k x 512 float32 is 205 MB read once; a dot product
 * over it is ~51 MFLOP (albums.md), so scoring happens on the fly instead of keeping member lists.
 * Derived data: rebuilt from the vector store whenever its count changes.
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
    const count = vectors.count();
    const ids = new Int32Array(count);
    let matrix = new Float32Array(count * dim);
    let n = 0;
    for (const batch of vectors.scan()) {
      for (const { photoId, vector } of batch) {
        if (n >= ids.length) break;
        ids[n] = photoId;
        matrix.set(vector, n * dim);
        n++;
      }
    }
    matrix = n * dim === matrix.length ? matrix : matrix.slice(0, n * dim);
    const rowOf = new Map<number, number>();
    for (let r = 0; r < n; r++) rowOf.set(ids[r] ?? 0, r);
    return new LibraryMatrix(n === ids.length ? ids : ids.slice(0, n), matrix, dim, rowOf);
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
