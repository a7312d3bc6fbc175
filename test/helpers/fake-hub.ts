/**
 * A local HTTP server that behaves like the Hugging Face hub for the downloader's tests
 * (models.md): serves model folders as repositories under `/{repo}/resolve/{rev}/{path}` and the
 * tree API; files at or above `lfsThreshold` bytes answer with a 302 to a second server on
 * another port (the CDN) carrying X-Linked-Etag (sha256), X-Linked-Size and X-Repo-Commit, the
 * CDN having its own, different ETag; small files come straight from the hub with their git blob
 * sha1 as ETag. Both honour `Range: bytes=N-`. Faults on demand: cut a file's connection at an
 * offset, answer a status N times, serve wrong bytes, ignore Range, require a token, send bodies
 * slowly (`bytesPerSecond`, so a browser test can watch a progress bar move). Counts the
 * body bytes it sent per file, so a test can show nothing was fetched twice.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const FAKE_COMMIT = 'c0ffee0000000000000000000000000000c0ffee';

export interface FakeRepo {
  dir: string;
  /** Needs `Authorization: Bearer <token>` (a gated model). */
  token?: string;
}

interface ServedFile {
  repo: string;
  path: string;
  bytes: Buffer;
  sha256: string;
  gitSha1: string;
  lfs: boolean;
}

interface Fault {
  cutAt?: number;
  status?: number;
  times?: number;
  corrupt?: boolean;
}

export interface FakeHubRequest {
  server: 'hub' | 'cdn';
  url: string;
  range: string | null;
  authorization: string | null;
}

function walk(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? walk(dir, rel) : e.isFile() ? [rel] : [];
  });
}

export class FakeHub {
  readonly requests: FakeHubRequest[] = [];
  /** Body bytes sent per `repo/path`. */
  readonly served = new Map<string, number>();
  ignoreRange = false;
  /** Leave out X-Linked-*, ETag and X-Repo-Commit, as some mirrors do (the tree listing still has them). */
  dropHeaders = false;
  /** Send file bodies at about this rate (null: as fast as possible). */
  bytesPerSecond: number | null = null;
  private readonly files = new Map<string, ServedFile>();
  private readonly faults = new Map<string, Fault>();
  private readonly hub = http.createServer((req, res) => this.onHub(req, res));
  private readonly cdn = http.createServer((req, res) => this.onCdn(req, res));
  endpoint = '';
  private cdnOrigin = '';

