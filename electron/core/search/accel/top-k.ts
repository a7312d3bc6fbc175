/**
 * The best `k` of a stream of (row, score), with a min-heap in typed arrays: after the first k,
 * almost every row fails the one comparison with the heap's weakest and costs nothing more.
 */
export class TopK {
  private readonly rows: Int32Array;
  private readonly scores: Float64Array;
  private n = 0;

  constructor(readonly k: number) {
    this.rows = new Int32Array(Math.max(1, k));
    this.scores = new Float64Array(Math.max(1, k));
  }

  /** The weakest kept score once full (-Infinity before): a row must beat it to enter. */
  get floor(): number {
    return this.n < this.k ? -Infinity : (this.scores[0] ?? -Infinity);
  }

  push(row: number, score: number): void {
    const { rows, scores } = this;
    if (this.n < this.k) {
      let i = this.n++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        const ps = scores[parent] ?? 0;
        if (ps <= score) break;
        scores[i] = ps;
        rows[i] = rows[parent] ?? 0;
        i = parent;
      }
      scores[i] = score;
      rows[i] = row;
      return;
    }
    if (score <= (scores[0] ?? -Infinity)) return;
    // Replace the root and sift down.
    let i = 0;
    const n = this.n;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && (scores[r] ?? 0) < (scores[l] ?? 0) ? r : l;
      const cs = scores[c] ?? 0;
      if (cs >= score) break;
      scores[i] = cs;
      rows[i] = rows[c] ?? 0;
      i = c;
    }
    scores[i] = score;
    rows[i] = row;
  }

  /** Kept rows, best first. */
  sorted(): { row: number; score: number }[] {
    const out: { row: number; score: number }[] = [];
    for (let i = 0; i < this.n; i++) out.push({ row: this.rows[i] ?? 0, score: this.scores[i] ?? 0 });
    return out.sort((a, b) => b.score - a.score || a.row - b.row);
  }
}
