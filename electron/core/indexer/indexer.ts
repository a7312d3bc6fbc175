/**
 * scan -> diff -> (hash for moves) -> decode + embed in overlapping batches -> store -> clean up.
 * Crash safety: a photo row and its vector are written in the same transaction, so a process killed
 * at any point leaves a consistent library, and the next run resumes from what was committed
 * (unchanged files are recognised by size + mtime and are not decoded again).
 * Never imports a host; collaborators are passed in (conventions.md rule 7).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { CoreError } from '../core-error.js';
import type { ClipModel } from '../embed/clip-model.js';
import type { Logger } from '../logger.js';
import { hashFile } from '../scan/content-hash.js';
import { diffFiles, type FileDiff } from '../scan/diff-files.js';
import { UnseenPaths } from '../scan/unseen-paths.js';
import { walkFolder, type WalkedFile } from '../scan/walk.js';
import { folderKey } from '../store/path-range.js';
import type { PhotoFingerprint, PhotoStore } from '../store/photo-store.js';
import type { VectorMaintenance } from '../store/vector-maintenance.js';
import type { VectorStore } from '../store/vector-store.js';
import type { Transaction } from '../library-scope.js';
import { runBatchedPipeline } from './batched-pipeline.js';
import type { IndexProgress, IndexReport, SkippedFile } from './index-report.js';
import { preparePhoto, type PhotoJob, type PhotoReaders, type PreparedPhoto } from './prepare-photo.js';

export interface IndexerDeps extends Omit<PhotoReaders, 'model'> {
  photos: PhotoStore;
  /** The model slot's vectors this run fills. */
  vectors: VectorStore;
  /** Keeps the other models' vectors in step (moves, changed and removed photos). */
  maintenance: VectorMaintenance;
  /** One SQLite transaction: a photo row and its vectors are written together or not at all. */
  transaction: Transaction;
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
  return {
    index: async (folders, options = {}) => new IndexRun(deps, options).run(await checkFolders(folders)),
  };
}

/** One indexing run: scan -> plan (moves) -> embed -> clean up. State lives here, steps stay short. */
class IndexRun {
  private readonly started = performance.now();
  private readonly emit: (progress: IndexProgress) => void;
  private readonly skipped: SkippedFile[] = [];
  private readonly progress: IndexProgress = {
    phase: 'scanning', found: 0, total: 0, processed: 0, imagesPerSecond: 0, etaSeconds: null, currentPath: null,
  };
  private moved = 0;
  private indexed = 0;

  constructor(
    private readonly deps: IndexerDeps,
    private readonly options: IndexRunOptions,
  ) {
    this.emit = options.onProgress ?? (() => {});
  }

  async run(roots: readonly string[]): Promise<IndexReport> {
    const diff = await this.scan(roots);
    const jobs = await this.plan(diff);
    await this.embed(jobs);
    const stopped = this.options.signal?.aborted ?? false;
    // A stopped run keeps every photo: "gone" is only certain after a complete scan and plan.
    const removed = stopped ? 0 : this.removeGone(diff.gone);
    const { indexed, moved, skipped } = this;
    this.deps.logger.info('index finished', { indexed, moved, removed, skipped: skipped.length, stopped });
    this.emit({ ...this.progress, phase: 'done', etaSeconds: 0 });
    const seconds = Math.round((performance.now() - this.started) / 10) / 100;
    return { indexed, unchanged: diff.unchanged.length, moved, removed, skipped, seconds, stopped };
  }

  private async scan(roots: readonly string[]): Promise<FileDiff> {
    const onDisk: WalkedFile[] = [];
    const known: PhotoFingerprint[] = [];
    const withVector = new Set<number>();
    const unseen = new UnseenPaths();
    for (const root of roots) {
      // A loop, not push(...rows): spreading more than ~125,000 arguments overflows V8's stack, and a
      // library folder can hold more photos than that.
      for (const k of this.deps.photos.fingerprintsUnder(root)) known.push(k);
      for (const id of this.deps.vectors.idsWithVectorUnder(root)) withVector.add(id);
      for await (const ev of walkFolder(root, this.deps.acceptFile, { libraryRoots: roots })) {
        if (ev.kind !== 'file') {
          if (ev.kind === 'unseen') unseen.add(ev.what, ev.path);
          this.skipped.push({ path: ev.path, reason: ev.reason });
          continue;
        }
        onDisk.push(ev.file);
        this.progress.found = onDisk.length;
        if (onDisk.length % 200 === 0) this.emit({ ...this.progress, currentPath: ev.file.path });
      }
    }
    const diff = diffFiles(onDisk, known, (id) => withVector.has(id), unseen);
    for (const s of diff.stillSkipped) this.skipped.push({ path: s.path, reason: s.skipReason ?? 'skipped' });
    return diff;
  }

