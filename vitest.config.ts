import { configDefaults, defineConfig } from 'vitest/config';

// Integration tests load ONNX models and SQLite files; on a 2-vCPU machine running them in
// parallel only makes them slower and their timeouts flaky, so files run one at a time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The reliability suite has its own config and command (npm run test:reliability).
    exclude: [...configDefaults.exclude, 'test/reliability/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
