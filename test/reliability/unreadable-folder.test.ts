/**
 * Check 3: a subfolder that cannot be read (permissions, an unmounted share, a flaky disk) is
 * "not seen", not "gone": indexing again must keep its photos in the library with their vectors,
 * and once it is readable again nothing has to be embedded twice (issue 8, defect 2).
 * root ignores permission bits, so as root the CLI runs as uid 65534 (setpriv), as a user would.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf } from '../helpers/cli-process.js';
import {
  MODEL_DIR,
  NOBODY,
  cachedPhotos,
  changedOriginals,
  checkLibrary,
  copyPhotos,
  hasSetpriv,
  isRoot,
  recordResult,
  runCliAsUser,
  type PhotoCache,
} from './reliability-helpers.js';

interface IndexJson {
  indexed: number;
  unchanged: number;
  moved: number;
  removed: number;
  skipped: { path: string; reason: string }[];
}

/** How each round makes its subfolder unreadable. */
const ROUNDS: readonly { sub: string; mode: number; how: string }[] = [
  { sub: 'b', mode: 0o000, how: 'chmod 000 (nothing readable)' },
  { sub: 'c', mode: 0o311, how: 'chmod 311 (cannot be listed)' },
];
const PER_SUBFOLDER = 25;

describe('an unreadable subfolder', () => {
  let tmp = '';
  let photos: PhotoCache;
  const cannotRun = isRoot() && !hasSetpriv() ? 'running as root without setpriv: cannot run the CLI as an ordinary user' : null;
  beforeAll(async () => {
    photos = await cachedPhotos();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-rel-unreadable-'));
    await fs.chmod(tmp, 0o755);
  }, 300_000);
  afterAll(async () => {
    for (const r of ROUNDS) await fs.chmod(path.join(tmp, 'photos', r.sub), 0o755).catch(() => undefined);
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('keeps the photos of a subfolder it cannot read, with their vectors, and re-embeds nothing once it is readable again', async (ctx) => {
    if (cannotRun) {
      recordResult({ id: '3-unreadable', check: 'Unreadable subfolder keeps its photos', runs: 0, passed: 0, figures: '', skipped: cannotRun });
      ctx.skip(cannotRun);
      return;
    }
    const root = path.join(tmp, 'photos');
    const counts = new Map<string, number>();
    const originals = await copyPhotos(photos, root, (rel) => {
      const sub = rel.split('/')[0] ?? '';
      const n = counts.get(sub) ?? 0;
      if (!['a', 'b', 'c'].includes(sub) || n >= PER_SUBFOLDER) return false;
      counts.set(sub, n + 1);
      return true;
    });
    const total = originals.size;
    const home = path.join(tmp, 'home');
    const libDir = path.join(tmp, 'library');
    await fs.mkdir(home);
    await fs.mkdir(libDir);
    if (isRoot()) {
      await fs.chown(home, NOBODY, NOBODY);
      await fs.chown(libDir, NOBODY, NOBODY);
    }
    const lib = path.join(libDir, 'library.db');
    const args = ['index', root, '--library', lib, '--model', MODEL_DIR, '--device', 'cpu', '--json'];
    const first = jsonOf<IndexJson>(await runCliAsUser(args, home));
    expect(first.indexed).toBe(total);
    const before = checkLibrary(lib);

    const rounds: { how: string; problems: string[]; removed: number; kept: number; of: number }[] = [];
    for (const round of ROUNDS) {
      const sub = path.join(root, round.sub);
      const inSub = [...before.rows.values()].filter((r) => r.path.startsWith(sub + path.sep));
      const problems: string[] = [];
      let removed = -1;
      let kept = 0;
      await fs.chmod(sub, round.mode);
      try {
        const run = await runCliAsUser(args, home);
        if (run.code !== 0) problems.push(`index with ${round.sub}/ unreadable: exit ${String(run.code)}: ${run.stderr.trim()}`);
        else {
          const r = JSON.parse(run.stdout) as IndexJson;
          removed = r.removed;
          if (r.removed !== 0) problems.push(`reported ${r.removed} photos removed`);
        }
        const check = checkLibrary(lib);
        for (const row of inSub) {
          const now = check.rows.get(row.path);
          if (now && now.id === row.id && now.status === 'indexed' && check.vectorIds.has(row.id)) kept++;
        }
        if (kept !== inSub.length) problems.push(`${inSub.length - kept} of ${inSub.length} photos in ${round.sub}/ lost (or lost their vectors)`);
        if (check.integrity !== 'ok' || check.withoutVector + check.vectorWithoutPhoto > 0) problems.push('library inconsistent');
      } finally {
        await fs.chmod(sub, 0o755);
      }
      // Readable again: everything is there, nothing needs embedding again.
      const again = await runCliAsUser(args, home);
      if (again.code !== 0) problems.push(`index once readable again: exit ${String(again.code)}`);
      else {
        const r = JSON.parse(again.stdout) as IndexJson;
        if (r.indexed !== 0 || r.unchanged !== total) problems.push(`once readable again: ${r.indexed} re-embedded, ${r.unchanged} of ${total} unchanged`);
      }
      rounds.push({ how: `${round.sub}/ ${round.how}`, problems, removed, kept, of: inSub.length });
    }
    const changed = changedOriginals(originals).length;
    const passed = rounds.filter((r) => r.problems.length === 0).length;
    recordResult({
      id: '3-unreadable',
      check: 'Unreadable subfolder keeps its photos',
      runs: rounds.length,
      passed,
      figures:
        rounds.map((r) => `${r.how}: ${r.kept}/${r.of} kept with vectors, ${r.removed < 0 ? 'run failed' : `${r.removed} reported removed`}`).join('; ') +
        `; originals changed: ${changed}${isRoot() ? ' (CLI ran as uid 65534)' : ''}`,
      facts: { originalsChanged: changed, originalsChecked: originals.size },
    });
    expect(rounds.flatMap((r) => r.problems.map((p) => `${r.how}: ${p}`))).toEqual([]);
    expect(changed).toBe(0);
  }, 600_000);
});
