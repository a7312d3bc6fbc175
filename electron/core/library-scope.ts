/**
 * The library scope: one SQLite library opened once, with its stores. It outlives every model:
 * model slots (model-slot.ts) come and go over it, and user data (folders, settings, soon albums)
 * lives here, never in a slot. The raw database handle stays inside: callers get stores and a
 * transaction helper (issue 7: the indexer must not need the handle).
 */
import { AlbumStore } from './store/album-store.js';
import { DuplicateStore } from './store/duplicate-store.js';
import { FolderStore } from './store/folder-store.js';
import { readLibraryStats, type LibraryStats } from './store/library-stats.js';
import { ModelRegistry, type ModelStamp } from './store/model-registry.js';
import { openLibrary } from './store/open-library.js';
import { PhotoStore } from './store/photo-store.js';
import { SettingsStore } from './store/settings-store.js';
import { SortJournalStore } from './store/sort-journal-store.js';
import { VectorMaintenance } from './store/vector-maintenance.js';
import { VectorStore } from './store/vector-store.js';

/** Runs `fn` in one SQLite transaction (nested calls become savepoints). */
export type Transaction = <T>(fn: () => T) => T;

export interface LibraryScope {
  readonly file: string;
  readonly readonly: boolean;
  readonly photos: PhotoStore;
  readonly folders: FolderStore;
  readonly settings: SettingsStore;
  readonly albums: AlbumStore;
  /** Byte copies and the photos table's version stamp (issue 13: duplicates). */
  readonly duplicates: DuplicateStore;
  readonly models: ModelRegistry;
  /** Sort-to-disk runs and their journalled steps (issue 10). */
  readonly sortJournal: SortJournalStore;
  readonly maintenance: VectorMaintenance;
  readonly transaction: Transaction;
  /** The vector table of one model (created on first use; one instance per model id). */
  vectorsFor(model: ModelStamp): VectorStore;
  /** Drops one model's vectors (model manager: "remove with its vectors"); false when it had none. */
  removeModelVectors(modelId: string): boolean;
  stats(): LibraryStats;
  close(): void;
}

export function openLibraryScope(file: string, options: { readonly?: boolean } = {}): LibraryScope {
  const library = openLibrary(file, { readonly: options.readonly ?? false });
  const { db } = library;
  const models = new ModelRegistry(db);
  const maintenance = new VectorMaintenance(db, models);
  const vectorStores = new Map<string, VectorStore>();
  return {
    file: library.file,
    readonly: library.readonly,
    photos: new PhotoStore(db),
    folders: new FolderStore(db, maintenance),
    settings: new SettingsStore(db),
    albums: new AlbumStore(db),
    duplicates: new DuplicateStore(db),
    models,
    sortJournal: new SortJournalStore(db),
    maintenance,
    transaction: (fn) => db.transaction(fn)(),
    vectorsFor(model) {
      let store = vectorStores.get(model.id);
      if (!store) {
        store = new VectorStore(db, models, model);
        vectorStores.set(model.id, store);
      }
      return store;
    },
    removeModelVectors(modelId) {
      vectorStores.delete(modelId);
      return models.remove(modelId);
    },
    stats: () => readLibraryStats(db),
    close: () => library.close(),
  };
}
