/**
 * The file listing of a repository at a revision (tree API, models.md) and the choice of files a
 * model download fetches: the configs and tokenizer, then either the two ONNX towers or the one
 * combined graph (model-files.ts names them), fp32 or `*_quantized`. Sizes and hashes come from the
 * listing: `lfs.oid` is a large file's sha256, `oid` a small file's git blob sha1.
 */
import { z } from 'zod';
import { CoreError } from '../core-error.js';
import { MODEL_FILES, onnxModelFiles } from '../embed/model-files.js';
import type { CatalogFile } from './catalog-schema.js';
import { checkHubStatus, hubFetch, type HubConnection } from './hub-request.js';
import { treeUrl } from './hub-urls.js';
import { withRetry, type RetryHooks, type RetryPolicy } from './retry.js';

const treeEntry = z.looseObject({
  type: z.string(),
  path: z.string(),
  size: z.number().int().nonnegative().optional(),
  oid: z.string().optional(),
  lfs: z.looseObject({ oid: z.string(), size: z.number().int().nonnegative() }).optional(),
});

export interface HubFile {
  path: string;
  /** Size the hub lists, null when a mirror leaves it out. */
  bytes: number | null;
  sha256: string | null;
  gitSha1: string | null;
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX40 = /^[0-9a-f]{40}$/;

function toHubFile(entry: z.output<typeof treeEntry>): HubFile {
  if (entry.lfs) {
    const oid = entry.lfs.oid.replace(/^sha256:/, '').toLowerCase();
    return { path: entry.path, bytes: entry.lfs.size, sha256: HEX64.test(oid) ? oid : null, gitSha1: null };
  }
  const oid = entry.oid?.toLowerCase() ?? '';
  return { path: entry.path, bytes: entry.size ?? null, sha256: null, gitSha1: HEX40.test(oid) ? oid : null };
}

export async function listRepoFiles(conn: HubConnection, repo: string, revision: string, retry: RetryPolicy, hooks: RetryHooks): Promise<HubFile[]> {
  const subject = { repo, revision };
  const body = await withRetry(async () => {
    const res = await hubFetch(conn, { url: treeUrl(conn.endpoint, repo, revision), redirect: 'follow', signal: hooks.signal });
    await checkHubStatus(res, subject, conn);
    return res.json().catch(() => null);
  }, retry, hooks);
  const parsed = z.array(treeEntry).safeParse(body);
  if (!parsed.success) throw new CoreError('MODEL_DOWNLOAD_FAILED', `The file list of ${repo}@${revision} from ${new URL(conn.endpoint).host} is not what a Hugging Face hub answers; check the endpoint.`);
  return parsed.data.filter((e) => e.type === 'file').map(toHubFile);
}

const NOT_SUPPORTED = 'Recollect reads the transformers.js ONNX layout (config.json, preprocessor_config.json, tokenizer.json and onnx/text_model.onnx + onnx/vision_model.onnx, or one onnx/model.onnx).';

/** The files a model by hub name needs, picked from its listing (towers preferred, as the loader does). */
export function pickModelFiles(listing: readonly HubFile[], quantized: boolean, repo: string): HubFile[] {
  const byPath = new Map(listing.map((f) => [f.path, f]));
  const required = [MODEL_FILES.config, MODEL_FILES.preprocessor, MODEL_FILES.tokenizer];
  const missing = required.filter((p) => !byPath.has(p));
  if (missing.length > 0) throw new CoreError('MODEL_INVALID', `${repo} has no ${missing.join(', ')}: it is not a model Recollect can load. ${NOT_SUPPORTED}`);
  const names = onnxModelFiles(quantized);
  const onnx = byPath.has(names.text) && byPath.has(names.vision) ? [names.text, names.vision] : byPath.has(names.combined) ? [names.combined] : null;
  if (!onnx) {
    const variant = quantized ? 'int8 (*_quantized.onnx) ' : '';
    throw new CoreError('MODEL_INVALID', `${repo} has no ${variant}ONNX files Recollect can load (${names.text} + ${names.vision}, or ${names.combined}). ${NOT_SUPPORTED}`);
  }
  const optional = [MODEL_FILES.tokenizerConfig, MODEL_FILES.specialTokensMap].filter((p) => byPath.has(p));
  return [...required, ...optional, ...onnx].flatMap((p) => byPath.get(p) ?? []);
}

/** A catalog entry's files, with the hub's sizes and hashes; a required file the hub lacks is an error. */
export function matchCatalogFiles(listing: readonly HubFile[], wanted: readonly CatalogFile[], repo: string, revision: string): HubFile[] {
  const byPath = new Map(listing.map((f) => [f.path, f]));
  return wanted.flatMap((w) => {
    const found = byPath.get(w.path);
    if (found) return [found];
    if (w.optional) return [];
    throw new CoreError('MODEL_NOT_FOUND', `${repo}@${revision} has no ${w.path}, which the catalog lists: the catalog entry is out of date with the hub.`);
  });
}
