/**
 * The catalog and the installed models side by side, as `recollect model list` and the app's
 * Models page show them: for each catalog entry whether it is available, half downloaded (a staged
 * part waits for a resume), installed or the active model; for each installed model its size on
 * disk, which variants it holds and how many library vectors each variant has.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { LibraryStats } from '../store/library-stats.js';
import { catalogBytes } from './catalog-schema.js';
import { vectorsOf, type InstalledModel } from './installed-models.js';
import { stagingDirFor } from './model-download.js';
import type { ModelManager } from './model-manager.js';

export type CatalogModelState = 'available' | 'partial' | 'installed' | 'active';

export interface CatalogModelView {
  id: string;
  name: string;
  repo: string;
  revision: string;
  verified: boolean;
  dim: number;
  languages: string[];
  license: string;
  speed: 'fast' | 'medium' | 'slow';
  quality: 'good' | 'better' | 'best';
  pickWhen: string;
  /** Published download sizes (null: no int8 variant). */
  bytes: { fp32: number; quantized: number | null };
  recommended: boolean;
  state: CatalogModelState;
}

export interface InstalledModelView {
  id: string;
  dir: string;
  catalogId: string | null;
  source: 'hub' | 'import';
  /** Hub repository, or the folder it was imported from. */
  origin: string;
  revision: string | null;
  commit: string | null;
  installedAt: string;
  bytesOnDisk: number;
  variants: { fp32: boolean; quantized: boolean };
  /** Library vectors per variant (null: the variant is not installed). */
  vectors: { fp32: number | null; quantized: number | null };
  active: boolean;
  pending: boolean;
}

export interface ModelListing {
  modelsDir: string;
  catalog: CatalogModelView[];
  installed: InstalledModelView[];
}

export interface LibraryModelUse {
  stats: LibraryStats | null;
  activeDir: string | null;
  pendingDir: string | null;
}

const same = (a: string | null, b: string): boolean => a !== null && path.resolve(a) === path.resolve(b);

function installedView(m: InstalledModel, use: LibraryModelUse): InstalledModelView {
  const src = m.manifest.source;
  return {
    id: m.id,
    dir: m.dir,
    catalogId: m.manifest.catalogId,
    source: src.kind,
    origin: src.kind === 'hub' ? src.repo : src.from,
    revision: src.kind === 'hub' ? src.revision : null,
    commit: src.kind === 'hub' ? src.commit : null,
    installedAt: m.manifest.installedAt,
    bytesOnDisk: m.bytesOnDisk,
    variants: { fp32: m.fp32, quantized: m.quantized },
    vectors: vectorsOf(m, use.stats),
    active: same(use.activeDir, m.dir),
    pending: same(use.pendingDir, m.dir),
  };
}

async function hasStaging(dir: string): Promise<boolean> {
  return stat(dir).then((s) => s.isDirectory(), () => false);
}

export async function listModels(manager: ModelManager, use: LibraryModelUse): Promise<ModelListing> {
  const installed = (await manager.installed()).map((m) => installedView(m, use));
  const catalog = manager.catalog();
  const entries: CatalogModelView[] = [];
  for (const e of catalog.models) {
    const mine = installed.find((m) => m.catalogId === e.id);
    const partial = (await hasStaging(stagingDirFor(manager.modelsDir, { id: e.id, quantized: false }))) || (await hasStaging(stagingDirFor(manager.modelsDir, { id: e.id, quantized: true })));
    const state: CatalogModelState = mine?.active ? 'active' : mine ? 'installed' : partial ? 'partial' : 'available';
    entries.push({
      id: e.id,
      name: e.name,
      repo: e.repo,
      revision: e.revision,
      verified: e.verified,
      dim: e.dim,
      languages: [...e.languages],
      license: e.license,
      speed: e.speed,
      quality: e.quality,
      pickWhen: e.pickWhen,
      bytes: { fp32: catalogBytes(e, false), quantized: e.files.quantized ? catalogBytes(e, true) : null },
      recommended: e.id === catalog.defaultModel,
      state,
    });
  }
  return { modelsDir: manager.modelsDir, catalog: entries, installed };
}