  constructor(
    private readonly repos: Record<string, FakeRepo>,
    private readonly lfsThreshold = 10_000,
  ) {
    for (const [repo, r] of Object.entries(repos)) {
      for (const rel of walk(r.dir)) {
        const bytes = fs.readFileSync(path.join(r.dir, ...rel.split('/')));
        const gitSha1 = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
        this.files.set(`${repo}/${rel}`, { repo, path: rel, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), gitSha1, lfs: bytes.length >= lfsThreshold });
      }
    }
  }

  async start(): Promise<this> {
    const listen = (s: http.Server) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));
    this.endpoint = `http://127.0.0.1:${await listen(this.hub)}`;
    this.cdnOrigin = `http://127.0.0.1:${await listen(this.cdn)}`;
    return this;
  }

  async close(): Promise<void> {
    for (const s of [this.hub, this.cdn]) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  }

  file(repo: string, file: string): ServedFile {
    const f = this.files.get(`${repo}/${file}`);
    if (!f) throw new Error(`fake hub has no ${repo}/${file}`);
    return f;
  }

  servedBytes(repo: string, file?: string): number {
    if (file) return this.served.get(`${repo}/${file}`) ?? 0;
    return [...this.served.entries()].filter(([k]) => k.startsWith(`${repo}/`)).reduce((s, [, n]) => s + n, 0);
  }

  /** The next answer for this file closes the connection once the file offset reaches `offset`. */
  cutAt(repo: string, file: string, offset: number): void {
    this.faults.set(`${repo}/${file}`, { cutAt: offset, times: 1 });
  }

  /** The next `times` requests for this file (or its listing: file '' ) answer `status`. */
  failWith(repo: string, file: string, status: number, times: number): void {
    this.faults.set(`${repo}/${file}`, { status, times });
  }

  /** Serves this file with one byte changed (headers still name the real hash). */
  corrupt(repo: string, file: string): void {
    this.faults.set(`${repo}/${file}`, { corrupt: true, times: Number.POSITIVE_INFINITY });
  }

  clearFaults(): void {
    this.faults.clear();
  }

  private takeFault(key: string): Fault | null {
    const f = this.faults.get(key);
    if (!f) return null;
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) this.faults.delete(key);
    return f;
  }

  private record(server: 'hub' | 'cdn', req: http.IncomingMessage): void {
    this.requests.push({ server, url: req.url ?? '', range: req.headers.range ?? null, authorization: req.headers.authorization ?? null });
  }

  private onHub(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.record('hub', req);
    const url = new URL(req.url ?? '/', this.endpoint);
    const tree = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/([^/]+)$/.exec(url.pathname);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    const repoName = decodeURIComponent(tree?.[1] ?? resolve?.[1] ?? '');
    const repo = this.repos[repoName];
    if (!repo) return void res.writeHead(404, { 'x-error-code': 'RepoNotFound' }).end('Repository not found');
    if (repo.token && req.headers.authorization !== `Bearer ${repo.token}`) return void res.writeHead(401).end('Access to model is restricted');
    if (tree) {
      const fault = this.takeFault(`${repoName}/`);
      if (fault?.status) return void res.writeHead(fault.status).end();
      const entries = [...this.files.values()].filter((f) => f.repo === repoName).map((f) =>
        f.lfs ? { type: 'file', path: f.path, size: f.bytes.length, oid: f.gitSha1, lfs: { oid: f.sha256, size: f.bytes.length, pointerSize: 134 } } : { type: 'file', path: f.path, size: f.bytes.length, oid: f.gitSha1 },
      );
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(entries));
    }
    const file = resolve ? this.files.get(`${repoName}/${decodeURIComponent(resolve[3] ?? '')}`) : undefined;
    if (!file) return void res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end('Entry not found');
    const fault = this.takeFault(`${repoName}/${file.path}`);
    if (fault?.status) return void res.writeHead(fault.status).end();
    if (fault && (fault.cutAt !== undefined || fault.corrupt)) this.faults.set(`${repoName}/${file.path}`, { ...fault, times: fault.corrupt ? Number.POSITIVE_INFINITY : 1 });
    if (file.lfs) {
      const location = `${this.cdnOrigin}/blobs/${encodeURIComponent(repoName)}/${file.sha256}?signature=secret-cdn-signature`;
      const linked = { 'x-linked-etag': `"${file.sha256}"`, 'x-linked-size': String(file.bytes.length), 'x-repo-commit': FAKE_COMMIT, etag: `"${file.gitSha1}"` };
      return void res.writeHead(302, { location, ...(this.dropHeaders ? {} : linked) }).end();
    }
    this.sendBytes(req, res, file, this.dropHeaders ? {} : { etag: `"${file.gitSha1}"`, 'x-repo-commit': FAKE_COMMIT });
  }

  private onCdn(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.record('cdn', req);
    // Keyed by repository too: two repositories may hold the same bytes, each counted on its own.
    const m = /^\/blobs\/([^/]+)\/([0-9a-f]{64})$/.exec(new URL(req.url ?? '/', this.cdnOrigin).pathname);
    const file = [...this.files.values()].find((f) => f.repo === decodeURIComponent(m?.[1] ?? '') && f.sha256 === m?.[2]);
    if (!file) return void res.writeHead(404).end();
    // The CDN's own ETag is a different 64-hex value (models.md): never the sha256 of the file.
    this.sendBytes(req, res, file, { etag: `"${createHash('sha256').update(`cdn:${file.sha256}`).digest('hex')}"` });
  }

  private sendBytes(req: http.IncomingMessage, res: http.ServerResponse, file: ServedFile, headers: Record<string, string>): void {
    const key = `${file.repo}/${file.path}`;
    const fault = this.takeFault(key);
    const size = file.bytes.length;
    const start = this.ignoreRange ? 0 : Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    if (start >= size && start > 0) return void res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
    let body = file.bytes.subarray(start);
    if (fault?.corrupt) {
      body = Buffer.from(body);
      body[body.length >> 1] = (body[body.length >> 1] ?? 0) ^ 0xff;
    }
    const status = start > 0 ? 206 : 200;
    res.writeHead(status, { ...headers, 'content-length': String(body.length), 'accept-ranges': 'bytes', ...(status === 206 ? { 'content-range': `bytes ${start}-${size - 1}/${size}` } : {}) });
    const cut = fault?.cutAt !== undefined ? Math.max(0, fault.cutAt - start) : null;
    if (this.bytesPerSecond !== null && cut === null) return this.sendSlowly(res, key, body, this.bytesPerSecond);
    const sent = cut !== null && cut < body.length ? body.subarray(0, cut) : body;
    this.served.set(key, (this.served.get(key) ?? 0) + sent.length);
    if (cut !== null && cut < body.length) {
      // Everything up to the cut reaches the client, then the connection ends mid-body.
      res.write(sent, () => res.socket?.end());
      return;
    }
    res.end(sent);
  }

  /** Ten chunks a second; stops when the client goes away (a cancelled download). */
  private sendSlowly(res: http.ServerResponse, key: string, body: Buffer, bytesPerSecond: number): void {
    const chunk = Math.max(1, Math.round(bytesPerSecond / 10));
    let at = 0;
    const next = (): void => {
      if (res.destroyed) return;
      const part = body.subarray(at, at + chunk);
      at += part.length;
      this.served.set(key, (this.served.get(key) ?? 0) + part.length);
      if (at >= body.length) return void res.end(part);
      res.write(part);
      setTimeout(next, 100);
    };
    next();
  }
}
