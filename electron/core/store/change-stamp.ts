/**
 * A cheap "has the library changed?" stamp for caching counts: `total_changes()` moves with every
 * row this connection inserts, updates or deletes, and `PRAGMA data_version` with every commit of
 * another connection (the Electron worker indexes on its own). Reading both costs microseconds;
 * a count(*) over a 100,000-photo path range costs ~50 ms (measured 2026-12-03), and it ran once per
 * thumbnail request.
 */
import type { Database, Statement } from 'better-sqlite3';

export class ChangeStamp {
  private readonly changes: Statement;

  constructor(private readonly db: Database) {
    this.changes = db.prepare('SELECT total_changes() AS n');
  }

  read(): string {
    const row: unknown = this.changes.get();
    const n = typeof row === 'object' && row !== null && 'n' in row ? String(row.n) : '?';
    return `${String(this.db.pragma('data_version', { simple: true }))}:${n}`;
  }
}

/** One value recomputed only when the library changed since it was last computed. */
export class StampedCache<T> {
  private stamp: string | null = null;
  private value: T | undefined;

  constructor(
    private readonly changeStamp: ChangeStamp,
    private readonly compute: () => T,
  ) {}

  get(): T {
    const now = this.changeStamp.read();
    if (this.stamp !== now || this.value === undefined) {
      this.value = this.compute();
      this.stamp = now;
    }
    return this.value;
  }
}
