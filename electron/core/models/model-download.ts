/**
 * Downloads a whole model (models.md): lists the repository, picks the files (a catalog entry's
 * list, or the supported layout for a hub name), checks free space, fetches each file into
 * `<models>/.staging/<id>` (kept across restarts and cancels, so the next try resumes), pins the
 * revision to the commit the hub resolved on the first file (every file from one commit), and
 * installs only when every file is verified (model-install.ts).
 */
import { mkdir, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CoreError } from '../core-error.js';
import type { Logger } from '../logger.js';
import type { CatalogFile } from './catalog-schema.js';
import { downloadFile, type DownloadedFile } from './download-file.js';
import { ProgressTracker, type DownloadProgress } from './download-progress.js';
import { FileHashes } from './file-hashes.js';
import { requireFreeSpace, statfsFreeBytes, type FreeSpaceProbe } from './free-space.js';
import { listRepoFiles, matchCatalogFiles, pickModelFiles, type HubFile } from './hub-file-list.js';
import type { HubConnection } from './hub-request.js';
import { displayEndpoint, fileUrl } from './hub-urls.js';
import { installStaged } from './model-install.js';
import type { ManifestFile, ModelManifest } from './model-manifest.js';
import { DEFAULT_RETRY, RetryableError, type RetryHooks, type RetryPolicy } from './retry.js';
import { lockStaging } from './staging-lock.js';

export interface ModelSource {
  /** Folder name under the models folder (catalog id, or owner--name). */
  id: string;
  catalogId: string | null;
  repo: string;
  revision: string;
  quantized: boolean;
  /** A catalog entry's files; null: pick the supported layout from the listing. */
  wanted: readonly CatalogFile[] | null;
}

export interface DownloadModelOptions {
  modelsDir: string;
  source: ModelSource;
  conn: HubConnection;
  logger: Logger;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  retry?: RetryPolicy;
  freeSpace?: FreeSpaceProbe;
  now?: () => number;
}

export interface DownloadedModel {
  id: string;
  dir: string;
  files: ManifestFile[];
  seconds: number;
  manifest: ModelManifest;
}

export const STAGING_DIR = '.staging';

export function stagingDirFor(modelsDir: string, source: Pick<ModelSource, 'id' | 'quantized'>): string {
  return path.join(modelsDir, STAGING_DIR, `${source.id}${source.quantized ? '-quantized' : ''}`);
}

const COMMIT = /^[0-9a-f]{40}$/;

async function sizeOf(file: string): Promise<number | null> {
  return stat(file).then((s) => s.size, () => null);
}

/** A file a previous run finished in staging, checked again (it could have been touched since). */
async function stagedFile(staging: string, file: HubFile): Promise<DownloadedFile | null> {
  const full = path.join(staging, ...file.path.split('/'));
  const size = await sizeOf(full);
  if (size === null || (file.bytes !== null && size !== file.bytes)) return null;
  const hashes = new FileHashes(size);
  await hashes.updateFromFile(full);
  const digest = hashes.digest();
  if ((file.sha256 && digest.sha256 !== file.sha256) || (file.gitSha1 && digest.gitSha1 !== file.gitSha1)) return null;
  return { path: file.path, bytes: size, sha256: digest.sha256, commit: null };
}

export async function downloadModel(opts: DownloadModelOptions): Promise<DownloadedModel> {
  const started = (opts.now ?? Date.now)();
  try {
    return await run(opts, started);
  } catch (err) {
    if (opts.signal?.aborted) {
      throw new CoreError('MODEL_DOWNLOAD_CANCELLED', `The download of ${opts.source.repo} was cancelled; starting it again resumes where it stopped.`, { cause: err });
    }
    if (err instanceof RetryableError) {
      throw new CoreError('MODEL_DOWNLOAD_FAILED', `Downloading ${opts.source.repo} failed: ${err.detail}, after ${(opts.retry ?? DEFAULT_RETRY).attempts} tries. Starting the download again resumes where it stopped.`, { cause: err });
    }
    throw err;
  }
}

