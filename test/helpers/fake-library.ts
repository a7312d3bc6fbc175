/**
 * A real library scope (SQLite + sqlite-vec) in a temp folder for orchestrator tests, with the
 * pieces the indexer needs wired as create-core.ts wires them, over a fake model.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readPhotoMetadata } from '../../electron/core/image/metadata.js';
import { openImage } from '../../electron/core/image/open-image.js';
import { isCandidateImagePath } from '../../electron/core/image/supported-formats.js';
import { createIndexer, type Indexer } from '../../electron/core/indexer/indexer.js';
import { openLibraryScope, type LibraryScope } from '../../electron/core/library-scope.js';
import { silentLogger } from '../../electron/core/logger.js';
import type { VectorStore } from '../../electron/core/store/vector-store.js';
import type { FakeModel } from './fake-model.js';

export interface TempLibrary {
  dir: string;
  scope: LibraryScope;
  cleanup(): Promise<void>;
}

export async function tempLibrary(prefix = 'recollect-lib-'): Promise<TempLibrary> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  const scope = openLibraryScope(path.join(dir, 'library.db'));
  return {
    dir,
    scope,
    async cleanup() {
      scope.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

export function indexerOver(scope: LibraryScope, model: FakeModel): { indexer: Indexer; vectors: VectorStore } {
  const vectors = scope.vectorsFor(model);
  const indexer = createIndexer({
    photos: scope.photos,
    vectors,
    maintenance: scope.maintenance,
    transaction: scope.transaction,
    model,
    openImage,
    readMetadata: readPhotoMetadata,
    acceptFile: isCandidateImagePath,
    logger: silentLogger,
    batchSize: 4,
    decodeConcurrency: 2,
  });
  return { indexer, vectors };
}
