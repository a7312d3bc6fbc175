/**
 * Style previews of photo files over a provider registry: what the CLI and the API service share.
 * Opens the photo (any format openImage reads, orientation applied), hands the provider a preview-
 * size PNG, and saves full-size copies (save-styled-copy.ts). Never writes near a photo except
 * through saveStyledCopy, which only creates new files.
 */
import { CoreError } from '../core-error.js';
import { openImage } from '../image/open-image.js';
import { pipelineError } from '../image/decode-error.js';
import { BUILTIN_STYLE_PROVIDERS, DEFAULT_STYLE_PROVIDER } from './builtin-providers.js';
import { saveStyledCopy } from './save-styled-copy.js';
import type { StylePreviewProvider, StylePreviewResult, StyleProgress, StyleProviderContext, StyleProviderFactory, StyleProviderNeed } from './style-provider.js';
import { StyleProviderRegistry } from './style-provider-registry.js';

export interface StyleProviderInfo {
  id: string;
  name: string;
  description: string;
  needs: StyleProviderNeed[];
  available: boolean;
  /** Why it cannot run now, in words; null when available. */
  reason: string | null;
  /** What the user may set, with the values in use now. */
  settings: { key: string; label: string; placeholder: string; value: string }[];
}

export interface StylePhotoRequest {
  prompt: string;
  /** Provider id; default: the first registered (the CLIP look finder). */
  provider?: string;
  strength: number;
  /** Longest edge of the preview (default 1024). */
  size?: number;
  signal?: AbortSignal;
  onProgress?: (progress: StyleProgress) => void;
}

export interface StylePhotoResult extends StylePreviewResult {
  provider: string;
}

export interface SaveCopyRequest {
  provider: string;
  recipe: Record<string, unknown>;
  /** Words for the copy's name (the prompt). */
  label: string;
  folder?: string;
  target?: string;
  signal?: AbortSignal;
}

export const DEFAULT_PREVIEW_SIZE = 1024;

/** Everything a host passes to build its registry; tests add their own factories. */
export interface StyleRegistryOptions extends Omit<StyleProviderContext, 'settings'> {
  factories?: readonly StyleProviderFactory[];
  /** Settings of one provider (default: none). */
  settingsFor?: (providerId: string) => Readonly<Record<string, unknown>>;
}

export function createStyleRegistry(options: StyleRegistryOptions): StyleProviderRegistry {
  const registry = new StyleProviderRegistry((id) => ({ clipModel: options.clipModel, clipModelChosen: options.clipModelChosen, logger: options.logger, settings: options.settingsFor?.(id) ?? {} }));
  for (const f of options.factories ?? BUILTIN_STYLE_PROVIDERS) registry.register(f);
  return registry;
}

export class StyleEngine {
  constructor(
    readonly registry: StyleProviderRegistry,
    private readonly settingsFor: (providerId: string) => Readonly<Record<string, unknown>> = () => ({}),
  ) {}

  async providers(): Promise<StyleProviderInfo[]> {
    return Promise.all(
      this.registry.list().map(async (p) => {
        const a = await p.available().catch((err: unknown) => ({ ok: false as const, reason: err instanceof Error ? err.message : String(err) }));
        const values = this.settingsFor(p.id);
        const settings = this.registry.settingFields(p.id).map((f) => {
          const v = values[f.key];
          return { key: f.key, label: f.label, placeholder: f.placeholder ?? '', value: typeof v === 'string' ? v : '' };
        });
        return { id: p.id, name: p.name, description: p.description, needs: [...p.needs], available: a.ok, reason: a.ok ? null : a.reason, settings };
      }),
    );
  }

  /** The provider, checked to exist and be available (the reason otherwise). */
  async provider(id: string | undefined): Promise<StylePreviewProvider> {
    const ids = this.registry.ids();
    const chosen = id ?? (ids.includes(DEFAULT_STYLE_PROVIDER) ? DEFAULT_STYLE_PROVIDER : ids[0]);
    const provider = chosen === undefined ? undefined : this.registry.get(chosen);
    if (!provider) throw new CoreError('INVALID_ARGUMENT', `There is no style provider "${id ?? ''}" (there are: ${ids.join(', ') || 'none'}).`);
    const a = await provider.available();
    if (!a.ok) throw new CoreError('STYLE_UNAVAILABLE', `${provider.name} cannot run: ${a.reason}`);
    return provider;
  }

  async preview(photoPath: string, request: StylePhotoRequest): Promise<StylePhotoResult> {
    if (!(request.strength >= 0 && request.strength <= 1)) throw new CoreError('INVALID_ARGUMENT', `Strength goes from 0 to 1 (got ${request.strength}).`);
    const provider = await this.provider(request.provider);
    const size = request.size ?? DEFAULT_PREVIEW_SIZE;
    const opened = await openImage(photoPath);
    const image = await opened
      .pipeline()
      .resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 1 })
      .toBuffer()
      .catch((err: unknown) => {
        throw pipelineError(err, opened);
      });
    const result = await provider.preview({ image, prompt: request.prompt, strength: request.strength, size, signal: request.signal, onProgress: request.onProgress });
    return { ...result, provider: provider.id };
  }

  async saveCopy(photoPath: string, request: SaveCopyRequest): Promise<{ path: string }> {
    const provider = await this.provider(request.provider);
    return saveStyledCopy({ source: photoPath, provider, recipe: request.recipe, label: request.label, folder: request.folder, target: request.target, signal: request.signal });
  }

  dispose(): Promise<void> {
    return this.registry.dispose();
  }
}
