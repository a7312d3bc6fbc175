/**
 * The file operations a sort is made of, each one safe to be interrupted at any instant:
 * - a final name never holds a partial file: data goes to a temp name in the same folder, is
 *   fsync'd and verified (size + sha256), then gets its name;
 * - nothing is ever overwritten: names are given with link(2), which fails with EEXIST instead of
 *   replacing (rename(2) would replace silently);
 * - a move removes its source only after the copy is durable and verified;
 * - folders are fsync'd after names change, so a power loss cannot undo a rename the journal
 *   already recorded as done.
 * Where a file system has no hard links (FAT, exFAT, some network shares) a name is given by
 * rename after checking that it is free, and the small window between the two is said here.
 */
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { hashFile } from '../scan/content-hash.js';

export { hashFile };

/** The temp name a step writes to before the file gets its final name (known, so leftovers are found). */
export function tempNameFor(dst: string): string {
  return path.join(path.dirname(dst), `.${path.basename(dst)}.recollect-partial`);
}

export function errCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : '';
}

export async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    (err: unknown) => {
      if (errCode(err) === 'ENOENT' || errCode(err) === 'ENOTDIR') return false;
      throw err;
    },
  );
}

/** Codes with which some file systems (and Windows, which cannot open a folder) refuse fsync on a directory. */
const NO_DIR_SYNC = new Set(['EINVAL', 'EISDIR', 'EPERM', 'EACCES', 'ENOTSUP']);

export async function fsyncDir(dir: string): Promise<void> {
  // Where a folder cannot be fsync'd the file data itself was, and the rename is as durable as that file system makes it.
  const handle = await fs.open(dir, 'r').catch((err: unknown) => (NO_DIR_SYNC.has(errCode(err)) ? null : Promise.reject(err)));
  if (!handle) return;
  try {
    await handle.sync();
  } catch (err) {
    if (!NO_DIR_SYNC.has(errCode(err))) throw err;
  } finally {
    await handle.close();
  }
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

/** Gives `src`'s file the name `dst` too, never replacing an existing `dst` (EEXIST then). */
export async function linkNoClobber(src: string, dst: string): Promise<'linked' | 'cross-device'> {
  try {
    await fs.link(src, dst);
    return 'linked';
  } catch (err) {
    if (errCode(err) === 'EXDEV') return 'cross-device';
    throw err;
  }
}

/** Renames `from` to `to` without replacing an existing `to` (link + unlink where links exist). */
async function renameNoClobber(from: string, to: string): Promise<void> {
  try {
    await fs.link(from, to);
    await fs.unlink(from);
  } catch (err) {
    if (!NO_LINKS.has(errCode(err))) throw err;
    // No hard links here: check, then rename (another process could take the name in between).
    if (await exists(to)) throw Object.assign(new Error(`${to} exists`), { code: 'EEXIST' });
    await fs.rename(from, to);
  }
}

/** Preserve the times photo tools sort by (a copy would otherwise be "modified now"). */
async function copyTimes(from: string, to: string): Promise<void> {
  const st = await fs.stat(from);
  await fs.utimes(to, st.atime, st.mtime);
}

/**
 * Copies `src` to `dst` (which must not exist): temp file, fsync, verify size + sha256 against
 * `expectedHash`, then the final name. Returns the hash written.
 */
export async function copyVerified(src: string, dst: string, expectedHash: string): Promise<string> {
  const temp = tempNameFor(dst);
  await fs.rm(temp, { force: true });
  await fs.copyFile(src, temp, constants.COPYFILE_EXCL);
  await copyTimes(src, temp);
  await fsyncFile(temp);
  const [written, srcStat, tempStat] = await Promise.all([hashFile(temp), fs.stat(src), fs.stat(temp)]);
  if (written !== expectedHash || srcStat.size !== tempStat.size) {
    await fs.rm(temp, { force: true });
    throw Object.assign(new Error(`copy of ${src} does not match its source (it changed while being copied?)`), { code: 'EVERIFY' });
  }
  await renameNoClobber(temp, dst);
  await fsyncDir(path.dirname(dst));
  return written;
}

/** Writes `content` as a new file `dst` (never replacing one), durably. Returns nothing: the caller hashed it. */
export async function writeNew(dst: string, content: string): Promise<void> {
  const temp = tempNameFor(dst);
  await fs.rm(temp, { force: true });
  await fs.writeFile(temp, content, { flag: 'wx' });
  await fsyncFile(temp);
  await renameNoClobber(temp, dst);
  await fsyncDir(path.dirname(dst));
}

/**
 * First half of a move: gives `src`'s bytes the name `dst` (which must not exist) and leaves the
 * source in place. Same volume: a second name of one inode. Across volumes: copy, verify, name.
 * The caller points the library at `dst`, then calls removeSource: so at every instant the
 * library's path names an existing file. Returns false when the file system has no hard links
 * and the file was renamed instead (no source left to remove).
 */
export async function placeMoved(src: string, dst: string, expectedHash: string): Promise<boolean> {
  let how: 'linked' | 'cross-device' | 'no-links';
  try {
    how = await linkNoClobber(src, dst);
  } catch (err) {
    if (!NO_LINKS.has(errCode(err))) throw err;
    how = 'no-links';
  }
  if (how === 'cross-device') {
    await copyVerified(src, dst, expectedHash);
    return true;
  }
  if (how === 'no-links') {
    // FAT/exFAT: a same-volume rename is atomic; check the name first (no link(2) to do it for us).
    if (await exists(dst)) throw Object.assign(new Error(`${dst} exists`), { code: 'EEXIST' });
    await fs.rename(src, dst);
    await fsyncDir(path.dirname(dst));
    await fsyncDir(path.dirname(src));
    return false;
  }
  await fsyncDir(path.dirname(dst));
  return true;
}

/** Second half of a move: the source name goes, once its bytes are durable under the new name. */
export async function removeSource(src: string): Promise<void> {
  await fs.unlink(src);
  await fsyncDir(path.dirname(src));
}

/** True when both names are one file (a move was interrupted between link and unlink). */
export async function sameFile(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([fs.stat(a).catch(() => null), fs.stat(b).catch(() => null)]);
  return sa !== null && sb !== null && sa.dev === sb.dev && sa.ino === sb.ino;
}

/** Hash of `p`, or null when it is not there. */
export async function hashIfExists(p: string): Promise<string | null> {
  return hashFile(p).catch((err: unknown) => {
    if (errCode(err) === 'ENOENT') return null;
    throw err;
  });
}

/** Removes `p` and fsyncs its folder. */
export async function removeFile(p: string): Promise<void> {
  await fs.unlink(p);
  await fsyncDir(path.dirname(p));
}
