/**
 * The two hashes a downloaded file is checked against (models.md): sha256 (a large file's LFS oid,
 * the hub's X-Linked-Etag) and the git blob sha1 (a small file's ETag and tree oid, which hashes
 * "blob <size>\0" before the bytes, so it needs the size up front). Fed while streaming; on a
 * resume, fed the staged part first.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export class FileHashes {
  private readonly sha256: Hash = createHash('sha256');
  private readonly gitSha1: Hash | null;

  constructor(totalBytes: number | null) {
    this.gitSha1 = totalBytes === null ? null : createHash('sha1').update(`blob ${totalBytes}\0`);
  }

  update(chunk: Uint8Array): void {
    this.sha256.update(chunk);
    this.gitSha1?.update(chunk);
  }

  /** Feeds the bytes already on disk (the staged part of a resumed file). */
  async updateFromFile(file: string): Promise<void> {
    for await (const chunk of createReadStream(file)) if (chunk instanceof Uint8Array) this.update(chunk);
  }

  digest(): { sha256: string; gitSha1: string | null } {
    return { sha256: this.sha256.digest('hex'), gitSha1: this.gitSha1?.digest('hex') ?? null };
  }
}
