/**
 * Which names in the album folders are free, for one plan: a name is taken by a file planned
 * earlier in the same plan, or by a file already on disk with other bytes; the same bytes already
 * there make it "same" (skipped as in place). Names are compared as a case-insensitive, NFC file
 * system would (macOS, Windows targets). Reads the disk (lstat, hashes of possible duplicates).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { newSidecarName, withSuffix, type FileGroup } from './companion-files.js';
import { errCode, hashFile, hashIfExists } from './file-ops.js';
import { folderKeyOf } from './safe-folder-name.js';
import { sha256Text } from './sidecar-content.js';

export type SlotState = 'free' | 'same' | 'taken';

export interface ResolvedGroup {
  /** The group's plain files (everything but the sidecar keywords are merged into). */
  files: { name: string; to: string; inPlace: boolean }[];
  sidecar: { to: string; inPlace: boolean } | null;
  /** 1: the names as they are; n > 1: " (n)" after the stem. */
  suffix: number;
}

export class TargetNames {
  private readonly taken = new Set<string>();

  /** Marks `to` as used by this plan. */
  claim(to: string): void {
    this.taken.add(folderKeyOf(to));
  }

  /**
   * The smallest suffix at which every file of the group (and its sidecar with `content`, when
   * keywords are written) is free in `folder` or already there with the same bytes.
   */
  async resolve(group: FileGroup, dir: string, folder: string, content: string | null): Promise<ResolvedGroup> {
    const sidecarName = content !== null ? (group.sidecar ?? newSidecarName(group.names[0] ?? '')) : null;
    const plain = group.names.filter((n) => n !== sidecarName);
    for (let n = 1; ; n++) {
      const files: ResolvedGroup['files'] = [];
      let ok = true;
      for (const name of plain) {
        const to = path.join(folder, withSuffix(name, group.stem, n));
        const state = await this.slot(path.join(dir, name), to, null);
        if (state === 'taken') {
          ok = false;
          break;
        }
        files.push({ name, to, inPlace: state === 'same' });
      }
      let sidecar: ResolvedGroup['sidecar'] = null;
      if (ok && sidecarName) {
        const to = path.join(folder, withSuffix(sidecarName, group.stem, n));
        // Compared by content: the merged sidecar, not the source one, is what would be there.
        const state = await this.slot(null, to, content);
        if (state === 'taken') ok = false;
        else sidecar = { to, inPlace: state === 'same' };
      }
      if (ok) return { files, sidecar, suffix: n };
    }
  }

  /** Whether `to` is free, holds the same bytes as `from` (or as `content`), or is taken. */
  private async slot(from: string | null, to: string, content: string | null): Promise<SlotState> {
    if (from === to) return 'same';
    if (this.taken.has(folderKeyOf(to))) return 'taken';
    // ENOTDIR: a file stands where the album folder would be; checkPlan refuses that with a reason.
    const there = await fs.lstat(to).catch((err: unknown) => (errCode(err) === 'ENOENT' || errCode(err) === 'ENOTDIR' ? null : Promise.reject(err)));
    if (!there) return 'free';
    if (!there.isFile()) return 'taken';
    const have = await hashFile(to);
    if (content !== null) return have === sha256Text(content) ? 'same' : 'taken';
    if (from === null) return 'taken';
    const st = await fs.stat(from);
    return st.size === there.size && have === (await hashIfExists(from)) ? 'same' : 'taken';
  }
}
