/**
 * A vitest environment for the renderer's state classes (*.svelte.ts): plain Node globals, but
 * modules go through Vite's client environment, so the Svelte plugin compiles runes for the
 * browser ($state signals, lazily recomputed $derived) and `svelte` resolves to its client runtime,
 * exactly what runs in the window. The node environment would compile them for SSR instead,
 * where $state is a plain field. No DOM: tests supply `window` with the fake API (test/helpers/fake-api.ts).
 */
import type { Environment } from 'vitest/environments';

export default {
  name: 'svelte-client',
  viteEnvironment: 'client',
  setup: () => ({ teardown: () => undefined }),
} satisfies Environment;
