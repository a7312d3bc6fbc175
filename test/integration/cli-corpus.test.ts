/**
 * `recollect index ../shared/corpus`: 400+ public test images, corrupt, truncated, bombs, phone
 * HEICs and RAWs among them. No crash, every candidate file indexed or listed with a reason,
 * phone HEICs indexed, and every file byte-for-byte unchanged afterwards.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { isCandidateImagePath } from '../../electron/core/image/supported-formats.js';
import { walkFolder } from '../../electron/core/scan/walk.js';
import { jsonOf, runCli } from '../helpers/cli-process.js';
import { CORPUS_DIR, testModelDir } from '../helpers/test-model.js';

const modelDir = testModelDir();
const haveCorpus = fs.existsSync(path.join(CORPUS_DIR, 'SHA256SUMS'));
if (!haveCorpus) console.warn(`cli-corpus: skipped, no corpus at ${CORPUS_DIR} (it sits beside the clone in CI)`);

function sha256sums(): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of fs.readFileSync(path.join(CORPUS_DIR, 'SHA256SUMS'), 'utf8').split('\n')) {
    const m = /^([0-9a-f]{64})\s+\*?(.+)$/.exec(line.trim());
    if (m?.[1] && m[2]) sums.set(m[2], m[1]);
  }
  return sums;
}

describe.skipIf(!haveCorpus || !modelDir)('recollect index on the public corpus', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-corpus-'));
  const lib = path.join(tmp, 'library.db');
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('indexes or explains every candidate file, indexes phone HEICs, and changes no file', async () => {
    const report = jsonOf<{ indexed: number; skipped: { path: string; reason: string }[] }>(
      await runCli(['index', CORPUS_DIR, '--json', '--library', lib, '--model', modelDir ?? '', '--device', 'cpu'], {}, 300_000),
    );
    const candidates: string[] = [];
    for await (const ev of walkFolder(CORPUS_DIR, isCandidateImagePath)) if (ev.kind === 'file') candidates.push(ev.file.path);
    const skipped = new Map(report.skipped.map((s) => [s.path, s.reason]));
    const db = new Database(lib, { readonly: true });
    const indexed = new Set(
      (db.prepare("SELECT path FROM photos WHERE status = 'indexed'").all() as { path: string }[]).map((r) => r.path),
    );
    db.close();
    console.log(`corpus: ${candidates.length} candidate files, ${indexed.size} indexed, ${skipped.size} skipped with a reason`);
    expect(report.indexed).toBe(indexed.size);
    for (const file of candidates) expect(indexed.has(file) || skipped.has(file), file).toBe(true);
    for (const reason of skipped.values()) expect(reason.length).toBeGreaterThan(5);

    for (const heic of ['photoprism-examples/iphone_7.heic', 'photoprism-examples/iphone_15_pro.heic', 'exif-samples/heic/IMG_5195.HEIC']) {
      expect(indexed.has(path.join(CORPUS_DIR, heic)), heic).toBe(true);
    }
    for (const bad of ['pngsuite/xcsn0g01.png', 'pngsuite/xhdn0g08.png', 'sharp-fixtures/truncated.jpg', 'sharp-fixtures/giant-image.jpg']) {
      expect(skipped.has(path.join(CORPUS_DIR, bad)), bad).toBe(true);
    }

    const sums = sha256sums();
    expect(sums.size).toBeGreaterThan(400);
    for (const [rel, sum] of sums) {
      const actual = createHash('sha256').update(fs.readFileSync(path.join(CORPUS_DIR, rel))).digest('hex');
      expect(actual, rel).toBe(sum);
    }
  }, 300_000);
});
