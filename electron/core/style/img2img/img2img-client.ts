/**
 * One `POST {server}/sdapi/v1/img2img` call (AUTOMATIC1111 / Forge / SD.Next JSON API) over Node's
 * fetch, with a timeout and the caller's AbortSignal. Every way it can fail becomes one sentence
 * naming the server: not running, too slow, an HTTP error with the server's own short text, a
 * reply that is not JSON or holds no image. Decoding the image is the caller's (sharp).
 */
import { CoreError, describeError } from '../../core-error.js';
import { decodeBase64Image, img2imgReplySchema, seedOf } from './img2img-reply.js';

/** The request fields Recollect sends (names as the server's API spells them). */
export interface Img2imgRequest {
  init_images: string[];
  prompt: string;
  negative_prompt: string;
  denoising_strength: number;
  steps: number;
  width: number;
  height: number;
  seed: number;
  cfg_scale?: number;
  sampler_name?: string;
}

export interface Img2imgResult {
  image: Buffer;
  /** The seed the server reports having used (reproduces the result on the same server and model). */
  seed?: number;
}

export interface Img2imgCallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

const ERROR_TEXT_LIMIT = 200;

function seconds(ms: number): string {
  return ms < 10_000 ? (ms / 1000).toFixed(1) : String(Math.round(ms / 1000));
}

export function img2imgEndpoint(server: URL): string {
  return `${server.href.replace(/\/*$/, '')}/sdapi/v1/img2img`;
}

/** The server's own words about a failure, short: A1111 replies {error, detail, errors}; FastAPI {detail}. */
function shortErrorText(body: string): string {
  let text = body;
  try {
    const json: unknown = JSON.parse(body);
    if (json && typeof json === 'object') {
      const fields = ['error', 'detail', 'errors', 'message']
        .map((k) => (k in json ? Reflect.get(json, k) : undefined))
        .map((v) => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v)))
        .filter(Boolean);
      if (fields.length) text = [...new Set(fields)].join(': ');
    }
  } catch {
    // Not JSON: the body itself (an HTML error page, a proxy's message).
  }
  const line = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > ERROR_TEXT_LIMIT ? `${line.slice(0, ERROR_TEXT_LIMIT - 1)}…` : line;
}

function connectionProblem(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code = cause instanceof Error && 'code' in cause ? String(cause.code) : '';
  if (code === 'ECONNREFUSED') return 'is not running (connection refused): start it with its API enabled (for AUTOMATIC1111: --api)';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'closed the connection before answering';
  if (code === 'ENOTFOUND') return 'cannot be found (unknown host name)';
  return `cannot be reached (${code || describeError(cause)})`;
}

export async function postImg2img(server: URL, request: Img2imgRequest, options: Img2imgCallOptions): Promise<Img2imgResult> {
  const where = `The image generation server at ${server.origin}`;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const failure = (why: string, cause?: unknown): CoreError =>
    new CoreError('STYLE_FAILED', `${where} ${why}`, cause === undefined ? undefined : { cause });
  let status = 0;
  let body = '';
  try {
    const res = await fetch(img2imgEndpoint(server), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
      signal,
      redirect: 'error',
    });
    status = res.status;
    body = await res.text();
  } catch (err) {
    options.signal?.throwIfAborted();
    if (timeout.aborted) throw failure(`did not answer within ${seconds(options.timeoutMs)} s (the timeout in its settings)`, err);
    throw failure(connectionProblem(err), err);
  }
  if (status === 404) throw failure('has no img2img API at /sdapi/v1/img2img (for AUTOMATIC1111, start it with --api)');
  if (status < 200 || status > 299) throw failure(`answered HTTP ${status}${body.trim() ? `: ${shortErrorText(body)}` : ''}`);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw failure(`replied with something that is not JSON (${shortErrorText(body).slice(0, 60) || 'an empty reply'})`);
  }
  const reply = img2imgReplySchema.safeParse(json);
  if (!reply.success) throw failure(`replied without an image (${reply.error.issues[0]?.message ?? 'unexpected reply'})`);
  const image = decodeBase64Image(reply.data.images[0] ?? '');
  if (!image) throw failure('sent an image that is not base64');
  const seed = seedOf(reply.data.info);
  return { image, ...(seed !== undefined ? { seed } : {}) };
}
