/**
 * The search domain of the API: text queries and "more like this", answered by the active model
 * (during a model switch, the previous one until the new one is complete).
 */
import type { RecollectApi } from '../contract/api.js';
import type { SearchQueryDto } from '../contract/dto.js';
import type { RecollectCore } from '../core/create-core.js';
import type { SearchOptions } from '../core/search/search-service.js';
import { toPhotoDto } from './photo-dto.js';

/** Hits a page of results holds unless the caller asks for another number. */
const DEFAULT_LIMIT = 60;

function toSearchOptions(q: SearchQueryDto): SearchOptions {
  return { k: q.limit ?? DEFAULT_LIMIT, folder: q.folder, after: q.after, before: q.before, all: q.showWeak ?? false };
}

export function createSearchApi(core: RecollectCore): Pick<RecollectApi, 'search'> {
  return {
    async search(query) {
      const opts = toSearchOptions(query);
      const result =
        query.similarTo !== undefined ? await core.similarToId(query.similarTo, opts) : await core.searchText(query.text ?? '', opts);
      return {
        query: result.query,
        hits: result.hits.map((h) => ({ photo: toPhotoDto(h.photo), score: h.score })),
        cutoff: result.cutoff,
        hidden: result.hidden,
        kind: result.kind,
        moreHidden: result.moreHidden,
        negatives: result.negatives,
        ...(result.notes ? { notes: result.notes } : {}),
        answeredBy: { ...result.answeredBy },
      };
    },
  };
}
