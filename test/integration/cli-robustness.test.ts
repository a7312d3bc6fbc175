/**
 * Faults a user meets: the process killed mid-index, a read-only library location, a broken model
 * folder, a file that is not a library. Each ends with a clear message and nothing lost.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runCli, startCli } from '../helpers/cli-process.js';
import { writeNoisePhotos } from '../helpers/simple-photos.js';
import { testModelDir } from '../helpers/test-model.js';

interface IndexJson {
  indexed: number;
  unchanged: number;
  skipped: unknown[];
}

const modelDir = testModelDir() ?? '';
const PHOTOS = 150;

function countPhotos(lib: string): number {
  try {
    const db = new Database(lib, { readonly: true, fileMustExist: true });
    try {
      return Number((db.prepare('SELECT count(*) AS n FROM photos').get() as { n: number }).n);
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or schema not there yet
  }
}

async function killWhen(args: string[], ready: () => boolean): Promise<void> {
  const child = startCli(args);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGKILL');
  await exited;
}

describe.skipIf(!modelDir)('recollect under faults', () => {
  let tmp: string;
  let photos: string;
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-faults-'));
    photos = path.join(tmp, 'photos');
    await writeNoisePhotos(photos, PHOTOS);
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('survives SIGKILL mid-index: the library passes integrity_check and the next run resumes', async () => {
    const lib = path.join(tmp, 'killed', 'library.db');
    const args = ['index', photos, '--library', lib, '--model', modelDir, '--device', 'cpu'];
    // Killed twice: once as soon as the library file exists, once mid-way through the photos.
    await killWhen(args, () => countPhotos(lib) > 0 || false);
    await killWhen(args, () => countPhotos(lib) >= 40);
    const committed = countPhotos(lib);
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(PHOTOS);

    const db = new Database(lib, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Every committed photo row has its vector (they are written in one transaction).
    const orphan = db.prepare("SELECT count(*) AS n FROM photos p WHERE status = 'indexed' AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.photo_id = p.id)").get() as { n: number };
    expect(orphan.n).toBe(0);
    db.close();

    const r = jsonOf<IndexJson>(await runCli([...args, '--json']));
    expect(r.unchanged).toBe(committed);
    expect(r.indexed).toBe(PHOTOS - committed);
    expect(r.skipped).toHaveLength(0);
  });

  it('explains a read-only library location and changes nothing', async () => {
    const roDir = path.join(tmp, 'readonly');
    await fs.mkdir(roDir);
    await fs.chmod(roDir, 0o555);
    await fs.chmod(tmp, 0o755);
    const lib = path.join(roDir, 'library.db');
    const args = ['index', photos, '--library', lib, '--model', modelDir];
    let stderr: string;
    let code: number | null;
    if (process.getuid?.() === 0) {
      // root ignores permission bits, so run the command as an ordinary user, as a user would.
      try {
        execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, 'electron/cli/bin.js', ...args], {
          cwd: path.resolve(import.meta.dirname, '../..'),
          stdio: 'pipe',
          env: { ...process.env, HOME: tmp },
        });
        code = 0;
        stderr = '';
      } catch (err) {
        const e = err as { status: number | null; stderr: Buffer };
        code = e.status;
        stderr = e.stderr.toString();
      }
    } else {
      const r = await runCli(args);
      code = r.code;
      stderr = r.stderr;
    }
    expect(code).toBe(1);
    expect(stderr).toMatch(/Cannot write the library at .*read-only.*--library/);
    expect(await fs.readdir(roDir)).toEqual([]);
  });

  it('names the missing file of a broken model folder', async () => {
    const broken = path.join(tmp, 'broken-model');
    await fs.cp(modelDir, broken, { recursive: true });
    await fs.rm(path.join(broken, 'tokenizer.json'));
    const r = await runCli(['index', photos, '--library', path.join(tmp, 'lib2.db'), '--model', broken]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/tokenizer\.json/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a file that is not a library instead of overwriting it', async () => {
    const notLib = path.join(tmp, 'notes.db');
    await fs.writeFile(notLib, 'my precious notes, not a database at all'.repeat(200));
    const before = await fs.readFile(notLib);
    const r = await runCli(['status', '--library', notLib]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a Recollect library or is damaged/);
    expect(await fs.readFile(notLib)).toEqual(before);
  });

  it('tells a new user with an empty library how to add photos', async () => {
    const r = await runCli(['search', 'a dog', '--library', path.join(tmp, 'empty', 'library.db')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has no photos yet\. Add some first: recollect index <folder> --model <model folder>/);
  });

  it('exits 2 with a hint for wrong usage', async () => {
    const r = await runCli(['search']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/search needs a description/);
  });

  it('answers every failing command with a JSON error object on stdout under --json', async () => {
    const usage = await runCli(['search', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toEqual({ error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/search needs a description/) } });
    const notLib = path.join(tmp, 'not-a-library.db');
    await fs.writeFile(notLib, 'not a database'.repeat(500));
    const corrupt = await runCli(['status', '--library', notLib, '--json']);
    expect(corrupt.code).toBe(1);
    expect(JSON.parse(corrupt.stdout)).toMatchObject({ error: { code: 'LIBRARY_CORRUPT' } });
  });
});

/**
 * Issue 8 defect 4: a library on a disk that fills up during indexing. A small tmpfs is the disk;
 * mounting needs root (CI and this container run tests as root), elsewhere the test says it skipped.
 */
