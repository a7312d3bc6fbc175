/**
 * Downloads one file of a model into the staging folder, resumable across network drops and
 * restarts (models.md): the bytes go to `<file>.part` with the hub's identity of the file beside it
 * (`<file>.part.json`: its ETag); a later try asks for `Range: bytes=<part length>-`, checks that
 * the answer is a 206 starting there (a 200 or a changed ETag starts the file again), hashes the
 * part already on disk and then the new bytes while writing, and renames the part into place only
 * when its size and sha256 (or git blob sha1) match what the hub published.
 */
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CoreError } from '../core-error.js';
import { FileHashes } from './file-hashes.js';
import type { HubFile } from './hub-file-list.js';
import { checkHubStatus, cleanEtag, hubFetch, parseLength, type HubConnection, type RequestSubject } from './hub-request.js';
import { RetryableError, withRetry, type RetryHooks, type RetryPolicy } from './retry.js';

export interface FileDownloadOptions {
  conn: HubConnection;
  subject: { repo: string; revision: string };
  stagingDir: string;
  retry: RetryPolicy;
  hooks: RetryHooks;
  /** Bytes received (positive) or thrown away to start a file again (negative). */
  onBytes: (delta: number) => void;
}

export interface DownloadedFile {
  path: string;
  bytes: number;
  sha256: string;
  /** The commit the hub resolved the revision to (X-Repo-Commit), when it said. */
  commit: string | null;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HEX64 = /^[0-9a-f]{64}$/;
const HEX40 = /^[0-9a-f]{40}$/;

interface Answer {
  res: Response;
  /** The hub's identity of the file: X-Linked-Etag (sha256) or ETag (git blob sha1). */
  identity: string | null;
  expected: { bytes: number | null; sha256: string | null; gitSha1: string | null };
  commit: string | null;
}

/**
 * Asks the hub (manual redirect, to read its own headers), then its file host for the bytes.
 * Null: the hub names other bytes than the staged part was made of (`stored`), so the part must
 * go, and the file host is not asked for a range of the wrong file.
 */
async function ask(file: HubFile, url: string, offset: number, stored: string | null, opts: FileDownloadOptions): Promise<Answer | null> {
  const subject: RequestSubject = { ...opts.subject, file: file.path };
  const signal = opts.hooks.signal;
  const first = await hubFetch(opts.conn, { url, redirect: 'manual', range: offset, signal });
  await checkHubStatus(first, subject, opts.conn);
  const linkedEtag = cleanEtag(first.headers.get('x-linked-etag'));
  const etag = cleanEtag(first.headers.get('etag'));
  const location = first.headers.get('location');
  const identity = linkedEtag ?? etag;
  if (stored !== null && identity !== null && stored !== identity) {
    await first.body?.cancel().catch(() => undefined);
    return null;
  }
  let res = first;
  if (REDIRECTS.has(first.status) && location) {
    await first.body?.cancel().catch(() => undefined);
    res = await hubFetch(opts.conn, { url: new URL(location, url).href, redirect: 'follow', range: offset, signal });
    await checkHubStatus(res, subject, opts.conn);
  }
  const sha256 = linkedEtag && HEX64.test(linkedEtag) ? linkedEtag : file.sha256;
  // A large (LFS) file has no git sha1 of its content; a small one's ETag is its blob sha1.
  const gitSha1 = sha256 ? null : etag && HEX40.test(etag) ? etag : file.gitSha1;
  const bytes = parseLength(first.headers.get('x-linked-size')) ?? file.bytes ?? totalFromResponse(res, offset);
  return { res, identity, expected: { bytes, sha256, gitSha1 }, commit: first.headers.get('x-repo-commit') };
}

function totalFromResponse(res: Response, offset: number): number | null {
  if (res.status === 206) return parseLength(/\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1] ?? null);
  const length = parseLength(res.headers.get('content-length'));
  return length === null ? null : res.status === 200 ? length : length + offset;
}

function rangeStart(res: Response): number | null {
  return parseLength(/^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '')?.[1] ?? null);
}

async function sizeOf(file: string): Promise<number> {
  return stat(file).then((s) => s.size, () => 0);
}

async function readIdentity(metaFile: string): Promise<string | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(metaFile, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'identity' in parsed && typeof parsed.identity === 'string' ? parsed.identity : null;
  } catch {
    return null;
  }
}

export async function downloadFile(file: HubFile, url: string, opts: FileDownloadOptions): Promise<DownloadedFile> {
  const dest = path.join(opts.stagingDir, ...file.path.split('/'));
  await mkdir(path.dirname(dest), { recursive: true });
  return withRetry(() => attempt(file, url, dest, opts), opts.retry, opts.hooks);
}

async function discard(part: string, opts: FileDownloadOptions): Promise<void> {
  const had = await sizeOf(part);
  await rm(part, { force: true });
  await rm(`${part}.json`, { force: true });
  if (had > 0) opts.onBytes(-had);
}

