/**
 * The hub's URL layout (models.md): files at `{endpoint}/{repo}/resolve/{revision}/{path}`, the
 * listing at `{endpoint}/api/models/{repo}/tree/{revision}?recursive=true`. The endpoint is the
 * official hub unless a mirror is chosen (`HF_ENDPOINT`, the convention huggingface_hub users
 * know, or --endpoint). Pure functions: no network here.
 */
import { CoreError } from '../core-error.js';
import { hubRepoId, hubRevision } from './catalog-schema.js';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';
export const DEFAULT_REVISION = 'main';

/** The endpoint to use: an explicit choice, else HF_ENDPOINT, else the official hub; no trailing slash. */
export function resolveEndpoint(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  const raw = explicit ?? env.HF_ENDPOINT ?? DEFAULT_ENDPOINT;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CoreError('INVALID_ARGUMENT', `The hub endpoint "${raw}" is not a URL (e.g. https://huggingface.co or a mirror such as https://hf-mirror.com).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CoreError('INVALID_ARGUMENT', `The hub endpoint must be an http(s) URL (got ${url.protocol}).`);
  if (url.username || url.password) throw new CoreError('INVALID_ARGUMENT', 'The hub endpoint must not carry a user name or password: pass an access token instead.');
  return url.href.replace(/\/+$/, '');
}

/** Each path segment escaped, slashes kept: `onnx/text_model.onnx` stays two segments. */
function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

export function fileUrl(endpoint: string, repo: string, revision: string, file: string): string {
  return `${endpoint}/${encodePath(repo)}/resolve/${encodeURIComponent(revision)}/${encodePath(file)}`;
}

export function treeUrl(endpoint: string, repo: string, revision: string): string {
  return `${endpoint}/api/models/${encodePath(repo)}/tree/${encodeURIComponent(revision)}?recursive=true`;
}

export interface RepoSpec {
  repo: string;
  revision: string;
}

/** `owner/name` or `owner/name@revision` (what `recollect model download` takes for a hub name). */
export function parseRepoSpec(spec: string, revision?: string): RepoSpec {
  const at = spec.lastIndexOf('@');
  const repo = at > 0 ? spec.slice(0, at) : spec;
  const rev = revision ?? (at > 0 ? spec.slice(at + 1) : DEFAULT_REVISION);
  if (!hubRepoId.safeParse(repo).success) throw new CoreError('INVALID_ARGUMENT', `"${repo}" is not a hub repository name (owner/name, e.g. Xenova/clip-vit-base-patch32).`);
  if (!hubRevision.safeParse(rev).success) throw new CoreError('INVALID_ARGUMENT', `"${rev}" is not a revision (a branch, tag or 40-hex commit).`);
  return { repo, revision: rev };
}

/** Folder name for a model fetched by hub name: `owner--name` (as huggingface_hub's cache spells it). */
export function folderIdForRepo(repo: string): string {
  return repo.replace('/', '--').toLowerCase();
}

/** An endpoint as it may be shown or stored: never with a query (a signed URL's secrets) or credentials. */
export function displayEndpoint(endpoint: string): string {
  const url = new URL(endpoint);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
