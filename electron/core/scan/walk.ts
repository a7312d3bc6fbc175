/**
 * Recursive folder walk (async generator). Skips hidden and system folders, never the same real
 * directory twice, and never opens files for writing. What cannot be read is reported as data,
 * not thrown: one bad folder must not abort a scan, and must not look empty either (an unread
 * folder is `unseen`, so the indexer keeps its photos; issue 8, defect 2).
 *
 * Symbolic links are never followed (issue 8, defect 5). A link whose real target lies inside one
 * of the library roots is ignored: the target is indexed under its own path, so following would
 * index the photo twice. A link pointing outside the roots is listed as skipped with the reason:
 * thumbnails, open and reveal only serve files whose real path lies in a library folder
 * (service/photo-assets.ts, core/scan/library-path.ts), so indexing it would give a photo that cannot be shown.
 */
import { stat, statSync, type Dirent, type Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isPathInside } from './library-path.js';
import { describeReadFailure } from './read-failure.js';

export interface WalkedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export type WalkEvent =
  | { kind: 'file'; file: WalkedFile }
  /** Exists but could not be read: what lies there was not seen, so it is not gone. */
  | { kind: 'unseen'; what: 'folder' | 'file'; path: string; reason: string }
  /** Named like a photo but cannot be indexed (a pipe, a socket, a link loop, a link out of the library). */
  | { kind: 'skipped'; path: string; reason: string };

/** The file system calls a walk makes; tests inject failures (root ignores permission bits). */
export interface WalkFs {
  readdir(dir: string): Promise<Dirent[]>;
  stat(file: string): Promise<Stats>;
  realpath(file: string): Promise<string>;
  /** The same stat, blocking; absent: every stat is `stat` (see FolderWalk.statFast). */
  statSync?(file: string): Stats;
}

const nodeFs: WalkFs = {
  readdir: (dir) => fs.readdir(dir, { withFileTypes: true }),
  // The callback API, wrapped: fs.promises.stat took 414 ms for 20,000 files where this took
  // 313 ms (median of 7, interleaved, 2 busy vCPUs; issue 14). A walk stats every file it lists.
  stat: (file) => new Promise((resolve, reject) => stat(file, (err, st) => (err ? reject(err) : resolve(st)))),
  realpath: (file) => fs.realpath(file),
  statSync: (file) => statSync(file),
};

export interface WalkOptions {
  /** Folders whose contents are indexed anyway (default: the root); links into them are not followed. */
  libraryRoots?: readonly string[];
  fs?: WalkFs;
}

/** Folder names that hold no user photos: OS trash/metadata and NAS thumbnail caches. */
const SYSTEM_FOLDERS = new Set([
  '$recycle.bin',
  'system volume information',
  '@eadir', // Synology thumbnails
  '#recycle',
  'lost+found',
  'node_modules',
]);

export function isSkippedFolderName(name: string): boolean {
  return name.startsWith('.') || SYSTEM_FOLDERS.has(name.toLowerCase());
}

/** Files stat'ed at once within one folder (libuv runs 4 at a time; more only queue). */
const STAT_CHUNK = 64;
/**
 * Blocking stats of one chunk that together take longer than SLOW_CHUNK_MS, at more than
 * SLOW_STAT_MS each on average, mean a slow disk or a network share: the rest of the walk stats in
 * parallel on libuv's pool instead. A stat from the OS's cache takes ~4-8 us here; both bounds are
 * needed because one call can also be slow when the process is merely preempted on a busy machine
 * (seen: a single 2 ms stat turned a whole rescan to the slow way).
 */
const SLOW_CHUNK_MS = 25;
const SLOW_STAT_MS = 0.5;

function specialFileKind(entry: Dirent): string | undefined {
  if (entry.isFIFO()) return 'a named pipe (FIFO)';
  if (entry.isSocket()) return 'a socket';
  if (entry.isCharacterDevice() || entry.isBlockDevice()) return 'a device';
  return undefined;
}

/** A plain file to stat (its path), or a link or special file's own check. */
type Check = string | (() => Promise<WalkEvent | null>);

function onlyPaths(checks: readonly Check[]): checks is readonly string[] {
  return checks.every((c) => typeof c === 'string');
}

function fileFound(full: string, st: Stats): WalkEvent {
  return { kind: 'file', file: { path: full, size: st.size, mtimeMs: Math.trunc(st.mtimeMs) } };
}

function fileFailed(full: string, err: unknown): WalkEvent | null {
  const failure = describeReadFailure(err, 'file');
  // Deleted between listing and stat: it is simply gone (the indexer removes it from the library).
  if (failure?.kind === 'vanished') return null;
  return { kind: 'unseen', what: 'file', path: full, reason: failure?.reason ?? 'Recollect cannot read this file' };
}

class FolderWalk {
  private readonly seenDirs = new Set<string>();
  private realRoots: string[] = [];
  /** Blocking stats while they are fast (see statFast); off for the rest of the walk after a slow chunk. */
  private syncStats: boolean;

  constructor(
    private readonly accept: (filePath: string) => boolean,
    private readonly fs: WalkFs,
  ) {
    this.syncStats = fs.statSync !== undefined;
  }