async function attempt(file: HubFile, url: string, dest: string, opts: FileDownloadOptions): Promise<DownloadedFile> {
  const part = `${dest}.part`;
  let offset = await sizeOf(part);
  const stored = offset > 0 ? await readIdentity(`${part}.json`) : null;
  const answer = await ask(file, url, offset, stored, opts);
  if (!answer) {
    // The file changed on the hub since the part was staged: start it again.
    await discard(part, opts);
    return attempt(file, url, dest, opts);
  }
  const { res } = answer;
  const misplaced = res.status === 206 && rangeStart(res) !== offset;
  if (misplaced || (res.status === 416 && offset !== answer.expected.bytes)) {
    // The server answered another range than asked for: start the file again.
    await res.body?.cancel().catch(() => undefined);
    await discard(part, opts);
    return attempt(file, url, dest, opts);
  }
  if (res.status !== 200 && res.status !== 206 && res.status !== 416) {
    await res.body?.cancel().catch(() => undefined);
    throw new CoreError('MODEL_DOWNLOAD_FAILED', `${file.path}: the file host answered HTTP ${res.status} instead of the file.`);
  }
  if (res.status === 200 && offset > 0) {
    // models.md: a server may answer a Range request with the whole file: start it again.
    opts.onBytes(-offset);
    offset = 0;
  }
  await writeFile(`${part}.json`, JSON.stringify({ identity: answer.identity, bytes: answer.expected.bytes }));
  const hashes = new FileHashes(answer.expected.bytes);
  if (offset > 0) await hashes.updateFromFile(part);
  const written = res.status === 416 ? 0 : await streamInto(part, offset, res, hashes, opts);
  return finish(file, dest, part, offset + written, hashes, answer, opts);
}

/**
 * Reading runs ahead of writing (up to WRITE_AHEAD_BYTES queued): when a connection drops, fetch
 * errors the body stream, and a WHATWG stream drops the chunks it still queues. A reader that
 * awaited each disk write left chunks queued, so a busy machine lost up to ~57 KB at every cut and
 * fetched them again after the resume (measured 2026-12-03 under load: 667,991 bytes served for a
 * 611,067-byte file); a reader that only queues drains the stream in microtasks, before the close
 * is seen.
 */
const WRITE_AHEAD_BYTES = 16 * 1024 * 1024;

async function streamInto(part: string, offset: number, res: Response, hashes: FileHashes, opts: FileDownloadOptions): Promise<number> {
  const fh = await open(part, offset > 0 ? 'a' : 'w');
  let written = 0;
  let queued = 0;
  let writing: Promise<void> = Promise.resolve();
  let writeError: unknown = null;
  const enqueue = (chunk: Uint8Array): void => {
    queued += chunk.byteLength;
    writing = writing.then(async () => {
      if (writeError !== null) return;
      try {
        await fh.write(chunk);
        written += chunk.byteLength;
        opts.onBytes(chunk.byteLength);
      } catch (err) {
        writeError = err;
      } finally {
        queued -= chunk.byteLength;
      }
    });
  };
  try {
    try {
      if (res.body) {
        for await (const chunk of res.body) {
          // Hashed in arrival order, which is the order the writes land in the file.
          hashes.update(chunk);
          enqueue(chunk);
          if (queued > WRITE_AHEAD_BYTES) await writing;
          if (writeError !== null) throw writeError;
        }
      }
    } finally {
      // Everything read is in the file before a retry measures the part (or the error is raised).
      await writing;
    }
    if (writeError !== null) throw writeError;
  } catch (err) {
    if (opts.hooks.signal?.aborted) throw err;
    if (err instanceof Error && 'code' in err && err.code === 'ENOSPC') {
      throw new CoreError('DISK_FULL', `The disk holding ${path.dirname(part)} is full; free some space and start the download again (it resumes where it stopped).`, { cause: err });
    }
    // The bytes so far stay in the part: the next try asks for the rest.
    throw new RetryableError(`the connection dropped after ${offset + written} bytes`, { cause: err });
  } finally {
    await fh.close();
  }
  return written;
}

async function finish(file: HubFile, dest: string, part: string, size: number, hashes: FileHashes, answer: Answer, opts: FileDownloadOptions): Promise<DownloadedFile> {
  const { expected } = answer;
  if (expected.bytes !== null && size < expected.bytes) throw new RetryableError(`${file.path} ended at ${size} of ${expected.bytes} bytes`);
  const digest = hashes.digest();
  const problem =
    expected.bytes !== null && size !== expected.bytes
      ? `${size} bytes arrived where the hub lists ${expected.bytes}`
      : expected.sha256 && digest.sha256 !== expected.sha256
        ? `its sha256 is ${digest.sha256}, the hub published ${expected.sha256}`
        : expected.gitSha1 && digest.gitSha1 !== expected.gitSha1
          ? `its git hash is ${digest.gitSha1 ?? '?'}, the hub published ${expected.gitSha1}`
          : null;
  if (problem) {
    await discard(part, opts);
    throw new CoreError(
      'MODEL_VERIFY_FAILED',
      `${file.path} of ${opts.subject.repo} is damaged: ${problem}. Nothing was installed; start the download again (if it fails again, the mirror serves a different file).`,
    );
  }
  await rename(part, dest);
  await rm(`${part}.json`, { force: true });
  return { path: file.path, bytes: size, sha256: digest.sha256, commit: answer.commit };
}
