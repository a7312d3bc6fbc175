import { svelte } from '@sveltejs/vite-plugin-svelte';
import { configDefaults, defineConfig } from 'vitest/config';

// Integration tests load ONNX models and SQLite files; on a 2-vCPU machine running them in
// parallel only makes them slower and their timeouts flaky, so files run one at a time.
//
// Two projects: `node` for everything Node-side, `renderer` for the Svelte state classes, whose
// runes need the Svelte compiler (client output; see test/helpers/svelte-client-environment.ts).
const renderer = ['test/unit/renderer/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
    projects: [
      // The reliability suite has its own config and command (npm run test:reliability).
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...renderer, 'test/reliability/**'] } },
      {
        extends: true,
        plugins: [svelte({ configFile: false, compilerOptions: { runes: true } })],
        test: { name: 'renderer', include: renderer, environment: './test/helpers/svelte-client-environment.ts' },
      },
    ],
  },
});
