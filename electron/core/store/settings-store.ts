/**
 * Small key/value settings kept in the library (model folder, device), so the CLI and the desktop
 * app that share a library also share its choices.
 */
import type { Database, Statement } from 'better-sqlite3';
import { isRow } from './photo-record.js';

/** model.device: provider last used; model.deviceChoice: what the user asked for (auto/cpu/gpu). */
/** model.pending: a model folder being filled (re-embed) that takes over from model.dir when complete. */
/** style.providers: JSON { [providerId]: { [key]: string } }, what the user set for style providers. */
export type SettingKey = 'model.dir' | 'model.device' | 'model.deviceChoice' | 'model.quantized' | 'model.pending' | 'style.providers';

export class SettingsStore {
  private readonly getStmt: Statement;
  private readonly setStmt: Statement;
  private readonly clearStmt: Statement;

  constructor(db: Database) {
    this.getStmt = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.setStmt = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.clearStmt = db.prepare('DELETE FROM settings WHERE key = ?');
  }

  get(key: SettingKey): string | undefined {
    const row: unknown = this.getStmt.get(key);
    return isRow(row) && typeof row.value === 'string' ? row.value : undefined;
  }

  set(key: SettingKey, value: string): void {
    this.setStmt.run(key, value);
  }

  clear(key: SettingKey): void {
    this.clearStmt.run(key);
  }
}