  /** Jobs to decode. Moves are settled here: a new path whose content matches a photo that disappeared keeps its vector. */
  private async plan(diff: FileDiff): Promise<PhotoJob[]> {
    const goneByHash = new Map<string, PhotoFingerprint>();
    for (const g of diff.gone) if (g.contentHash && g.status === 'indexed') goneByHash.set(g.contentHash, g);
    const jobs: PhotoJob[] = [];
    if (goneByHash.size > 0) this.emit({ ...this.progress, phase: 'hashing' });
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
        this.move(was, file);
        if (!this.deps.vectors.has(was.id)) jobs.push({ file, photoId: was.id, contentHash: hash });
      } else {
        jobs.push(hash ? { file, contentHash: hash } : { file });
      }
    }
    for (const c of [...diff.changed, ...diff.retried]) jobs.push({ file: c.file, photoId: c.known.id, changed: true });
    for (const n of diff.needsVector) jobs.push({ file: n.file, photoId: n.known.id, contentHash: n.known.contentHash ?? undefined });
    return jobs;
  }

  private move(was: PhotoFingerprint, file: WalkedFile): void {
    const { transaction, photos, maintenance } = this.deps;
    const rec = photos.get(was.id);
    transaction(() => {
      photos.move(was.id, file.path, folderKey(file.path), file.mtimeMs);
      maintenance.updateMetaEverywhere(was.id, folderKey(file.path), rec?.takenAt ?? file.mtimeMs);
    });
    this.moved++;
  }

  private async embed(jobs: PhotoJob[]): Promise<void> {
    const { deps, progress } = this;
    progress.phase = 'indexing';
    progress.total = jobs.length;
    this.emit({ ...progress });
    const t0 = performance.now();
    const readers: PhotoReaders = { openImage: deps.openImage, readMetadata: deps.readMetadata, model: deps.model };
    await runBatchedPipeline(jobs, {
      batchSize: deps.batchSize ?? 16,
      concurrency: deps.decodeConcurrency ?? 3,
      signal: this.options.signal,
      prepare: (job) => preparePhoto(job, readers),
      consume: async (batch) => {
        await this.commitBatch(batch);
        for (const p of batch) {
          if (p.ok) this.indexed++;
          else this.skipped.push({ path: p.job.file.path, reason: p.reason });
        }
        progress.processed += batch.length;
        const secs = (performance.now() - t0) / 1000;
        progress.imagesPerSecond = secs > 0 ? progress.processed / secs : 0;
        progress.etaSeconds = progress.imagesPerSecond > 0 ? (progress.total - progress.processed) / progress.imagesPerSecond : null;
        progress.currentPath = batch[batch.length - 1]?.job.file.path ?? null;
        this.emit({ ...progress });
      },
    });
  }

  /** Photo rows and their vectors in one transaction: a killed process leaves both or neither. */
  private async commitBatch(batch: PreparedPhoto[]): Promise<void> {
    const { transaction, photos, vectors, maintenance, model } = this.deps;
    const good = batch.filter((p): p is Extract<PreparedPhoto, { ok: true }> => p.ok);
    const embeddings = good.length > 0 ? await model.encodeImages(good.map((p) => p.pixels)) : [];
    transaction(() => {
      let i = 0;
      for (const p of batch) {
        const id = p.job.photoId;
        if (id !== undefined) photos.replace(id, p.fields);
        const photoId = id ?? photos.insert(p.fields);
        // A changed file's vectors under every model are stale now; a file that only lacks this
        // model's vector keeps the others (switching models back must not re-embed).
        if (p.job.changed || !p.ok) maintenance.deleteEverywhere(photoId);
        if (!p.ok) continue;
        const vector = embeddings[i++];
        if (!vector) throw new Error('model returned fewer embeddings than images');
        vectors.put(photoId, vector, p.fields.folder, p.fields.takenAt ?? p.fields.mtimeMs);
      }
    });
  }

  private removeGone(gone: readonly PhotoFingerprint[]): number {
    if (gone.length === 0) return 0;
    const { transaction, photos, maintenance } = this.deps;
    this.emit({ ...this.progress, phase: 'cleaning' });
    transaction(() => {
      for (const g of gone) {
        maintenance.deleteEverywhere(g.id);
        photos.delete(g.id);
      }
    });
    return gone.length;
  }
}
