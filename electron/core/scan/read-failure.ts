/**
 * Why a file or folder could not be read, in words a person can act on, and whether the cause can
 * pass without the file changing (a chmod, a remounted share, a flaky disk). Node's own texts
 * ("EACCES: permission denied, open '/x'") are not shown to users (issue 8, defect 6).
 */
import type { SkipKind } from '../store/photo-record.js';

export interface ReadFailure {
  kind: SkipKind;
  reason: string;
}

const ACCESS = new Set(['EACCES', 'EPERM']);
const VANISHED = new Set(['ENOENT', 'ENOTDIR']);
/** The share or disk is not there right now (unmounted, asleep, network down). */
const UNREACHABLE = new Set(['ENOTCONN', 'ESTALE', 'EHOSTDOWN', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENXIO', 'ENODEV', 'ENETDOWN', 'ENETUNREACH']);
const BUSY = new Set(['EBUSY', 'EAGAIN', 'EMFILE', 'ENFILE', 'EINTR']);

/** The errno code of an error or of any error in its cause chain (a CoreError wraps the fs error). */
export function errnoCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    if ('code' in e && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e.code;
    e = e.cause;
  }
  return undefined;
}

/** What went wrong reading `what` ("file" or "folder"), or undefined when `err` is not an I/O error. */
export function describeReadFailure(err: unknown, what: 'file' | 'folder'): ReadFailure | undefined {
  const code = errnoCode(err);
  if (code === undefined) return undefined;
  if (ACCESS.has(code)) {
    return { kind: 'access', reason: `permission denied: Recollect cannot read this ${what} (check its permissions)` };
  }
  if (VANISHED.has(code)) return { kind: 'vanished', reason: `the ${what} disappeared while Recollect was reading it` };
  if (code === 'ELOOP') return { kind: 'content', reason: 'symbolic link loop: the link points back to itself' };
  if (code === 'EIO') return { kind: 'io', reason: `the disk reported a read error on this ${what} (I/O error)` };
  if (UNREACHABLE.has(code)) return { kind: 'io', reason: `the disk or network share holding this ${what} is not reachable` };
  if (BUSY.has(code)) return { kind: 'io', reason: `the system was too busy to read this ${what}; it is tried again next time` };
  return { kind: 'io', reason: `the system could not read this ${what} (error ${code})` };
}

/** Skips whose cause may pass while size and mtime stay the same: tried again on every run. */
export function isRetryableSkip(kind: SkipKind | null): boolean {
  // null: skipped by a version that did not record why (schema < 3); one retry records it.
  return kind !== 'content';
}
