/**
 * `recollect style` (issue 11 item 5): the --json shapes, the provider list (with a test-only
 * provider registered through the CLI's registry builder, as a provider file would be), --out that
 * never overwrites, and the photo only read.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCli } from '../../electron/cli/cli-args.js';
import type { CliContext } from '../../electron/cli/cli-context.js';
import { runStyle } from '../../electron/cli/commands/style-command.js';
import { runCli } from '../../electron/cli/main.js';
import { silentLogger } from '../../electron/core/logger.js';
import { BUILTIN_STYLE_PROVIDERS } from '../../electron/core/style/builtin-providers.js';
import { renderScene } from '../../tools/fixture-model/render-scene.js';
import { chooseScenes } from '../helpers/render-scenes.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';
import { TEST_PROVIDER_ID, testStyleProviderFactory, unavailableStyleProviderFactory } from '../helpers/test-style-provider.js';

const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

interface Captured {
  out: string[];
  err: string[];
}

/** The CLI's style command with extra providers, as cli/main.ts runs it (same flags and context). */
async function styleWith(argv: string[], env: NodeJS.ProcessEnv): Promise<Captured> {
  const parsed = parseCli(argv);
  const captured: Captured = { out: [], err: [] };
  const ctx: CliContext = {
    out: (l) => captured.out.push(l),
    err: (l) => captured.err.push(l),
    flags: parsed.values,
    positionals: parsed.positionals.slice(1),
    env,
    logger: silentLogger,
  };
  await runStyle(ctx, [...BUILTIN_STYLE_PROVIDERS, testStyleProviderFactory, unavailableStyleProviderFactory]);
  return captured;
}

async function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<Captured & { code: number }> {
  const captured: Captured = { out: [], err: [] };
  const code = await runCli(argv, { out: (l) => captured.out.push(l), err: (l) => captured.err.push(l) }, env);
  return { ...captured, code };
}

describe('recollect style', () => {
  let dir = '';
  let photo = '';
  let photoHash = '';
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cli-style-'));
    env = { RECOLLECT_LIBRARY: path.join(dir, 'library.db'), RECOLLECT_MODEL: FIXTURE_MODEL_DIR };
    const [[scene] = []] = chooseScenes([{ count: 1, accept: (s) => s.objects.length === 1 && s.objects[0]?.colour === 'brown' }], 5000, 1);
    if (!scene) throw new Error('no scene');
    photo = path.join(dir, 'IMG_1234.jpg');
    await writeFile(photo, (await renderScene(scene.seed, { width: 800, height: 600, maxObjects: 1, format: 'jpeg', quality: 90 })).buffer);
    photoHash = await sha256(photo);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('--providers --json lists every registered provider with availability and reasons', async () => {
    const { out } = await styleWith(['style', '--providers', '--json'], env);
    const { providers } = JSON.parse(out.join('\n')) as { providers: { id: string; available: boolean; reason: string | null; needs: string[]; name: string; description: string }[] };
    expect(providers.map((p) => p.id)).toEqual(['clip-look', 'onnx-style', 'img2img-server', TEST_PROVIDER_ID, 'test-offline']);
    const byId = new Map(providers.map((p) => [p.id, p]));
    expect(byId.get('clip-look')).toMatchObject({ available: true, reason: null, needs: ['clip-model'] });
    expect(byId.get(TEST_PROVIDER_ID)).toMatchObject({ available: true, name: 'Test grey' });
    expect(byId.get('test-offline')).toMatchObject({ available: false, reason: 'No server address is set.', needs: ['server-url'] });
    // The built-in style networks and image server are off until set up, and say what to set.
    expect(byId.get('onnx-style')).toMatchObject({ available: false, reason: expect.stringMatching(/styles/) });
    expect(byId.get('img2img-server')).toMatchObject({ available: false, reason: expect.stringMatching(/Set the address/) });
  });

  it('says why the look finder cannot run without a model', async () => {
    const { out } = await styleWith(['style', '--providers'], { RECOLLECT_LIBRARY: path.join(dir, 'empty.db') });
    expect(out.join('\n')).toMatch(/clip-look .*unavailable: Needs a search model/);
  });

  it('previews with the test-only provider and writes --out', async () => {
    const outFile = path.join(dir, 'grey.png');
    const { out } = await styleWith(['style', photo, '--prompt', 'grey', '--provider', TEST_PROVIDER_ID, '--strength', '1', '--out', outFile, '--json'], env);
    const json = JSON.parse(out.join('\n'));
    expect(json).toMatchObject({ provider: TEST_PROVIDER_ID, recipe: { grey: 1 }, out: outFile });
    const px = await sharp(outFile).raw().toBuffer();
    expect(Math.abs((px[0] ?? 0) - (px[2] ?? 0))).toBeLessThanOrEqual(1);
    expect(await sha256(photo)).toBe(photoHash);
  });

  it('--json answers exactly the contract fields with the look finder (and more is fine)', async () => {
    const outFile = path.join(dir, 'IMG_1234 red.jpg');
    const run = await cli(['style', photo, '--prompt', 'a red shape', '--strength', '1', '--out', outFile, '--json'], env);
    expect(run.code, run.err.join('\n')).toBe(0);
    const json = JSON.parse(run.out.join('\n'));
    for (const key of ['provider', 'recipe', 'score_before', 'score_after', 'content', 'out', 'seconds']) expect(json).toHaveProperty(key);
    expect(json.provider).toBe('clip-look');
    expect(json.recipe.kind).toBe('look');
    expect(json.score_after).toBeGreaterThan(json.score_before);
    expect(json.content).toBeGreaterThanOrEqual(0.75);
    expect(json.out).toBe(outFile);
    expect(json.seconds).toBeGreaterThan(0);
    expect((await sharp(outFile).metadata()).width).toBe(800);
    expect(await sha256(photo)).toBe(photoHash);
  }, 120_000);

  it('never overwrites an existing --out file: a clear error, and the file keeps its bytes', async () => {
    const outFile = path.join(dir, 'taken.jpg');
    await writeFile(outFile, 'precious');
    const run = await cli(['style', photo, '--prompt', 'a red shape', '--out', outFile, '--json'], env);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.out.join('\n')).error.message).toMatch(/exists already/);
    expect(run.err.join('\n')).toMatch(/taken\.jpg exists already; choose another file name/);
    expect(await readFile(outFile, 'utf8')).toBe('precious');
  });

  it('refuses wrong usage with exit 2: no prompt, strength out of range, unknown provider', async () => {
    expect((await cli(['style', photo], env)).code).toBe(2);
    expect((await cli(['style', photo, '--prompt', 'x', '--strength', '1.5'], env)).code).toBe(2);
    const unknown = await cli(['style', photo, '--prompt', 'x', '--provider', 'nope', '--json'], env);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.out.join('\n')).error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/no style provider "nope"/) });
  });
});
