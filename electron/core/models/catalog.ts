/**
 * The catalog shipped with the app (models/catalog.json), validated once. Imported as JSON so the
 * Electron build bundles it (tools/build-electron.ts) and the CLI reads the same file.
 */
import catalogJson from '../../../models/catalog.json' with { type: 'json' };
import { CoreError } from '../core-error.js';
import { catalogSchema, type CatalogEntry, type ModelCatalog } from './catalog-schema.js';

let parsed: ModelCatalog | null = null;

export function modelCatalog(): ModelCatalog {
  parsed ??= catalogSchema.parse(catalogJson);
  return parsed;
}

export function findCatalogEntry(id: string): CatalogEntry | undefined {
  return modelCatalog().models.find((m) => m.id === id);
}

export function requireCatalogEntry(id: string): CatalogEntry {
  const entry = findCatalogEntry(id);
  if (!entry) {
    const known = modelCatalog().models.map((m) => m.id).join(', ');
    throw new CoreError('MODEL_NOT_FOUND', `There is no model "${id}" in the catalog (known: ${known}); a hub repository is written owner/name.`);
  }
  return entry;
}
