/**
 * Counts for `recollect status` and the app's status bar.
 */
import type { Database } from 'better-sqlite3';
import { isRow } from './photo-record.js';

export interface LibraryStats {
  photos: number;
  indexed: number;
  skipped: number;
  models: { id: string; name: string; dim: number; vectors: number }[];
}

export function readLibraryStats(db: Database): LibraryStats {
  const stats: LibraryStats = { photos: 0, indexed: 0, skipped: 0, models: [] };
  for (const row of db.prepare('SELECT status, count(*) AS n FROM photos GROUP BY status').all()) {
    if (!isRow(row)) continue;
    const n = Number(row.n);
    stats.photos += n;
    if (row.status === 'indexed') stats.indexed = n;
    if (row.status === 'skipped') stats.skipped = n;
  }
  const models = db.prepare(
    `SELECT m.id, m.name, m.dim, (SELECT count(*) FROM embeddings e WHERE e.model_id = m.id) AS n
     FROM models m ORDER BY m.created_at`,
  );
  for (const row of models.all()) {
    if (!isRow(row)) continue;
    stats.models.push({ id: String(row.id), name: String(row.name), dim: Number(row.dim), vectors: Number(row.n) });
  }
  return stats;
}
