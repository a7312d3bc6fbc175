/**
 * Each model's neutral text for the style preview's directional score (ModelFamily.neutralPrompt,
 * config.json `recollect_neutral_prompt`): the fixture names its own ("a photo" alone is a text its
 * captions never held), a CLIP folder without the key gets CLIP's "a photo", Chinese-CLIP its
 * Chinese one, and a blank or oversized value is refused with the file named.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chineseClipFamily } from '../../electron/core/embed/chinese-clip/chinese-clip-family.js';
import { identifyClipModel } from '../../electron/core/embed/identify-clip-model.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function copyWithConfig(change: (config: Record<string, unknown>) => void): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'neutral-prompt-'));
  dirs.push(dir);
  await cp(FIXTURE_MODEL_DIR, dir, { recursive: true });
  const file = path.join(dir, 'config.json');
  const config: Record<string, unknown> = JSON.parse(await readFile(file, 'utf8'));
  change(config);
  await writeFile(file, JSON.stringify(config));
  return dir;
}

describe('a model\'s neutral prompt', () => {
  it('is the one the fixture model names in its config.json', async () => {
    const model = await identifyClipModel(FIXTURE_MODEL_DIR);
    expect(model.neutralPrompt).toBe('a photo of a shape');
    await model.dispose();
  });

  it('is "a photo" for a CLIP folder that names none, and Chinese for Chinese-CLIP', async () => {
    const dir = await copyWithConfig((c) => delete c.recollect_neutral_prompt);
    const model = await identifyClipModel(dir);
    expect(model.neutralPrompt).toBe('a photo');
    await model.dispose();
    expect(chineseClipFamily.neutralPrompt).toBe('一张照片');
  });

  it('refuses a blank one, naming config.json', async () => {
    const dir = await copyWithConfig((c) => (c.recollect_neutral_prompt = '   '));
    await expect(identifyClipModel(dir)).rejects.toThrow(/config\.json/);
  });
});