describe.skipIf(!modelDir)('recollect on a full disk', () => {
  let tmp = '';
  let mnt = '';
  let mounted = false;
  let skipReason = '';
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-fulldisk-'));
    mnt = path.join(tmp, 'disk');
    await fs.mkdir(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mnt], { stdio: 'pipe' });
      mounted = true;
    } catch (err) {
      skipReason = `full-disk test skipped: cannot mount a tmpfs here (${String(err instanceof Error ? err.message : err).split('\n')[0]})`;
      console.warn(skipReason);
    }
    await writeNoisePhotos(path.join(tmp, 'first'), 10, 1);
    await writeNoisePhotos(path.join(tmp, 'more'), 120, 1000);
  });
  afterAll(async () => {
    if (mounted) execFileSync('umount', [mnt]);
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('says the disk is full in words (JSON under --json), keeps what was committed, and continues once there is room', async (ctx) => {
    if (!mounted) ctx.skip(skipReason);
    const lib = path.join(mnt, 'library.db');
    const index = (folder: string) => runCli(['index', path.join(tmp, folder), '--library', lib, '--model', modelDir, '--device', 'cpu', '--json']);
    expect(jsonOf<IndexJson>(await index('first')).indexed).toBe(10);
    // Fill the disk, leaving a few pages: the next batch cannot be committed.
    const free = Number(execFileSync('df', ['--output=avail', '-B1', mnt]).toString().trim().split('\n')[1]);
    const filler = path.join(mnt, 'filler');
    await fs.writeFile(filler, Buffer.alloc(Math.max(0, free - 48 * 1024)));

    const full = await index('more');
    expect(full.code).toBe(1);
    expect(JSON.parse(full.stdout)).toEqual({
      error: { code: 'DISK_FULL', message: expect.stringMatching(/^The disk holding the library \(.*\) is full: free \d+ MB and run again; nothing indexed so far is lost\.$/) },
    });
    expect(full.stderr).not.toMatch(/unexpected error|report it/);

    // The library still opens, passes integrity_check and has every photo committed before.
    const db = new Database(lib, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const first = db.prepare("SELECT count(*) AS n FROM photos p JOIN embeddings e ON e.photo_id = p.id WHERE p.path LIKE ? AND p.status = 'indexed'").get(`${path.join(tmp, 'first')}%`) as { n: number };
    expect(first.n).toBe(10);
    db.close();
    const status = await runCli(['status', '--library', lib, '--json']);
    expect(status.code).toBe(0);

    await fs.rm(filler);
    const after = jsonOf<IndexJson>(await index('more'));
    expect(after.indexed + after.unchanged).toBe(120);
    expect(after.skipped).toHaveLength(0);
  }, 120_000);
});
