import { defineConfig } from 'vitest/config';

// `npm run test:reliability` (issue 8): bounded fault loops against the real CLI and browser host.
// Files run one at a time (2-vCPU machines; the kill loop must not compete with another file),
// and summary.ts prints the table and writes docs/reliability.md once all of them ran.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    globalSetup: ['test/reliability/summary.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
