/**
 * Remembers the sha256 of a model's ONNX files (model-id.ts) by their stat, so an unchanged model
 * folder is not read again on every process start (ViT-B/32: ~600 MB, seconds of sha256 on 2 vCPU;
 * docs/benchmarks.md, issue 14). The digest is the same one hashFiles computes over the files in
 * order, so ids stay what they were and stored vectors keep matching.
 *
 * Derived data in one small JSON file: missing, unreadable or malformed means "hash again", never an
 * error; it is written whole to a temp file and renamed, so a crash never leaves half a file.
 *
 * The key of each file is its absolute path, size, mtime and ctime (ns) and inode + device. New bytes
 * change mtime and ctime; ctime cannot be set back from user space, so a same-size rewrite whose
 * mtime is restored (`touch -r`) is still seen; a file moved into place has another inode. A file
 * rewritten after it was hashed but within its filesystem's timestamp granularity would look
 * unchanged (git's "racy git" problem, Documentation/technical/racy-git.txt), so an entry is kept
 * only when every file last changed at least RACY_WINDOW_MS before hashing began.
 * Must not import sessions or any host.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { describeError } from '../core-error.js';
import { silentLogger, type Logger } from '../logger.js';
import { hashFiles } from './model-id.js';

/** FAT's mtime step is 2 s, the coarsest a model folder is likely to sit on. */
export const RACY_WINDOW_MS = 2000;
/** Entries kept (most recently hashed first): one per model folder and variant a user has loaded. */
const MAX_ENTRIES = 32;
const FORMAT = 1;

const fileStampSchema = z.object({
  path: z.string(),
  size: z.string(),
  mtimeNs: z.string(),
  ctimeNs: z.string(),
  ino: z.string(),
  dev: z.string(),
});
type FileStamp = z.infer<typeof fileStampSchema>;

const cacheSchema = z.object({
  format: z.literal(FORMAT),
  entries: z.array(z.object({ files: z.array(fileStampSchema), sha256: z.string().regex(/^[0-9a-f]{64}$/), hashedAt: z.number() })),
});
type CacheEntry = z.infer<typeof cacheSchema>['entries'][number];

export interface ModelHashCacheOptions {
  /** Hashes the files' bytes in order (default: hashFiles); tests count its calls. */
  hash?: (files: readonly string[]) => Promise<string>;
  /** Wall clock in ms (default Date.now), compared with the files' mtime and ctime. */
  now?: () => number;
  logger?: Logger;
}

export class ModelHashCache {
  readonly #file: string;
  readonly #hash: (files: readonly string[]) => Promise<string>;
  readonly #now: () => number;
  readonly #logger: Logger;

  constructor(file: string, options: ModelHashCacheOptions = {}) {
    this.#file = file;
    this.#hash = options.hash ?? hashFiles;
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger ?? silentLogger;
  }

  /** sha256 (hex) of the files' bytes in order, as hashFiles gives it; read from the cache when no file's stat changed. */
  async hashFiles(files: readonly string[]): Promise<string> {
    const paths = files.map((f) => path.resolve(f));
    const before = await Promise.all(paths.map(stampOf));
    const entries = await this.#read();
    const hit = entries.find((e) => sameStamps(e.files, before));
    if (hit) return hit.sha256;
    const started = this.#now();
    const sha256 = await this.#hash(paths);
    // A file written while it was read, or changed too recently to tell a later same-second
    // rewrite apart, is hashed again next time rather than trusted.
    const after = await Promise.all(paths.map(stampOf));
    if (sameStamps(before, after) && before.every((s) => started - changedMs(s) >= RACY_WINDOW_MS)) {
      const others = entries.filter((e) => !samePaths(e.files, before));
      await this.#write([{ files: before, sha256, hashedAt: started }, ...others].slice(0, MAX_ENTRIES));
    }
    return sha256;
  }

  async #read(): Promise<CacheEntry[]> {
    let raw: string;
    try {
      raw = await readFile(this.#file, 'utf8');
    } catch {
      return [];
    }
    try {
      const parsed = cacheSchema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data.entries;
    } catch {
      // not JSON: same as malformed
    }
    this.#logger.debug('model hash cache unreadable; the model files are hashed again', { file: this.#file });
    return [];
  }

  async #write(entries: CacheEntry[]): Promise<void> {
    const tmp = `${this.#file}.${process.pid}.${randomUUID()}.tmp`;
    try {
      await mkdir(path.dirname(this.#file), { recursive: true });
      await writeFile(tmp, JSON.stringify({ format: FORMAT, entries }));
      await rename(tmp, this.#file);
    } catch (err) {
      // Derived data: without it the next process hashes the files again, nothing more.
      await rm(tmp, { force: true }).catch(() => {});
      this.#logger.debug(`model hash cache not written (${describeError(err)})`, { file: this.#file });
    }
  }
}

async function stampOf(file: string): Promise<FileStamp> {
  const st = await stat(file, { bigint: true });
  return {
    path: file,
    size: String(st.size),
    mtimeNs: String(st.mtimeNs),
    ctimeNs: String(st.ctimeNs),
    ino: String(st.ino),
    dev: String(st.dev),
  };
}

function changedMs(s: FileStamp): number {
  return Number((BigInt(s.mtimeNs) > BigInt(s.ctimeNs) ? BigInt(s.mtimeNs) : BigInt(s.ctimeNs)) / 1_000_000n);
}

function sameStamps(a: readonly FileStamp[], b: readonly FileStamp[]): boolean {
  return (
    a.length === b.length &&
    a.every((s, i) => {
      const t = b[i];
      return t !== undefined && s.path === t.path && s.size === t.size && s.mtimeNs === t.mtimeNs && s.ctimeNs === t.ctimeNs && s.ino === t.ino && s.dev === t.dev;
    })
  );
}

function samePaths(a: readonly FileStamp[], b: readonly FileStamp[]): boolean {
  return a.length === b.length && a.every((s, i) => s.path === b[i]?.path);
}