  async *run(root: string, libraryRoots: readonly string[]): AsyncGenerator<WalkEvent> {
    this.realRoots = (await Promise.all(libraryRoots.map((r) => this.fs.realpath(path.resolve(r)).catch(() => null))))
      .filter((r): r is string => r !== null);
    const stack: string[] = [path.resolve(root)];
    while (stack.length > 0) {
      const dir = stack.pop();
      if (dir === undefined) break;
      const subdirs: string[] = [];
      yield* this.folder(dir, subdirs);
      // Depth-first in name order: push in reverse so the first name is visited first.
      for (let i = subdirs.length - 1; i >= 0; i--) {
        const d = subdirs[i];
        if (d !== undefined) stack.push(d);
      }
    }
  }

  private async *folder(dir: string, subdirs: string[]): AsyncGenerator<WalkEvent> {
    let entries: Dirent[];
    try {
      const real = await this.fs.realpath(dir);
      if (this.seenDirs.has(real)) return;
      this.seenDirs.add(real);
      entries = await this.fs.readdir(dir);
    } catch (err) {
      const failure = describeReadFailure(err, 'folder');
      // A folder removed between listing its parent and reading it is gone, not unseen.
      if (failure?.kind === 'vanished') return;
      const reason = `${failure?.reason ?? 'Recollect cannot read this folder'}; its photos stay in the library until it can be read again`;
      yield { kind: 'unseen', what: 'folder', path: dir, reason };
      return;
    }
    // Sorted so scans are reproducible (progress, tests, resume order).
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const checks: Check[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!isSkippedFolderName(entry.name)) subdirs.push(full);
      } else if (entry.isSymbolicLink()) {
        checks.push(() => this.linkSkip(full, entry.name));
      } else if (!entry.name.startsWith('.') && this.accept(full)) {
        const special = specialFileKind(entry);
        checks.push(special ? async () => ({ kind: 'skipped', path: full, reason: `not a photo file: this is ${special}` }) : full);
      }
    }
    // Stats in parallel, a chunk at a time, yielded in name order: one await per file left a rescan
    // of unchanged folders waiting on the disk one file at a time (issue 14: 1.35 s of 3.6 s for
    // 20,000 files); a chunk bounds the open requests in a folder of 100,000 files.
    for (let i = 0; i < checks.length; i += STAT_CHUNK) {
      const chunk = checks.slice(i, i + STAT_CHUNK);
      const fast = this.syncStats ? this.statFast(chunk) : null;
      if (fast) {
        for (const ev of fast) if (ev) yield ev;
        // Let the event loop answer whatever waits (the app's worker serves searches during a scan).
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      const events = await Promise.all(chunk.map((check) => (typeof check === 'string' ? this.file(check) : check())));
      for (const ev of events) if (ev) yield ev;
    }
  }

  /**
   * A chunk of plain files stat'ed with blocking calls: from the OS's cache that is ~4 us a file
   * where a promise through libuv's pool costs ~16 (20,000 files: 79 vs 313 ms, issue 14; a whole
   * walk of them 146 vs ~400 ms). Null when the chunk holds links or special files, or when it turns
   * out slow (what it stat'ed is dropped and the chunk redone in parallel): on a network share each
   * blocking call waits a round trip, where parallel ones overlap.
   */
  private statFast(chunk: readonly Check[]): (WalkEvent | null)[] | null {
    const statSyncFn = this.fs.statSync;
    if (!statSyncFn || !onlyPaths(chunk)) return null;
    const out: (WalkEvent | null)[] = [];
    const started = performance.now();
    for (const file of chunk) {
      out.push(this.fileEvent(file, () => statSyncFn(file)));
      const spent = performance.now() - started;
      if (spent > SLOW_CHUNK_MS && spent / out.length > SLOW_STAT_MS) {
        // Slow: this chunk and the rest of the walk go the parallel way.
        this.syncStats = false;
        return null;
      }
    }
    return out;
  }

  private async file(full: string): Promise<WalkEvent | null> {
    try {
      return fileFound(full, await this.fs.stat(full));
    } catch (err) {
      return fileFailed(full, err);
    }
  }

  private fileEvent(full: string, statFn: () => Stats): WalkEvent | null {
    try {
      return fileFound(full, statFn());
    } catch (err) {
      return fileFailed(full, err);
    }
  }

  /** The skip to list for a symbolic link, or null when it is silently left out (see the header). */
  private async linkSkip(full: string, name: string): Promise<WalkEvent | null> {
    const photoName = !name.startsWith('.') && this.accept(full);
    let target: string;
    let st: Stats;
    try {
      target = await this.fs.realpath(full);
      st = await this.fs.stat(target);
    } catch (err) {
      if (!photoName) return null;
      const code = describeReadFailure(err, 'file');
      const reason =
        code?.kind === 'vanished' ? 'broken symbolic link: its target does not exist' : (code?.reason ?? 'broken symbolic link');
      return { kind: 'skipped', path: full, reason };
    }
    if (this.realRoots.some((r) => target === r || isPathInside(target, r))) return null;
    if (st.isDirectory() && !isSkippedFolderName(name)) {
      return { kind: 'skipped', path: full, reason: 'symbolic link to a folder outside your library folders: not followed (add that folder to the library to index it)' };
    }
    if (st.isFile() && photoName) {
      return { kind: 'skipped', path: full, reason: 'symbolic link to a photo outside your library folders: not indexed (add its folder to the library)' };
    }
    return null;
  }
}

export async function* walkFolder(
  root: string,
  accept: (filePath: string) => boolean,
  options: WalkOptions = {},
): AsyncGenerator<WalkEvent> {
  yield* new FolderWalk(accept, options.fs ?? nodeFs).run(root, options.libraryRoots ?? [root]);
}
