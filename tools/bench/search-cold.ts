/**
 * One fresh process of the search benchmark: opens a cached library the way a host does and
 * answers queries through SearchService + SearchAccelerator, reporting the first query (which
 * pays for building or loading the in-memory index) apart from the warm ones, and the memory the
 * index adds. Run by search-bench.ts:
 *   node --import tsx tools/bench/search-cold.ts <library.db> <kind> <queries> [<index cache file>]
 * Prints one JSON line.
 */
import fs from 'node:fs';
import { openLibraryScope } from '../../electron/core/library-scope.js';
import { SearchAccelerator } from '../../electron/core/search/accel/search-accelerator.js';
import { SearchService } from '../../electron/core/search/search-service.js';
import { queryVectors, textModelFor } from './search-queries.js';
import { MODEL, type VectorKind } from './search-library.js';

const [file, kindArg, countArg, cacheFile] = process.argv.slice(2);
if (!file || (kindArg !== 'clustered' && kindArg !== 'random')) throw new Error('usage: search-cold.ts <library.db> <clustered|random> [queries]');
const kind: VectorKind = kindArg;
const queries = queryVectors(kind, Number(countArg ?? '11'));
const mib = () => process.memoryUsage().rss / 1048576;
/**
 * Linux splits RSS into anonymous memory (what the index costs) and pages of mapped files (SQLite
 * maps up to 1 GB of the library, open-library.ts: page cache, shared and reclaimable).
 */
function rssParts(): { anon_mib: number; file_mib: number } {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
    return { anon_mib: kib('RssAnon') / 1024, file_mib: kib('RssFile') / 1024 };
  } catch {
    return { anon_mib: Number.NaN, file_mib: Number.NaN };
  }
}

const t0 = performance.now();
const scope = openLibraryScope(file);
const vectors = scope.vectorsFor(MODEL);
const model = textModelFor(queries);
const accelerator = new SearchAccelerator(vectors, vectors.snapshot(), cacheFile ? { cacheFile } : {});
const service = new SearchService(model, scope.photos, vectors, accelerator);
const openMs = performance.now() - t0;
const rssBefore = mib();
const partsBefore = rssParts();
const times: number[] = [];
for (let i = 0; i < queries.length; i++) {
  const t = performance.now();
  await service.searchText(`q${i}`, { k: 20 });
  times.push(performance.now() - t);
}
const rssAfter = mib();
const partsAfter = rssParts();
const warm = times.slice(1).sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({
    open_ms: openMs,
    first_ms: times[0],
    warm_p50_ms: warm[Math.floor(warm.length / 2)],
    rss_before_mib: rssBefore,
    rss_after_mib: rssAfter,
    anon_before_mib: partsBefore.anon_mib,
    anon_after_mib: partsAfter.anon_mib,
    file_after_mib: partsAfter.file_mib,
    source: accelerator.source,
  })}\n`,
);
scope.close();