async function run(opts: DownloadModelOptions, started: number): Promise<DownloadedModel> {
  const { source, logger } = opts;
  const retry = opts.retry ?? DEFAULT_RETRY;
  const hooks = {
    signal: opts.signal,
    onRetry: (err: { detail: string }, attempt: number, delayMs: number) => logger.warn('model download: trying again', { repo: source.repo, attempt, delayMs, reason: err.detail }),
  };
  const staging = stagingDirFor(opts.modelsDir, source);
  await mkdir(staging, { recursive: true });
  const release = await lockStaging(`${staging}.lock`, source.repo);
  try {
    return await fetchAll(opts, staging, started, retry, hooks);
  } finally {
    await release();
    // A download that failed before its first byte leaves no empty staging folder ("partial").
    await rmdir(staging).catch(() => undefined);
  }
}

async function fetchAll(opts: DownloadModelOptions, staging: string, started: number, retry: RetryPolicy, hooks: RetryHooks): Promise<DownloadedModel> {
  const { source, conn, logger } = opts;
  const listing = await listRepoFiles(conn, source.repo, source.revision, retry, hooks);
  const files = source.wanted ? matchCatalogFiles(listing, source.wanted, source.repo, source.revision) : pickModelFiles(listing, source.quantized, source.repo);
  // Catalog sizes marked unverified are checked here: the hub's listing is what counts, and a
  // difference is logged so the catalog can be corrected.
  for (const f of files) {
    const listed = source.wanted?.find((w) => w.path === f.path)?.bytes;
    if (listed !== undefined && f.bytes !== null && listed !== f.bytes) logger.info('catalog size differs from the hub', { repo: source.repo, file: f.path, catalog: listed, hub: f.bytes });
  }

  let have = 0;
  for (const f of files) {
    const full = path.join(staging, ...f.path.split('/'));
    have += (await sizeOf(full)) ?? (await sizeOf(`${full}.part`)) ?? 0;
  }
  const total = files.reduce((sum, f) => sum + (f.bytes ?? 0), 0);
  await requireFreeSpace(opts.modelsDir, Math.max(0, total - have), opts.freeSpace ?? statfsFreeBytes);

  const tracker = new ProgressTracker(total, files.length, opts.now);
  tracker.alreadyHave(have);
  let revision = source.revision;
  let commit: string | null = COMMIT.test(revision) ? revision : null;
  const done: DownloadedFile[] = [];
  for (const [i, file] of files.entries()) {
    tracker.startFile(file.path, i + 1);
    opts.onProgress?.(tracker.snapshot());
    const staged = await stagedFile(staging, file);
    const result =
      staged ??
      (await downloadFile(file, fileUrl(conn.endpoint, source.repo, revision, file.path), {
        conn,
        subject: { repo: source.repo, revision },
        stagingDir: staging,
        retry,
        hooks,
        onBytes: (delta) => {
          tracker.add(delta);
          opts.onProgress?.(tracker.snapshot());
        },
      }));
    // Every later file from the commit the first one came from, even if the branch moves meanwhile.
    if (!commit && result.commit && COMMIT.test(result.commit)) {
      commit = result.commit;
      revision = commit;
    }
    done.push(result);
  }
  const manifestFiles = done.map((f) => ({ path: f.path, bytes: f.bytes, sha256: f.sha256 }));
  const { dir, manifest } = await installStaged(opts.modelsDir, staging, {
    format: 1,
    id: source.id,
    catalogId: source.catalogId,
    source: { kind: 'hub', repo: source.repo, endpoint: displayEndpoint(conn.endpoint), revision: source.revision, commit },
    files: manifestFiles,
  });
  logger.info('model installed', { id: source.id, dir, files: manifestFiles.length });
  return { id: source.id, dir, files: manifestFiles, seconds: ((opts.now ?? Date.now)() - started) / 1000, manifest };
}
