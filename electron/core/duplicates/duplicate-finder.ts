/**
 * Duplicates of one library: byte copies (content hash), near-identical photos (cosine of the
 * active model's vectors >= threshold, found by LSH: near-pairs.ts) and bursts (camera dates
 * seconds apart and alike). Computed on demand and cached until the photos table or the model's
 * vectors change, so opening the view twice costs one computation (bench: tools/bench/duplicates-bench.ts).
 */
import { LibraryMatrix } from '../albums/library-matrix.js';
import type { LibraryScope } from '../library-scope.js';
import type { VectorStore } from '../store/vector-store.js';
import { groupDuplicates, type DuplicateGroup, type DuplicateLink } from './duplicate-groups.js';
import { findNearPairs } from './near-pairs.js';

export interface DuplicateOptions {
  /**
   * Cosine at or above which two photos look the same. Measured with the fixture model: byte
   * copies 1.000, resized and re-encoded copies 0.997-0.9994, two renders of the same description
   * 0.976, different scenes at most 0.93 (test/integration/duplicates.test.ts); 0.97 is the usual
   * near-duplicate line for CLIP ViT-B/32 too (resizes and re-compressions stay above 0.98).
   */
  threshold?: number;
  /** A burst: camera dates at most this far apart and cosine at least `burstThreshold`. */
  burstWindowMs?: number;
  burstThreshold?: number;
}

export interface DuplicateReport {
  groups: DuplicateGroup[];
  exactCopies: number;
  /** Null when no model's vectors were compared (exact copies only). */
  threshold: number | null;
}

const DEFAULTS = { threshold: 0.97, burstWindowMs: 10_000, burstThreshold: 0.9 } as const;
/** Neighbours in time checked per photo for bursts (a 30 fps burst is still bounded). */
const BURST_NEIGHBOURS = 8;

export class DuplicateFinder {
  private readonly options: Required<DuplicateOptions>;
  private cache: { key: string; report: DuplicateReport } | null = null;

  constructor(
    private readonly library: LibraryScope,
    options: DuplicateOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** `vectors`: the active model's vectors, or null to compare bytes only. */
  find(vectors: VectorStore | null): DuplicateReport {
    const key = `${this.library.duplicates.version()}|${vectors ? `${vectors.model.id}:${vectors.count()}` : '-'}`;
    if (this.cache?.key === key) return this.cache.report;
    const hashOf = new Map<number, string>();
    for (const [hash, ids] of this.library.duplicates.byteCopies()) for (const id of ids) hashOf.set(id, hash);
    const links = byteLinks(hashOf);
    // Two byte copies also look the same; that link would name their group "similar" instead of "exact".
    const sameBytes = (l: DuplicateLink): boolean => hashOf.has(l.a) && hashOf.get(l.a) === hashOf.get(l.b);
    if (vectors) links.push(...this.lookLinks(LibraryMatrix.load(vectors)).filter((l) => !sameBytes(l)));
    const ids = new Set(links.flatMap((l) => [l.a, l.b]));
    const photos = this.library.photos.getMany([...ids]);
    const report: DuplicateReport = {
      groups: groupDuplicates(links, photos),
      exactCopies: this.library.duplicates.extraCopies(),
      threshold: vectors ? this.options.threshold : null,
    };
    this.cache = { key, report };
    return report;
  }

  private lookLinks(matrix: LibraryMatrix): DuplicateLink[] {
    const { threshold, burstWindowMs, burstThreshold } = this.options;
    const id = (row: number): number => matrix.ids[row] ?? -1;
    const links: DuplicateLink[] = findNearPairs(matrix, { threshold }).map((p) => ({
      a: id(p.a),
      b: id(p.b),
      kind: 'similar',
      score: Math.min(1, p.score),
    }));
    const dated = this.library.duplicates.datedPhotos();
    for (let i = 0; i < dated.length; i++) {
      const a = dated[i];
      const ra = a && matrix.row(a.id);
      if (!a || ra === undefined) continue;
      for (let j = i + 1; j < dated.length && j - i <= BURST_NEIGHBOURS; j++) {
        const b = dated[j];
        if (!b || b.takenAt - a.takenAt > burstWindowMs) break;
        const rb = matrix.row(b.id);
        if (rb === undefined) continue;
        const score = cosine(matrix.vector(ra), matrix.vector(rb));
        if (score >= burstThreshold) links.push({ a: a.id, b: b.id, kind: score >= threshold ? 'similar' : 'burst', score: Math.min(1, score) });
      }
    }
    return links;
  }
}

/** Each byte copy linked to the first photo with its content. */
function byteLinks(hashOf: ReadonlyMap<number, string>): DuplicateLink[] {
  const first = new Map<string, number>();
  const links: DuplicateLink[] = [];
  for (const [id, hash] of hashOf) {
    const a = first.get(hash);
    if (a === undefined) first.set(hash, id);
    else links.push({ a, b: id, kind: 'exact', score: 1 });
  }
  return links;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] ?? 0) * (b[k] ?? 0);
  return s;
}
