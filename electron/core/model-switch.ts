/**
 * What a model switch looks like from outside: which model answered a query, and how far the
 * re-embed of the library with the pending model has got ("done of total" indexed photos).
 * Read from the store, never counted by hand, so it is right after a restart too.
 */
import type { ModelSlot } from './model-slot.js';
import type { SearchResult } from './search/search-service.js';

/** A model by its content id, its human name and the folder it was loaded from. */
export interface ModelRef {
  id: string;
  name: string;
  dir: string;
}

/** A search answer and the model whose vectors gave it (during a switch: the previous model). */
export interface AnsweredSearch extends SearchResult {
  answeredBy: ModelRef;
}

export interface SwitchProgress {
  dir: string;
  /** null until the pending model has loaded in this process (its id hashes its files). */
  id: string | null;
  name: string | null;
  /** Indexed photos with a vector from the pending model; null until it has loaded. */
  done: number | null;
  /** Indexed photos in the library. */
  total: number;
}

export async function refOf(slot: ModelSlot): Promise<ModelRef> {
  const m = await slot.model();
  return { id: m.id, name: m.name, dir: slot.dir };
}

/** Progress of a pending slot without loading it (status must not wait for a model to load). */
export function switchProgressOf(slot: ModelSlot, indexedPhotos: number): SwitchProgress {
  const m = slot.loaded;
  const vectors = slot.loadedVectors();
  return {
    dir: slot.dir,
    id: m?.id ?? null,
    name: m?.name ?? null,
    // Identified but without a table: no vector has been stored under its id yet.
    done: vectors ? indexedPhotos - vectors.missing() : m ? 0 : null,
    total: indexedPhotos,
  };
}
