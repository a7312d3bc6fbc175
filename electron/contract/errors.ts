/**
 * Error codes that cross process boundaries (IPC, HTTP, CLI exit messages).
 * Contract module: types and constants only, no runtime dependencies.
 */
export const ERROR_CODES = [
  'MODEL_MISSING_FILE',
  'MODEL_INVALID',
  'MODEL_NOT_CONFIGURED',
  'PROVIDER_FAILED',
  'DECODE_FAILED',
  'UNSUPPORTED_FORMAT',
  'IMAGE_TOO_LARGE',
  'LIBRARY_OPEN_FAILED',
  'LIBRARY_READ_ONLY',
  'LIBRARY_CORRUPT',
  'DISK_FULL',
  'FOLDER_NOT_FOUND',
  'PHOTO_NOT_FOUND',
  'ALBUM_NOT_FOUND',
  /** A sort to disk that a check before writing refused (target inside a source, no space, ...). */
  'SORT_REFUSED',
  'SORT_RUN_NOT_FOUND',
  /** Model manager (issue 12): no such catalog id, hub repository, file or installed model. */
  'MODEL_NOT_FOUND',
  /** The hub refused without (or with a wrong) access token: a gated or private repository. */
  'MODEL_ACCESS_DENIED',
  /** The hub or the network failed after retries; the staged part is kept for a resume. */
  'MODEL_DOWNLOAD_FAILED',
  /** Downloaded bytes do not match the size or sha256 the hub published; nothing was installed. */
  'MODEL_VERIFY_FAILED',
  'MODEL_DOWNLOAD_CANCELLED',
  /** Removing the model that answers searches (or is being switched to). */
  'MODEL_IN_USE',
  /** A style provider that cannot run now (no model, no style files, no server): the reason says which. */
  'STYLE_UNAVAILABLE',
  /** A long job (a style preview) stopped because the user cancelled it. */
  'CANCELLED',
  /** A style preview its provider could not make: no style models, a network that is not one, the image server refused, down or broken. */
  'STYLE_FAILED',
  'INVALID_ARGUMENT',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const ERROR_CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

/** The one check that a value from another process (IPC, HTTP, the worker) is a known code. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && ERROR_CODE_SET.has(value);
}

export interface ApiErrorDto {
  code: ErrorCode;
  message: string;
}
