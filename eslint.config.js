// Lint: typescript-eslint strict-ish rules plus the process-layer rules of architecture.md,
// enforced so they stay true: core never imports electron or a host; contract imports nothing.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const hosts = ['./electron/main', './electron/preload', './electron/worker', './electron/cli', './electron/serve', './electron/service', './renderer'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.cache/**', 'coverage/**', 'renderer/dist/**', '.device/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './electron/core', from: hosts, message: 'core is a plain library: hosts depend on it, never the reverse' },
            { target: './electron/contract', from: ['./electron/core', ...hosts], message: 'contract holds types only' },
            { target: './renderer', from: ['./electron/core', './electron/service', './electron/validation', './electron/main', './electron/worker', './electron/cli', './electron/serve'], message: 'the renderer talks to RecollectApi only' },
            { target: './electron/service', from: ['./electron/main', './electron/preload', './electron/worker', './electron/cli', './electron/serve', './renderer'], message: 'the service is shared by hosts and imports none of them' },
            { target: ['./electron/main', './electron/preload'], from: ['./electron/core', './electron/service', './renderer'], message: 'main/preload stay thin: the engine runs in the worker' },
          ],
        },
      ],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'core/contract must run in plain Node (vitest, CLI)' }] }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
