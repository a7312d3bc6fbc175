/**
 * The checks a sort plan passes before anything is written (issue 10 item 1), each failure a
 * reason in words: a target inside a photo folder (its copies would be indexed and mixed with
 * the originals, and a move could sort a folder into itself), a target that cannot be written,
 * not enough free space (with a margin), and paths too long for the system. Reads the file
 * system, writes nothing (a dry run runs them too).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { errCode } from './file-ops.js';

const MB = 1024 * 1024;
/** Slack on top of the bytes a plan writes: folder entries, sidecars, the file system's own reserve. */
export const FREE_SPACE_MARGIN_BYTES = 8 * MB;
export const FREE_SPACE_MARGIN_FRACTION = 0.02;
/** Per sidecar written (a keyword sidecar is ~1 KB; one file system block each). */
const SIDECAR_BYTES = 4096;

/** Longest path the platform opens without special prefixes (MAX_PATH 260 on Windows incl. NUL; PATH_MAX elsewhere). */
export function maxPathLength(platform: NodeJS.Platform = process.platform): number {
  if (platform === 'win32') return 259;
  if (platform === 'darwin') return 1023;
  return 4095;
}

/** Why `dst` cannot be created on this system, or null. Names: 255 bytes (ext4, APFS) / 255 UTF-16 units (NTFS). */
export function pathProblem(dst: string, platform: NodeJS.Platform = process.platform): string | null {
  const limit = maxPathLength(platform);
  const length = platform === 'win32' ? dst.length : Buffer.byteLength(dst, 'utf8');
  if (length > limit) return `the path would be ${length} ${platform === 'win32' ? 'characters' : 'bytes'} long, more than this system's limit of ${limit}`;
  const name = path.basename(dst);
  if (Buffer.byteLength(name, 'utf8') > 255 || name.length > 255) return `the file name "${name.slice(0, 40)}…" is longer than 255 bytes`;
  return null;
}

/** The deepest existing folder at or above `p`, and whether `p` itself exists as something else than a folder. */
export async function nearestExisting(p: string): Promise<{ dir: string; notAFolder: string | null }> {
  let cur = path.resolve(p);
  for (;;) {
    const st = await fs.stat(cur).catch((err: unknown) => {
      if (errCode(err) === 'ENOENT' || errCode(err) === 'ENOTDIR') return null;
      throw err;
    });
    if (st) return { dir: st.isDirectory() ? cur : path.dirname(cur), notAFolder: st.isDirectory() ? null : cur };
    const up = path.dirname(cur);
    if (up === cur) return { dir: cur, notAFolder: null };
    cur = up;
  }
}

/** `p` with symlinks resolved as far as it exists (the rest appended): compares what the disk compares. */
async function realish(p: string): Promise<string> {
  const abs = path.resolve(p);
  const { dir } = await nearestExisting(abs);
  const real = await fs.realpath(dir).catch(() => dir);
  return path.join(real, path.relative(dir, abs));
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export interface CheckInput {
  target: string;
  /** Album folders the plan writes into. */
  folders: readonly string[];
  /** Library folders and the folders of every source file. */
  sources: readonly string[];
  bytesToWrite: number;
  sidecars: number;
}

export async function checkPlan(input: CheckInput): Promise<string[]> {
  const refusals: string[] = [];
  const { dir, notAFolder } = await nearestExisting(input.target);
  if (notAFolder) return [`The target ${notAFolder} is a file, not a folder. Choose a folder to sort into.`];
  for (const folder of input.folders) {
    const existing = await nearestExisting(folder);
    if (existing.notAFolder) refusals.push(`${existing.notAFolder} is a file where the album folder ${folder} would go. Move it or choose another target.`);
  }
  const realTarget = await realish(input.target);
  const realFolders = await Promise.all(input.folders.map(realish));
  const seen = new Set<string>();
  for (const source of input.sources) {
    const real = await realish(source);
    if (seen.has(real)) continue;
    seen.add(real);
    const hit = isInside(realTarget, real) ? input.target : realFolders.find((f) => isInside(f, real));
    if (hit !== undefined) {
      refusals.push(
        `The target ${hit} is inside your photo folder ${source}: sorted files would be mixed with your originals (and indexed again). Choose a folder outside it.`,
      );
      break;
    }
  }
  try {
    await fs.access(dir, fs.constants.W_OK);
  } catch (err) {
    const why = errCode(err) === 'EROFS' ? 'it is on a read-only file system' : errCode(err) === 'EACCES' || errCode(err) === 'EPERM' ? 'you have no permission to write there' : String(err);
    refusals.push(`Cannot write to the target ${input.target} (${dir}): ${why}. Choose a writable folder.`);
  }
  const need = input.bytesToWrite + input.sidecars * SIDECAR_BYTES;
  if (need > 0) {
    const st = await fs.statfs(dir);
    const free = st.bavail * st.bsize;
    const margin = Math.max(FREE_SPACE_MARGIN_BYTES, need * FREE_SPACE_MARGIN_FRACTION);
    if (free < need + margin) {
      const mb = (b: number) => (b / MB).toFixed(1);
      refusals.push(
        `Not enough free space for the target ${input.target}: the sort writes ${mb(need)} MB (plus a ${mb(margin)} MB margin) and only ${mb(free)} MB are free. Free some space, choose another target, or use --mode hardlink on the same drive.`,
      );
    }
  }
  return refusals;
}
