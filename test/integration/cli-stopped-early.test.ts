/**
 * `recollect index` stopped with Ctrl+C says to run it again, and then not "Next: recollect
 * search" as if it had finished (issue 13, defect 7).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli-process.js';
import { writeNoisePhotos } from '../helpers/simple-photos.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

describe('recollect index interrupted', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-stopped-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('ends with "run the same command again" and no "Next:" line', async () => {
    const photos = path.join(tmp, 'Photos');
    await writeNoisePhotos(photos, 300);
    const child = startCli(['index', photos, '--library', path.join(tmp, 'library.db'), '--model', FIXTURE_MODEL_DIR, '--device', 'cpu']);
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      // The model line comes once the model is loaded: indexing starts right after it.
      if (!interrupted && stderr.includes('Model ')) {
        interrupted = true;
        setTimeout(() => child.kill('SIGINT'), 300);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(stdout, 'the run finished before Ctrl+C: make the folder bigger').toContain('Stopped early');
    expect(stdout).not.toContain('Next:');
  }, 120_000);
});
