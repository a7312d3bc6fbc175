/**
 * JSON-safe data of the style preview over the API (issue 11): providers, a preview job (long
 * previews report progress as `styleProgress` events and can be cancelled), its result, and
 * saving a copy. Photos by id. Contract module: types only.
 */
export type StyleProviderNeedDto = 'clip-model' | 'model-file' | 'server-url';

export interface StyleProviderDto {
  id: string;
  name: string;
  description: string;
  needs: StyleProviderNeedDto[];
  available: boolean;
  /** Why it cannot run now, in words a user can act on; null when available. */
  reason: string | null;
  /** What the user may set (a folder, a server address), with the values in use now. */
  settings: StyleProviderSettingDto[];
}

export interface StyleProviderSettingDto {
  key: string;
  label: string;
  placeholder: string;
  value: string;
}

export interface StyleProviderSettingsRequest {
  provider: string;
  /** New values by key; an empty string goes back to the default. Keys the provider lacks are refused. */
  settings: Record<string, string>;
}

export interface StylePreviewRequestDto {
  photoId: number;
  /** The look in words ("warm vintage film"). */
  prompt: string;
  /** Provider id; default: the first available one (the CLIP look finder). */
  provider?: string;
  /** 0..1: 0 the photo unchanged, 1 the full look. */
  strength: number;
  /** Longest edge of the preview in pixels (default 1024). */
  size?: number;
}

export interface StyleScoresDto {
  /** CLIP similarity of the photo to the prompt. */
  before: number;
  /** CLIP similarity of the styled preview to the prompt. */
  after: number;
  /** Cosine of the styled preview to the photo: how much of the content is kept. */
  content: number;
  /** StyleGAN-NADA directional score (change of the image along the change of the text). */
  directional: number | null;
}

export interface StylePreviewResultDto {
  provider: string;
  /** The styled preview: a `data:image/png;base64,...` URL for an <img>. */
  image: string;
  width: number;
  height: number;
  /** Plain JSON that reproduces the look (shown, copyable, passed back to saveStyledCopy). */
  recipe: Record<string, unknown>;
  /** null when the provider measures none (no CLIP model involved). */
  scores: StyleScoresDto | null;
}

/** A preview in progress or done; the last `styleProgress` event of a job carries result or error. */
export interface StyleJobDto {
  jobId: string;
  photoId: number;
  prompt: string;
  provider: string;
  strength: number;
  running: boolean;
  /** 0..1. */
  fraction: number;
  /** What is happening, in words. */
  stage: string;
  result: StylePreviewResultDto | null;
  /** Why it failed (code CANCELLED when cancelled); null otherwise. */
  error: { code: string; message: string } | null;
}

export interface SaveStyledCopyRequestDto {
  photoId: number;
  provider: string;
  recipe: Record<string, unknown>;
  /** Words for the copy's name, usually the prompt: "IMG_1234 (warm vintage film).jpg". */
  label?: string;
  /** Folder for the copy (absolute); default beside the original. */
  folder?: string;
}

export interface SavedStyledCopyDto {
  path: string;
}
