/**
 * Photo id -> row of the accelerator. Photo ids are SQLite rowids, dense in practice, so a typed
 * array indexed by id does it in 4 bytes a photo (1M photos: 4 MB; a Map of 1M numbers holds
 * tens of MB and is filled entry by entry on every load); ids spread far apart (past 4x the
 * photos + 64k) use a Map.
 */
const NONE = -1;

export class RowLookup {
  private dense = new Int32Array(1024).fill(NONE);
  private sparse: Map<number, number> | null = null;
  private n = 0;

  get size(): number {
    return this.n;
  }

  get(id: number): number | undefined {
    if (this.sparse) return this.sparse.get(id);
    const r = id >= 0 && id < this.dense.length ? (this.dense[id] ?? NONE) : NONE;
    return r === NONE ? undefined : r;
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  set(id: number, row: number): void {
    if (!this.has(id)) this.n++;
    if (!this.sparse && (!Number.isInteger(id) || id < 0 || id >= this.dense.length)) this.widen(id);
    if (this.sparse) this.sparse.set(id, row);
    else this.dense[id] = row;
  }

  delete(id: number): void {
    if (!this.has(id)) return;
    this.n--;
    if (this.sparse) this.sparse.delete(id);
    else this.dense[id] = NONE;
  }

  /** Every id with a row, ascending for the dense form. */
  keys(): number[] {
    if (this.sparse) return [...this.sparse.keys()];
    const out: number[] = [];
    for (let id = 0; id < this.dense.length; id++) if ((this.dense[id] ?? NONE) !== NONE) out.push(id);
    return out;
  }

  /**
   * Every `step`-th id of keys() (the 0th, the step-th, ...), at most `limit`, without building
   * keys(): at 1M photos that array cost ~100 ms of a fresh process's first query (twice: the
   * file's spot checks and the cut-off's sample; profiled 2026-12-03).
   */
  everyNth(step: number, limit: number): number[] {
    const stride = Math.max(1, Math.floor(step));
    const out: number[] = [];
    let i = 0;
    if (this.sparse) {
      for (const id of this.sparse.keys()) {
        if (out.length >= limit) break;
        if (i++ % stride === 0) out.push(id);
      }
      return out;
    }
    const dense = this.dense;
    for (let id = 0; id < dense.length && out.length < limit; id++) {
      if ((dense[id] ?? NONE) === NONE) continue;
      if (i++ % stride === 0) out.push(id);
    }
    return out;
  }

  private widen(id: number): void {
    const wanted = Math.max(this.dense.length * 2, id + 1);
    if (!Number.isInteger(id) || id < 0 || wanted > 4 * this.n + 65536) {
      this.sparse = new Map();
      this.dense.forEach((row, i) => {
        if (row !== NONE) this.sparse?.set(i, row);
      });
      this.dense = new Int32Array(0);
      return;
    }
    const next = new Int32Array(wanted).fill(NONE);
    next.set(this.dense);
    this.dense = next;
  }
}
