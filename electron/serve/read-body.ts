/**
 * Reads a request body up to a byte limit. An oversized body is drained (up to a hard cap) so the
 * client gets a clean 413 instead of a reset connection; past the cap the connection is cut.
 * A client that goes away before the body is complete (closed tab, killed script: ECONNRESET
 * "aborted") rejects with RequestAbortedError, which callers drop quietly: nobody is left to
 * answer, and it is not a fault of the host.
 */
import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {}

export class RequestAbortedError extends Error {
  constructor() {
    super('the client closed the connection before sending the whole request');
    this.name = 'RequestAbortedError';
  }
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit * 8) {
      req.destroy();
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    // Once the body is known to be too large, the cut connection is ours, not an abort.
    const failure = (): Error => (size > limit ? new BodyTooLargeError() : new RequestAbortedError());
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit * 8) req.destroy();
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLargeError()) : resolve(Buffer.concat(chunks))));
    req.on('error', () => reject(failure()));
    req.on('close', () => {
      if (!req.complete) reject(failure());
    });
  });
}
