/**
 * scan -> diff -> (hash for moves) -> decode + embed in overlapping batches -> store -> clean up.
 * Crash safety: a photo row and its vector are written in the same transaction, so a process killed
 * at any point leaves a consistent library, and the next run resumes from what was committed
 * (unchanged files are recognised by size + mtime and are not decoded again).
 * Never imports a host; collaborators are passed in (conventions.md rule 7).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { CoreError } from '../core-error.js';
import type { ClipModel } from '../embed/clip-model.js';
import type { Logger } from '../logger.js';
import { hashFile } from '../scan/content-hash.js';
import { diffFiles } from '../scan/diff-files.js';
import { walkFolder, type WalkedFile } from '../scan/walk.js';
import { folderKey } from '../store/path-range.js';
import type { PhotoFingerprint, PhotoStore } from '../store/photo-store.js';
import { deleteVectorsEverywhere, updateVectorMetaEverywhere, type VectorStore } from '../store/vector-store.js';
import { runBatchedPipeline } from './batched-pipeline.js';
import type { IndexProgress, IndexReport, SkippedFile } from './index-report.js';
import { preparePhoto, type PhotoJob, type PhotoReaders, type PreparedPhoto } from './prepare-photo.js';

export interface IndexerDeps extends Omit<PhotoReaders, 'model'> {
  db: Database;
  photos: PhotoStore;
  vectors: VectorStore;
  model: ClipModel;
  acceptFile: (filePath: string) => boolean;
  logger: Logger;
  /** Images per inference call; 16 measured best for ViT-B/32 on 2 threads (docs/benchmarks.md). */
  batchSize?: number;
  /** Files decoded at once; sharp runs them on libuv's thread pool. */
  decodeConcurrency?: number;
}

export interface IndexRunOptions {
  onProgress?: (progress: IndexProgress) => void;
  signal?: AbortSignal;
}

export interface Indexer {
  index(folders: readonly string[], options?: IndexRunOptions): Promise<IndexReport>;
}

/** Resolves and checks the folders to index; throws a CoreError a person can act on. */
export async function checkFolders(folders: readonly string[]): Promise<string[]> {
  const roots: string[] = [];
  for (const folder of folders) {
    const abs = path.resolve(folder);
    const st = await fs.stat(abs).catch(() => null);
    if (!st) throw new CoreError('FOLDER_NOT_FOUND', `Folder not found: ${abs}. Check the path (is the drive connected?).`);
    if (!st.isDirectory()) throw new CoreError('INVALID_ARGUMENT', `Not a folder: ${abs}. Give the folder that holds the photos.`);
    roots.push(abs);
  }
  // A root inside another root would be walked twice: keep the outer one.
  return roots.filter((r) => !roots.some((o) => o !== r && r.startsWith(o.endsWith(path.sep) ? o : o + path.sep)));
}

