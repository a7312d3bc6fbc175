/**
 * What the user set for style providers (a folder of style networks, an image server's address),
 * kept in the library's settings as one JSON object, over each provider's defaults. The folder of
 * style networks defaults to `styles` beside the library (the app-data folder), so a user who drops
 * .onnx files there needs to set nothing.
 */
import path from 'node:path';
import { z } from 'zod';
import { CoreError } from '../core/core-error.js';
import type { StyleSettingField } from '../core/style/style-provider.js';
import type { SettingsStore } from '../core/store/settings-store.js';

const storedSchema = z.record(z.string(), z.record(z.string(), z.string()));
type Stored = z.infer<typeof storedSchema>;

export class StyleSettings {
  constructor(
    private readonly store: SettingsStore,
    private readonly libraryFile: string,
  ) {}

  /** The settings one provider gets: defaults, then what the user set. */
  for(providerId: string): Readonly<Record<string, unknown>> {
    return { ...this.defaults(providerId), ...(this.stored()[providerId] ?? {}) };
  }

  /** Sets values (an empty string goes back to the default); refuses keys the provider does not have. */
  set(providerId: string, fields: readonly StyleSettingField[], values: Readonly<Record<string, string>>): void {
    const known = new Set(fields.map((f) => f.key));
    const unknown = Object.keys(values).filter((k) => !known.has(k));
    if (unknown.length > 0) {
      throw new CoreError('INVALID_ARGUMENT', `The style provider "${providerId}" has no setting ${unknown.map((k) => `"${k}"`).join(', ')}${known.size > 0 ? ` (it has: ${[...known].join(', ')})` : ' (it has none)'}.`);
    }
    const all = this.stored();
    const mine = { ...(all[providerId] ?? {}) };
    for (const [key, value] of Object.entries(values)) {
      const trimmed = value.trim();
      if (trimmed === '') delete mine[key];
      else mine[key] = trimmed;
    }
    this.store.set('style.providers', JSON.stringify({ ...all, [providerId]: mine }));
  }

  private defaults(providerId: string): Record<string, string> {
    return providerId === 'onnx-style' ? { folder: path.join(path.dirname(this.libraryFile), 'styles') } : {};
  }

  private stored(): Stored {
    const raw = this.store.get('style.providers');
    if (raw === undefined) return {};
    try {
      const parsed = storedSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : {};
    } catch {
      // A damaged value is treated as nothing set (the user sets it again); it is never fatal.
      return {};
    }
  }
}
