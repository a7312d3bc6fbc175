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

/** Values by key, each computed once per library change (all are dropped when the stamp moves). */
export class StampedCache<K, V> {
  private stamp = '';
  private readonly values = new Map<K, V>();

  constructor(private readonly changeStamp: ChangeStamp) {}

  get(key: K, compute: () => V): V {
    const now = this.changeStamp.read();
    if (now !== this.stamp) {
      this.values.clear();
      this.stamp = now;
    }
    let value = this.values.get(key);
    if (value === undefined) {
      value = compute();
      this.values.set(key, value);
    }
    return value;
  }
}
