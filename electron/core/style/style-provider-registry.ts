/**
 * The providers a host offers, in menu order. Hosts register factories (built-ins from
 * ./builtin-providers.ts, a test-only one in tests); providers are created once, on first use,
 * with the context the host gives. Ids are unique: registering one twice is a programming error.
 */
import type { StylePreviewProvider, StyleProviderContext, StyleProviderFactory, StyleSettingField } from './style-provider.js';

export class StyleProviderRegistry {
  private readonly factories: StyleProviderFactory[] = [];
  private readonly created = new Map<string, StylePreviewProvider>();

  constructor(private readonly contextFor: (providerId: string) => StyleProviderContext) {}

  register(factory: StyleProviderFactory): this {
    if (this.factories.some((f) => f.id === factory.id)) throw new Error(`Style provider "${factory.id}" is registered twice`);
    this.factories.push(factory);
    return this;
  }

  ids(): string[] {
    return this.factories.map((f) => f.id);
  }

  /** Every provider, created on first call. */
  list(): StylePreviewProvider[] {
    return this.factories.map((f) => this.provider(f));
  }

  /** The settings a user may change for this provider (none when it declares none). */
  settingFields(id: string): readonly StyleSettingField[] {
    return this.factories.find((f) => f.id === id)?.settingFields ?? [];
  }

  /** Drops the provider made so far, so the next use creates it with the settings as they are now. */
  async reset(id: string): Promise<void> {
    const provider = this.created.get(id);
    this.created.delete(id);
    await provider?.dispose?.();
  }

  /** The provider with this id, or undefined. */
  get(id: string): StylePreviewProvider | undefined {
    const factory = this.factories.find((f) => f.id === id);
    return factory ? this.provider(factory) : undefined;
  }

  async dispose(): Promise<void> {
    const providers = [...this.created.values()];
    this.created.clear();
    await Promise.all(providers.map((p) => p.dispose?.()));
  }

  private provider(factory: StyleProviderFactory): StylePreviewProvider {
    let provider = this.created.get(factory.id);
    if (!provider) {
      provider = factory.create(this.contextFor(factory.id));
      this.created.set(factory.id, provider);
    }
    return provider;
  }
}
