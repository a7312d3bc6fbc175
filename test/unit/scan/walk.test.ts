/**
 * The walk on a real temp folder, with failures injected into its file system calls where root
 * (tests run as root) would not see them: an unreadable folder, a disk error, a failing stat.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkFolder, type WalkEvent, type WalkFs } from '../../../electron/core/scan/walk.js';

const isPhoto = (p: string): boolean => /\.(jpe?g|png)$/i.test(p);

function errno(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${code}: ${syscall} failed, ${syscall} '${file}'`);
  err.code = code;
  return err;
}

const realFs: WalkFs = {
  readdir: (dir) => fsp.readdir(dir, { withFileTypes: true }),
  stat: (file) => fsp.stat(file),
  realpath: (file) => fsp.realpath(file),
};

async function walk(root: string, over: Partial<WalkFs> = {}, libraryRoots?: string[]): Promise<WalkEvent[]> {
  const events: WalkEvent[] = [];
  const options = libraryRoots ? { fs: { ...realFs, ...over }, libraryRoots } : { fs: { ...realFs, ...over } };
  for await (const ev of walkFolder(root, isPhoto, options)) events.push(ev);
  return events;
}

const files = (events: WalkEvent[]): string[] => events.flatMap((e) => (e.kind === 'file' ? [e.file.path] : []));

describe('walkFolder', () => {
  let tmp: string;
  let root: string;
  beforeAll(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-walk-')));
    root = path.join(tmp, 'Photos');
    for (const dir of ['a', 'locked', 'locked/deep']) fs.mkdirSync(path.join(root, dir), { recursive: true });
    for (const f of ['a/1.jpg', 'locked/2.jpg', 'locked/deep/3.jpg', 'top.png']) fs.writeFileSync(path.join(root, f), 'x');
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reports a folder it cannot list as unseen, in words, and still walks the rest', async () => {
    const locked = path.join(root, 'locked');
    const events = await walk(root, {
      readdir: async (dir) => {
        if (dir === locked) throw errno('EACCES', 'scandir', dir);
        return realFs.readdir(dir);
      },
    });
    expect(files(events)).toEqual([path.join(root, 'top.png'), path.join(root, 'a', '1.jpg')]);
    const unseen = events.filter((e) => e.kind === 'unseen');
    expect(unseen).toEqual([{ kind: 'unseen', what: 'folder', path: locked, reason: expect.stringMatching(/^permission denied: Recollect cannot read this folder/) }]);
    expect(JSON.stringify(unseen)).not.toMatch(/EACCES|scandir/);
  });

  it('reports a root that fails with a disk error as unseen instead of empty', async () => {
    const events = await walk(root, {
      readdir: async (dir) => {
        if (dir === root) throw errno('EIO', 'scandir', dir);
        return realFs.readdir(dir);
      },
    });
    expect(events).toEqual([{ kind: 'unseen', what: 'folder', path: root, reason: expect.stringMatching(/read error.*I\/O error/) }]);
  });

  it('reports a photo it cannot stat as unseen, but a photo deleted mid-walk as simply absent', async () => {
    const flaky = path.join(root, 'a', '1.jpg');
    const deleted = path.join(root, 'top.png');
    const events = await walk(root, {
      stat: async (file) => {
        if (file === flaky) throw errno('EIO', 'stat', file);
        if (file === deleted) throw errno('ENOENT', 'stat', file);
        return realFs.stat(file);
      },
    });
    expect(events.filter((e) => e.kind !== 'file')).toEqual([{ kind: 'unseen', what: 'file', path: flaky, reason: expect.stringMatching(/read error/) }]);
    expect(files(events)).not.toContain(deleted);
  });

  it('lists a named pipe and a symbolic link loop named like photos as skipped, with a reason', async () => {
    const dir = path.join(tmp, 'odd');
    fs.mkdirSync(dir);
    execFileSync('mkfifo', [path.join(dir, 'pipe.jpg')]);
    fs.symlinkSync(path.join(dir, 'loop-b.jpg'), path.join(dir, 'loop-a.jpg'));
    fs.symlinkSync(path.join(dir, 'loop-a.jpg'), path.join(dir, 'loop-b.jpg'));
    fs.symlinkSync(path.join(dir, 'missing.jpg'), path.join(dir, 'dangling.jpg'));
    const skipped = (await walk(dir)).map((e) => (e.kind === 'skipped' ? `${path.basename(e.path)}: ${e.reason}` : e.kind));
    expect(skipped).toEqual([
      expect.stringMatching(/^dangling\.jpg: broken symbolic link/),
      expect.stringMatching(/^loop-a\.jpg: symbolic link loop/),
      expect.stringMatching(/^loop-b\.jpg: symbolic link loop/),
      expect.stringMatching(/^pipe\.jpg: not a photo file: this is a named pipe/),
    ]);
  });

  it('indexes a photo once: a link into the library is left out, a link out of it is listed, never followed', async () => {
    const lib = path.join(tmp, 'linked');
    const outside = path.join(tmp, 'elsewhere');
    fs.mkdirSync(path.join(lib, 'album'), { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(lib, 'album', 'real.jpg'), 'x');
    fs.writeFileSync(path.join(outside, 'far.jpg'), 'x');
    fs.symlinkSync(path.join(lib, 'album', 'real.jpg'), path.join(lib, 'alias.jpg'));
    fs.symlinkSync(path.join(lib, 'album'), path.join(lib, 'album-link'));
    fs.symlinkSync(path.join(outside, 'far.jpg'), path.join(lib, 'far.jpg'));
    fs.symlinkSync(outside, path.join(lib, 'elsewhere-link'));
    const events = await walk(lib);
    expect(files(events)).toEqual([path.join(lib, 'album', 'real.jpg')]);
    expect(events.flatMap((e) => (e.kind === 'skipped' ? [`${path.basename(e.path)}: ${e.reason}`] : []))).toEqual([
      expect.stringMatching(/^elsewhere-link: symbolic link to a folder outside your library folders/),
      expect.stringMatching(/^far\.jpg: symbolic link to a photo outside your library folders/),
    ]);
    // The same link counts as inside when its target's folder is another library root of the run.
    const both = await walk(lib, {}, [lib, outside]);
    expect(both.filter((e) => e.kind === 'skipped')).toEqual([]);
  });
  it('stats with blocking calls while they are fast, with the same events and failures as the parallel way', async () => {
    const flaky = path.join(root, 'a', '1.jpg');
    const deleted = path.join(root, 'top.png');
    const { calls, over } = countingFs((_, file) => {
      if (file === flaky) throw errno('EIO', 'stat', file);
      if (file === deleted) throw errno('ENOENT', 'stat', file);
    });
    const events = await walk(root, over);
    expect(calls.async).toBe(0);
    expect(calls.sync).toBe(4);
    expect(events.filter((e) => e.kind !== 'file')).toEqual([{ kind: 'unseen', what: 'file', path: flaky, reason: expect.stringMatching(/read error/) }]);
    expect(files(events).sort()).toEqual([path.join(root, 'locked', '2.jpg'), path.join(root, 'locked', 'deep', '3.jpg')].sort());
    const plain = await walk(root);
    const sized = await walk(root, { statSync: (file) => fs.statSync(file) });
    expect(sized).toEqual(plain);
  });

  /** Real stats, counted by kind; `beforeSync` runs first in each blocking one (its call number). */
  function countingFs(beforeSync: (call: number, file: string) => void = () => {}) {
    const calls = { sync: 0, async: 0 };
    const over: Partial<WalkFs> = {
      stat: async (file) => {
        calls.async++;
        return realFs.stat(file);
      },
      statSync: (file) => {
        calls.sync++;
        beforeSync(calls.sync, file);
        return fs.statSync(file);
      },
    };
    return { calls, over };
  }

  const busyWait = (ms: number): void => {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      /* a blocking call that takes `ms` */
    }
  };

  it('turns to parallel stats for the rest of the walk when blocking stats are slow (a network share), not for one slow call', async () => {
    const dir = path.join(tmp, 'share');
    fs.mkdirSync(dir);
    for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(dir, `p${String(i).padStart(3, '0')}.jpg`), 'x');
    // From the fifth call on, each waits 3 ms, as a round trip to a server would.
    const share = countingFs((call) => {
      if (call >= 5) busyWait(3);
    });
    const events = await walk(dir, share.over);
    expect(files(events)).toHaveLength(200);
    // About 25 ms of slow calls, then the first chunk is redone in parallel, and every later one.
    expect(share.calls.sync).toBeGreaterThan(5);
    expect(share.calls.sync).toBeLessThan(20);
    expect(share.calls.async).toBe(200);
    // One slow call (the process preempted on a busy machine) changes nothing.
    const preempted = countingFs((call) => {
      if (call === 5) busyWait(10);
    });
    const hiccup = await walk(dir, preempted.over);
    expect(files(hiccup)).toHaveLength(200);
    expect([preempted.calls.sync, preempted.calls.async]).toEqual([200, 0]);
  });
});
