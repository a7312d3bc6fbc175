/**
 * The style-preview hook (issue 11, ../shared/docs/style-preview.md): what every provider offers and
 * what it is given. A provider is one file in ./providers/ that exports a `StyleProviderFactory`; the
 * hosts put the factories they want into a StyleProviderRegistry. Must not import store/, scan/,
 * service/ or any host: providers see images as encoded bytes and the CLIP model through this contract.
 */
import type { ClipModel } from '../embed/clip-model.js';
import type { Logger } from '../logger.js';

/** What a provider needs before it can preview: shown to users beside a greyed-out provider. */
export type StyleProviderNeed = 'clip-model' | 'model-file' | 'server-url';

/** `available()`: ok, or the reason in words a user can act on ("No style models installed in ..."). */
export type StyleAvailability = { ok: true } | { ok: false; reason: string };

export interface StyleProgress {
  /** 0..1 of the whole preview. */
  fraction: number;
  /** What is happening, in words ("Searching for the look: 40 of 160 tries"). */
  stage: string;
}

export interface StylePreviewRequest {
  /** The photo, already decoded and orientation-applied, as encoded bytes (PNG or JPEG). */
  image: Buffer;
  /** The look in words ("warm vintage film"); may be empty for providers that do not need one. */
  prompt: string;
  /** 0..1: 0 returns the photo unchanged, 1 the full look. */
  strength: number;
  /** Longest edge of the preview in pixels; the provider renders at this size (never upscales). */
  size: number;
  signal?: AbortSignal;
  onProgress?: (progress: StyleProgress) => void;
}

/** CLIP scores of the preview (absent when no CLIP model was available to measure them). */
export interface StyleScores {
  /** Cosine of the original photo with the styled prompt. */
  before: number;
  /** Cosine of the styled photo with the styled prompt. */
  after: number;
  /** Cosine of the styled photo's embedding with the original's: how much of the content is kept. */
  content: number;
  /** StyleGAN-NADA directional score: cos(Δimage, Δtext) from the neutral prompt to the styled one. */
  directional?: number;
}

export interface StylePreviewResult {
  /** The styled photo as PNG bytes at the requested size. */
  image: Buffer;
  /**
   * Plain JSON that reproduces the result with the same provider (`render`): adjustment parameters,
   * the chosen style network, the server request minus the image. Shown to the user and copyable.
   */
  recipe: Record<string, unknown>;
  scores?: StyleScores;
  /** Provider-specific facts for logs and benchmarks (tries made, search seconds); never needed to render. */
  details?: Readonly<Record<string, unknown>>;
}

export interface StylePreviewProvider {
  readonly id: string;
  readonly name: string;
  /** One line for the provider menu. */
  readonly description: string;
  readonly needs: readonly StyleProviderNeed[];
  available(): Promise<StyleAvailability>;
  preview(request: StylePreviewRequest): Promise<StylePreviewResult>;
  /**
   * Applies a recipe this provider returned to an image at any size (used to save the full-size
   * copy: the same recipe, so what is saved is what was previewed). Providers whose result cannot be
   * re-rendered from a recipe (a diffusion server) return null; the host then saves the preview.
   */
  render?(image: Buffer, recipe: Record<string, unknown>, signal?: AbortSignal): Promise<Buffer | null>;
  dispose?(): Promise<void>;
}

/** Everything a host can hand a provider; each provider takes what it needs. */
export interface StyleProviderContext {
  /** The active CLIP model (loaded on first call); absent when the host has no model. */
  clipModel?: () => Promise<ClipModel>;
  /** Whether a model is chosen now (a host whose user may choose one later passes this); absent: yes when clipModel is. */
  clipModelChosen?: () => boolean;
  /** This provider's settings (folder of style models, server URL, allowed host ...), from the host. */
  settings: Readonly<Record<string, unknown>>;
  logger: Logger;
}

/** A setting a user fills in for a provider (a folder, a server address); hosts show one text field each. */
export interface StyleSettingField {
  readonly key: string;
  readonly label: string;
  readonly placeholder?: string;
}

export interface StyleProviderFactory {
  readonly id: string;
  /** The settings a user may change (stored per library; the provider gets them in its context). */
  readonly settingFields?: readonly StyleSettingField[];
  create(context: StyleProviderContext): StylePreviewProvider;
}
