/**
 * The `recollect` command runs an esbuild bundle of its sources (fast start); it must never run
 * stale code: a changed source gives a new bundle on the next command.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript module without types (it runs before any TypeScript can)
import { ensureCliBundle } from '../../../electron/cli/cli-bundle.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-cli-bundle-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const bundleOf = async (root: string): Promise<string> => {
  const result: unknown = await ensureCliBundle(root);
  if (typeof result !== 'string') throw new Error('ensureCliBundle returned no path');
  return result;
};

describe('the CLI bundle', () => {
  it('is built once, reused while the sources are unchanged, and rebuilt when one changes', async () => {
    fs.mkdirSync(path.join(tmp, 'electron/cli'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'package.json'), '{}');
    fs.writeFileSync(path.join(tmp, 'tsconfig.json'), '{}');
    const main = path.join(tmp, 'electron/cli/main.ts');
    fs.writeFileSync(main, "export const version: string = 'one';\n");
    const first = await bundleOf(tmp);
    expect((await import(pathToFileURL(first).href)).version).toBe('one');
    expect(await bundleOf(tmp)).toBe(first);

    fs.writeFileSync(main, "export const version: string = 'two, longer';\n");
    const second = await bundleOf(tmp);
    expect(second).not.toBe(first);
    expect((await import(pathToFileURL(second).href)).version).toBe('two, longer');
    // The old bundle is cleared away, nothing half-written is left.
    expect(fs.readdirSync(path.join(tmp, '.cache/cli'))).toEqual([path.basename(second)]);
  });

  it('splits a module imported on demand into a chunk of the same build, and clears old chunks away', async () => {
    const main = path.join(tmp, 'electron/cli/main.ts');
    fs.writeFileSync(path.join(tmp, 'electron/cli/later.ts'), "export const answer: number = 42;\n");
    fs.writeFileSync(main, "export const later = async (): Promise<number> => (await import('./later.js')).answer;\n");
    const first = await bundleOf(tmp);
    expect(await (await import(pathToFileURL(first).href)).later()).toBe(42);
    const stampOf = (file: string): string => path.basename(file).slice(0, 'recollect-'.length + 16);
    const files = () => fs.readdirSync(path.join(tmp, '.cache/cli')).sort();
    expect(files().filter((f) => f.includes('-chunk-')).length).toBeGreaterThan(0);
    expect(files().every((f) => f.startsWith(stampOf(first)))).toBe(true);

    fs.writeFileSync(path.join(tmp, 'electron/cli/later.ts'), "export const answer: number = 43;\n");
    const second = await bundleOf(tmp);
    expect(await (await import(pathToFileURL(second).href)).later()).toBe(43);
    expect(files().every((f) => f.startsWith(stampOf(second)))).toBe(true);
  });
});