export function createIndexer(deps: IndexerDeps): Indexer {
  const { db, photos, vectors, model, logger } = deps;
  const batchSize = deps.batchSize ?? 16;
  const concurrency = deps.decodeConcurrency ?? 3;

  const commitBatch = async (batch: PreparedPhoto[]): Promise<void> => {
    const good = batch.filter((p): p is Extract<PreparedPhoto, { ok: true }> => p.ok);
    const embeddings = good.length > 0 ? await model.encodeImages(good.map((p) => p.pixels)) : [];
    db.transaction(() => {
      let i = 0;
      for (const p of batch) {
        const id = p.job.photoId;
        if (id !== undefined) photos.replace(id, p.fields);
        const photoId = id ?? photos.insert(p.fields);
        // A changed file's vectors under every model are stale now; a file that only lacks this
        // model's vector keeps the others (switching models back must not re-embed).
        if (p.job.changed || !p.ok) deleteVectorsEverywhere(db, photoId);
        if (!p.ok) continue;
        const vector = embeddings[i++];
        if (!vector) throw new Error('model returned fewer embeddings than images');
        vectors.put(photoId, vector, p.fields.folder, p.fields.takenAt ?? p.fields.mtimeMs);
      }
    })();
  };

  return {
    async index(folders, options = {}) {
      const started = performance.now();
      const emit = options.onProgress ?? (() => {});
      const roots = await checkFolders(folders);
      const skipped: SkippedFile[] = [];
      const progress: IndexProgress = {
        phase: 'scanning', found: 0, total: 0, processed: 0, imagesPerSecond: 0, etaSeconds: null, currentPath: null,
      };

      const onDisk: WalkedFile[] = [];
      const known: PhotoFingerprint[] = [];
      for (const root of roots) {
        known.push(...photos.fingerprintsUnder(root));
        for await (const ev of walkFolder(root, deps.acceptFile)) {
          if (ev.kind === 'error') {
            skipped.push({ path: ev.path, reason: ev.reason });
            continue;
          }
          onDisk.push(ev.file);
          progress.found = onDisk.length;
          if (onDisk.length % 200 === 0) emit({ ...progress, currentPath: ev.file.path });
        }
      }
      const diff = diffFiles(onDisk, known, (id) => vectors.has(id));
      for (const s of diff.stillSkipped) skipped.push({ path: s.path, reason: s.skipReason ?? 'skipped' });

      // Moves: a new path whose content matches a photo that disappeared keeps that photo's vector.
      const goneByHash = new Map<string, PhotoFingerprint>();
      for (const g of diff.gone) if (g.contentHash && g.status === 'indexed') goneByHash.set(g.contentHash, g);
      const jobs: PhotoJob[] = [];
      let moved = 0;
      if (goneByHash.size > 0) emit({ ...progress, phase: 'hashing' });
      for (const file of diff.added) {
        if (goneByHash.size === 0) {
          jobs.push({ file });
          continue;
        }
        const hash = await hashFile(file.path).catch(() => undefined);
        const was = hash ? goneByHash.get(hash) : undefined;
        if (hash && was) {
          goneByHash.delete(hash);
          diff.gone.splice(diff.gone.indexOf(was), 1);
          const rec = photos.get(was.id);
          db.transaction(() => {
            photos.move(was.id, file.path, folderKey(file.path), file.mtimeMs);
            updateVectorMetaEverywhere(db, was.id, folderKey(file.path), rec?.takenAt ?? file.mtimeMs);
          })();
          moved++;
          if (!vectors.has(was.id)) jobs.push({ file, photoId: was.id, contentHash: hash });
        } else {
          jobs.push(hash ? { file, contentHash: hash } : { file });
        }
      }
      for (const c of diff.changed) jobs.push({ file: c.file, photoId: c.known.id, changed: true });
      for (const n of diff.needsVector) jobs.push({ file: n.file, photoId: n.known.id, contentHash: n.known.contentHash ?? undefined });

      progress.phase = 'indexing';
      progress.total = jobs.length;
      emit({ ...progress });
      let indexed = 0;
      const t0 = performance.now();
      const readers: PhotoReaders = { openImage: deps.openImage, readMetadata: deps.readMetadata, model };
      await runBatchedPipeline(jobs, {
        batchSize,
        concurrency,
        signal: options.signal,
        prepare: (job) => preparePhoto(job, readers),
        consume: async (batch) => {
          await commitBatch(batch);
          for (const p of batch) {
            if (p.ok) indexed++;
            else skipped.push({ path: p.job.file.path, reason: p.reason });
          }
          progress.processed += batch.length;
          const secs = (performance.now() - t0) / 1000;
          progress.imagesPerSecond = secs > 0 ? progress.processed / secs : 0;
          progress.etaSeconds = progress.imagesPerSecond > 0 ? (progress.total - progress.processed) / progress.imagesPerSecond : null;
          progress.currentPath = batch[batch.length - 1]?.job.file.path ?? null;
          emit({ ...progress });
        },
      });
      const stopped = options.signal?.aborted ?? false;

      let removed = 0;
      if (!stopped && diff.gone.length > 0) {
        emit({ ...progress, phase: 'cleaning' });
        db.transaction(() => {
          for (const g of diff.gone) {
            deleteVectorsEverywhere(db, g.id);
            photos.delete(g.id);
            removed++;
          }
        })();
      }
      logger.info('index finished', { indexed, moved, removed, skipped: skipped.length, stopped });
      emit({ ...progress, phase: 'done', etaSeconds: 0 });
      return {
        indexed,
        unchanged: diff.unchanged.length,
        moved,
        removed,
        skipped,
        seconds: Math.round((performance.now() - started) / 10) / 100,
        stopped,
      };
    },
  };
}
