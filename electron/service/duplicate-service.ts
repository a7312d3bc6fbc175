/**
 * The duplicates domain of the API: groups of byte copies and near-identical photos with the
 * suggested copy to keep (core/duplicates). Read-only: nothing is deleted; the view offers
 * "Show in folder" (revealPhoto) instead.
 */
import type { RecollectApi } from '../contract/api.js';
import type { DuplicateGroupDto } from '../contract/library-dto.js';
import { DuplicateFinder } from '../core/duplicates/duplicate-finder.js';
import type { DuplicateGroup } from '../core/duplicates/duplicate-groups.js';
import type { VectorStore } from '../core/store/vector-store.js';
import { toPhotoDto } from './photo-dto.js';
import type { ServiceContext } from './service-context.js';

export type DuplicateService = Pick<RecollectApi, 'listDuplicates'>;

function reasonOf(g: DuplicateGroup, threshold: number | null): string {
  if (g.kind === 'exact') return 'Exact copies: the same file content';
  if (g.kind === 'burst') return `A burst: taken within ${g.spanSeconds ?? 0} s of each other and alike (similarity ${g.similarity.toFixed(2)})`;
  return `Look the same: similarity ${g.similarity.toFixed(3)}${threshold === null ? '' : ` (${threshold.toFixed(2)} or more counts)`}`;
}

export function createDuplicateService(ctx: ServiceContext): DuplicateService {
  const { core } = ctx;
  const finder = new DuplicateFinder(core.library);

  /** The active model's vectors when it can answer for the whole library; else bytes only. */
  const activeVectors = async (): Promise<VectorStore | null> => {
    const slot = core.activeSlot();
    if (!slot) return null;
    return slot.vectors().catch((err: unknown) => {
      ctx.logger.warn('duplicates: comparing bytes only, the model did not load', { error: String(err) });
      return null;
    });
  };

  return {
    async listDuplicates() {
      const report = finder.find(await activeVectors());
      const groups: DuplicateGroupDto[] = report.groups.map((g) => {
        const photos = core.library.photos.getMany(g.ids);
        return {
          kind: g.kind,
          reason: reasonOf(g, report.threshold),
          similarity: g.similarity,
          photos: g.ids.flatMap((id) => {
            const p = photos.get(id);
            return p ? [toPhotoDto(p)] : [];
          }),
          bestId: g.ids[0] ?? 0,
          bestReason: g.bestReason,
        };
      });
      return { groups, exactCopies: report.exactCopies, threshold: report.threshold };
    },
  };
}
