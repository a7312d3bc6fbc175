import { defineConfig } from 'vitest/config';

// Integration tests load ONNX models and SQLite files; on a 2-vCPU machine running them in
// parallel only makes them slower and their timeouts flaky, so files run one at a time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
