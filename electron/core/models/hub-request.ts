/**
 * One HTTP request to the hub or its file host, with Node's fetch (undici): the access token goes
 * only to the hub's own origin (never to the CDN a large file redirects to, and never into a log
 * or a message), the proxy dispatcher is applied, and an answer that is not a success becomes a
 * typed error in words a user can act on.
 */
import { CoreError } from '../core-error.js';
import { RetryableError } from './retry.js';

export type FetchFn = typeof fetch;

export interface HubConnection {
  /** The hub or mirror, e.g. https://huggingface.co (hub-urls.ts resolveEndpoint). */
  endpoint: string;
  /** Access token for gated / private repositories; sent only to the endpoint's origin. */
  token?: string;
  fetch: FetchFn;
  /** undici dispatcher (proxy); Node's fetch takes it as a non-standard init field. */
  dispatcher?: RequestInit['dispatcher'];
}

export interface HubRequest {
  url: string;
  /** 'manual' to read the hub's own redirect headers (models.md: the CDN's reply carries none). */
  redirect: NonNullable<RequestInit['redirect']>;
  range?: number;
  signal?: AbortSignal;
}

/** What a person is fetching, for messages: "onnx/model.onnx of Xenova/clip-vit-base-patch32@main". */
export interface RequestSubject {
  repo: string;
  revision: string;
  file?: string;
}

export async function hubFetch(conn: HubConnection, req: HubRequest): Promise<Response> {
  const headers: Record<string, string> = { 'user-agent': 'Recollect (model manager)' };
  if (conn.token && new URL(req.url).origin === new URL(conn.endpoint).origin) headers.authorization = `Bearer ${conn.token}`;
  if (req.range !== undefined && req.range > 0) headers.range = `bytes=${req.range}-`;
  try {
    return await conn.fetch(req.url, { headers, redirect: req.redirect, signal: req.signal, dispatcher: conn.dispatcher });
  } catch (err) {
    if (req.signal?.aborted) throw err;
    // fetch rejects with TypeError("fetch failed") and the reason in `cause` (ECONNREFUSED, reset...).
    throw new RetryableError(`cannot reach ${new URL(req.url).host} (${networkReason(err)})`, { cause: err });
  }
}

export function networkReason(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  if (cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return cause instanceof Error ? cause.message : String(cause);
}

function subjectText(s: RequestSubject): string {
  return `${s.file ? `${s.file} of ` : ''}${s.repo}@${s.revision}`;
}

/**
 * Throws for an answer that is not usable: 401/403 (gated: a token is needed, or the one given was
 * refused), 404, 5xx/429 (retryable); returns for 2xx, 3xx and 416 (the caller handles those).
 */
export async function checkHubStatus(res: Response, subject: RequestSubject, conn: HubConnection): Promise<void> {
  const { status } = res;
  if ((status >= 200 && status < 400) || status === 416) return;
  await res.body?.cancel().catch(() => undefined);
  const host = new URL(conn.endpoint).host;
  if (status === 401 || status === 403) {
    const message = conn.token
      ? `${host} refused the access token for ${subjectText(subject)} (HTTP ${status}): check that the token is valid and that you accepted the model's terms on its page.`
      : `${subjectText(subject)} is gated or private (HTTP ${status}): it needs an access token (set HF_TOKEN) from an account that accepted its terms.`;
    throw new CoreError('MODEL_ACCESS_DENIED', message);
  }
  if (status === 404) throw new CoreError('MODEL_NOT_FOUND', `${host} has no ${subjectText(subject)} (HTTP 404): check the name and revision.`);
  if (status >= 500 || status === 429 || status === 408) throw new RetryableError(`${host} answered HTTP ${status} for ${subjectText(subject)}`);
  throw new CoreError('MODEL_DOWNLOAD_FAILED', `${host} answered HTTP ${status} for ${subjectText(subject)}.`);
}

/** An ETag without quotes or the weak prefix, lower-case. */
export function cleanEtag(value: string | null): string | null {
  if (!value) return null;
  return value.replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase() || null;
}

export function parseLength(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  return Number(value);
}
