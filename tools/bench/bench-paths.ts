/** Where the benchmark keeps its generated inputs (all under the git-ignored .cache/). */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_ROOT = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(BENCH_ROOT, '../..');
export const CACHE_DIR = join(REPO_ROOT, '.cache');
