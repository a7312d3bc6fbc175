// Lint: typescript-eslint strict-ish rules plus the process layers of docs/architecture.md
// ("Who may import whom"), enforced so they stay true. test/unit/lint/layer-zones.test.ts lints a
// deliberate violation of each zone and fails if one stops being refused.
//
//   renderer            -> contract (types only)
//   preload, main       -> contract (+ validation, paths)      main: never the worker, core or service
//   worker, cli, serve  -> service, core, contract (+ validation, paths)
//   service             -> core, contract
//   core                -> node + its native libs (+ contract's error codes)
//   validation, paths   -> contract (+ npm packages)
//   contract            -> nothing
// Nothing imports main, preload or renderer; the `electron` package only main, preload and worker.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import svelte from 'eslint-plugin-svelte';

const layer = {
  contract: './electron/contract',
  core: './electron/core',
  service: './electron/service',
  validation: './electron/validation',
  paths: './electron/paths',
  worker: './electron/worker',
  main: './electron/main',
  preload: './electron/preload',
  cli: './electron/cli',
  serve: './electron/serve',
  renderer: './renderer',
};
/** Every layer but the ones named. */
const allBut = (...keep) => Object.entries(layer).filter(([name]) => !keep.includes(name)).map(([, dir]) => dir);
const zone = (target, from, message) => ({ target: layer[target], from, message });

const zones = [
  // Nothing imports main, preload or renderer (tests and tools may: they drive them).
  { target: allBut('main'), from: layer.main, message: 'nothing imports electron/main: it is the Electron shell, the top of its process' },
  { target: allBut('preload'), from: layer.preload, message: 'nothing imports electron/preload: it is the gate of the renderer process' },
  { target: allBut('renderer'), from: layer.renderer, message: 'nothing imports the renderer: it is a browser page reached only through RecollectApi' },
  zone('contract', allBut('contract'), 'the contract imports nothing: every process imports it'),
  zone('core', allBut('core', 'contract'), 'core is a plain library: hosts depend on it, never the reverse'),
  zone('service', allBut('service', 'core', 'contract'), 'the service is shared by hosts and imports none of them'),
  zone('validation', allBut('validation', 'contract'), 'validation is schemas over the contract only (main imports it)'),
  zone('paths', allBut('paths', 'contract'), 'paths is shared by every host and imports none of them'),
  zone('main', allBut('main', 'contract', 'validation', 'paths'), 'main stays thin: contract, validation, paths and its own modules (the engine runs in the worker)'),
  zone('preload', allBut('preload', 'contract', 'validation', 'paths'), 'the preload is a gate over the contract only'),
  zone('worker', allBut('worker', 'service', 'core', 'contract', 'validation', 'paths'), 'the worker hosts the engine: service, core and contract'),
  zone('cli', allBut('cli', 'serve', 'service', 'core', 'contract', 'validation', 'paths'), 'the CLI hosts the engine (and starts the browser host)'),
  zone('serve', allBut('serve', 'service', 'core', 'contract', 'validation', 'paths'), 'the browser host serves the engine over HTTP'),
  zone('renderer', allBut('renderer', 'contract'), 'the renderer talks to RecollectApi only'),
];

const noElectron = { name: 'electron', message: "only electron/main, electron/preload and electron/worker may import 'electron': everything else runs in plain Node or a browser" };

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.cache/**', 'coverage/**', 'renderer/dist/**', '.device/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      // Sources import './x.js' and mean './x.ts' (NodeNext). Without the alias no relative import
      // resolves and no-restricted-paths silently passes everything (it did, before this resolver).
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs', '.json', '.node'], extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // `as` silences the compiler instead of convincing it: parse or narrow with a type guard
      // (conventions.md rule 4). `as const` stays; a real need carries an eslint-disable with its reason.
      '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }],
      'import-x/no-restricted-paths': ['error', { zones }],
      'no-restricted-imports': ['error', { paths: [noElectron] }],
    },
  },
  {
    files: ['electron/main/**', 'electron/preload/**', 'electron/worker/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The renderer may import the contract for its types, never a value (the bundle stays free of
    // Node-side code, and the page cannot tell the hosts apart).
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [{ group: ['**/electron/contract/*'], allowTypeImports: true, message: 'the renderer imports contract types only (import type ...)' }],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/contract/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // <script lang="ts"> in components, and runes in *.svelte.ts, parsed by typescript-eslint.
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    rules: {
      // TypeScript (svelte-check) already reports unknown names, and knows the DOM and rune globals;
      // typescript-eslint turns no-undef off for .ts files for the same reason.
      'no-undef': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // Tests build fakes for ports (an IpcMain, a WebContents, a service) that implement only the
    // part under test; casting a partial fake to the port's type is how a unit test stays small.
    files: ['test/**'],
    rules: { '@typescript-eslint/consistent-type-assertions': 'off' },
  },
);
