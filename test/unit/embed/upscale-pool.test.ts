import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { bicubicResizeRgb } from '../../../electron/core/embed/bicubic-resize.js';
import { buildChannelTables, rgbToChw } from '../../../electron/core/embed/normalize-pixels.js';
import { runUpscaleJob, type UpscaleJob } from '../../../electron/core/embed/upscale-job.js';
import { defaultUpscaleWorkers, UpscalePool, UpscaleWorkerError } from '../../../electron/core/embed/upscale-pool.js';
import { REPO_ROOT } from '../../helpers/cli-process.js';

/** Identity normalisation: each CHW value is the 0..255 byte, so outputs read as pixels. */
const RAW_TABLES = buildChannelTables({ rescaleFactor: 1, mean: [0, 0, 0], std: [1, 1, 1] });
const CLIP_TABLES = buildChannelTables({ rescaleFactor: 1 / 255, mean: [0.48145466, 0.4578275, 0.40821073], std: [0.26862954, 0.26130258, 0.27577711] });

function noise(width: number, height: number, seed: number): Uint8Array {
  let s = seed;
  return Uint8Array.from({ length: width * height * 3 }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 24;
  });
}

/** A job as the preprocessor builds one: short side to `size`, centre crop of size x size. */
function jobFor(width: number, height: number, seed: number, size = 224): UpscaleJob {
  const short = Math.min(width, height);
  const resized = { width: width <= height ? size : Math.trunc((size * width) / short), height: width <= height ? Math.trunc((size * height) / short) : size };
  const inside = { left: Math.floor((resized.width - size) / 2), top: Math.floor((resized.height - size) / 2), width: size, height: size };
  return { rgb: noise(width, height, seed), width, height, resized, inside, padding: { left: 0, top: 0 }, crop: { width: size, height: size }, tables: CLIP_TABLES };
}

/** The in-thread result, computed on a copy (the pool detaches the job's buffer). */
function inThread(job: UpscaleJob): Float32Array {
  return runUpscaleJob({ ...job, rgb: job.rgb.slice() }, { bicubicResizeRgb, rgbToChw });
}

const bytes = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

const pools: UpscalePool[] = [];
function pool(options?: ConstructorParameters<typeof UpscalePool>[0]): UpscalePool {
  const p = new UpscalePool(options);
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.dispose()));
});

// Golden values from Pillow 9.4 (same as bicubic-resize.test.ts): a 5x4 image resized to 11x9.
const SOURCE = [0, 217, 178, 115, 76, 37, 230, 191, 152, 89, 50, 11, 204, 165, 126, 167, 128, 89, 26, 243, 204, 141, 102, 63, 0, 217, 178, 115, 76, 37, 78, 39, 0, 193, 154, 115, 52, 13, 230, 167, 128, 89, 26, 243, 204, 245, 206, 167, 104, 65, 26, 219, 180, 141, 78, 39, 0, 193, 154, 115];
const PILLOW_11x9_FIRST_ROW = [0, 241, 202, 0, 203, 164, 66, 110, 71, 135, 63, 24, 205, 140, 101, 238, 199, 160, 177, 128, 89, 101, 39, 0, 128, 72, 33, 196, 154, 115, 223, 187, 148];

describe('UpscalePool', () => {
  it('computes Pillow-exact pixels in the worker', async () => {
    const job: UpscaleJob = {
      rgb: Uint8Array.from(SOURCE), width: 5, height: 4, resized: { width: 11, height: 9 },
      inside: { left: 0, top: 0, width: 11, height: 9 }, padding: { left: 0, top: 0 }, crop: { width: 11, height: 9 }, tables: RAW_TABLES,
    };
    const chw = await pool({ size: 1 }).upscale(job);
    const firstRow = Array.from({ length: 11 }, (_, x) => [chw[x], chw[99 + x], chw[198 + x]]).flat();
    expect(firstRow).toEqual(PILLOW_11x9_FIRST_ROW);
  });

  it.each([
    [1, 1],
    [12, 9],
    [7, 5],
    [13, 201],
    [199, 3],
    [223, 224],
  ])('gives the same bytes as the calling thread for a %i x %i photo', async (width, height) => {
    const job = jobFor(width, height, width * 1000 + height);
    const expected = inThread(job);
    expect(bytes(await pool({ size: 1 }).upscale(job)).equals(bytes(expected))).toBe(true);
  });

  it('gives the same bytes for an off-centre crop window with zero padding', async () => {
    // 100x80 -> 275x220 (short side 220), 224 crop: 2 px of padding above and below, window from x = 25.
    const job: UpscaleJob = {
      rgb: noise(100, 80, 7), width: 100, height: 80, resized: { width: 275, height: 220 },
      inside: { left: 25, top: 0, width: 224, height: 220 }, padding: { left: 0, top: 2 }, crop: { width: 224, height: 224 }, tables: CLIP_TABLES,
    };
    const expected = inThread(job);
    const got = await pool({ size: 1 }).upscale(job);
    expect(bytes(got).equals(bytes(expected))).toBe(true);
    expect(got[0]).toBe(CLIP_TABLES[0][0]); // the padded top row is black, normalised
  });

  it('answers concurrent requests each with its own result, on at most `size` threads', async () => {
    const p = pool({ size: 2 });
    const jobs = [[16, 12], [40, 200], [3, 3], [150, 99], [64, 64], [1, 37], [90, 20], [200, 150]].map(([w = 1, h = 1], i) => jobFor(w, h, i + 1));
    const expected = jobs.map(inThread);
    const results = await Promise.all(jobs.map((job) => p.upscale(job)));
    results.forEach((r, i) => expect(bytes(r).equals(bytes(expected[i] ?? new Float32Array())), `job ${i}`).toBe(true));
    expect(p.threadCount).toBe(2);
  });

  it('moves the source bytes to the worker instead of copying them', async () => {
    const job = jobFor(30, 20, 3);
    await pool({ size: 1 }).upscale(job);
    expect(job.rgb.byteLength).toBe(0); // transferred: detached on this side
  });

  it('leaves a view of a larger buffer intact (copies it instead of detaching bytes it does not own)', async () => {
    const backing = new Uint8Array(30 * 20 * 3 + 8);
    const job = { ...jobFor(30, 20, 3), rgb: backing.subarray(4, 4 + 30 * 20 * 3) };
    job.rgb.set(noise(30, 20, 3));
    const expected = inThread(job);
    expect(bytes(await pool({ size: 1 }).upscale(job)).equals(bytes(expected))).toBe(true);
    expect(backing.byteLength).toBe(30 * 20 * 3 + 8);
  });

  it('rejects a job the algorithm refuses with the worker\'s reason, and keeps serving the others', async () => {
    const p = pool({ size: 1 });
    const bad = { ...jobFor(7, 5, 1), rgb: new Uint8Array(3) };
    const good = jobFor(9, 9, 2);
    const expected = inThread(good);
    const [badResult, goodResult] = await Promise.allSettled([p.upscale(bad), p.upscale(good)]);
    expect(badResult.status).toBe('rejected');
    const reason: unknown = badResult.status === 'rejected' ? badResult.reason : null;
    expect(reason).toBeInstanceOf(Error);
    expect(reason).not.toBeInstanceOf(UpscaleWorkerError);
    expect(String(reason)).toMatch(/upscale worker: expected 105 RGB bytes, got 3/);
    expect(goodResult.status === 'fulfilled' && bytes(goodResult.value).equals(bytes(expected))).toBe(true);
    expect(bytes(await p.upscale(jobFor(4, 6, 3))).length).toBe(3 * 224 * 224 * 4);
  });

  it('fails with UpscaleWorkerError when its worker cannot start, for this and every later job', async () => {
    const p = pool({ size: 2, source: 'throw new Error("no threads here")' });
    await expect(p.upscale(jobFor(8, 8, 1))).rejects.toThrow(/the upscale worker failed: no threads here/);
    await expect(p.upscale(jobFor(8, 8, 1))).rejects.toBeInstanceOf(UpscaleWorkerError);
    expect(p.threadCount).toBe(0);
  });

  it('fails the jobs in flight when its worker dies', async () => {
    const p = pool({ size: 1, source: "require('node:worker_threads').parentPort.on('message', () => process.exit(3));" });
    await expect(p.upscale(jobFor(8, 8, 1))).rejects.toThrow(/exited with code 3/);
  });

  it('dispose() ends its threads: jobs in flight are rejected as disposed, later ones too', async () => {
    const p = pool({ size: 1, source: "require('node:worker_threads').parentPort.on('message', () => {});" }); // never answers
    const inFlight = p.upscale(jobFor(8, 8, 1)).catch((err: unknown) => err);
    await p.dispose();
    expect(String(await inFlight)).toMatch(/UpscaleWorkerError: the upscale pool was disposed/);
    await expect(p.upscale(jobFor(8, 8, 1))).rejects.toBeInstanceOf(UpscaleWorkerError);
    expect(p.threadCount).toBe(0);
  });

  it('starts no thread before the first job', () => {
    expect(pool().threadCount).toBe(0);
  });

  it('uses half the cores, one or two threads', () => {
    expect([1, 2, 3, 4, 16].map((cores) => defaultUpscaleWorkers(cores))).toEqual([1, 1, 1, 2, 2]);
  });
});

/** Runs `body` (an ES module, tsx loader) in a fresh Node; resolves with its exit code and stdout. */
function runNode(body: string, timeoutMs: number): Promise<{ code: number | null; stdout: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', body], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, timedOut });
    });
  });
}

const POOL_MODULE = `${REPO_ROOT}/electron/core/embed/upscale-pool.ts`;

describe('UpscalePool in a process of its own', () => {
  it('lets the process exit once its jobs are done, without dispose()', async () => {
    const run = await runNode(
      `const { UpscalePool } = await import(${JSON.stringify(POOL_MODULE)});
       const t = new Float32Array(256);
       const px = await new UpscalePool({ size: 1 }).upscale({ rgb: new Uint8Array(12), width: 2, height: 2, resized: { width: 4, height: 4 },
         inside: { left: 0, top: 0, width: 4, height: 4 }, padding: { left: 0, top: 0 }, crop: { width: 4, height: 4 }, tables: [t, t, t] });
       console.log('values', px.length);`,
      30_000,
    );
    expect(run).toEqual({ code: 0, stdout: 'values 48\n', timedOut: false });
  });

  it('lets the process exit after dispose() even with a job in flight on a busy worker', async () => {
    const hang = "require('node:worker_threads').parentPort.on('message', () => { for (;;) {} });";
    const run = await runNode(
      `const { UpscalePool } = await import(${JSON.stringify(POOL_MODULE)});
       const t = new Float32Array(256);
       const pool = new UpscalePool({ size: 1, source: ${JSON.stringify(hang)} });
       const job = pool.upscale({ rgb: new Uint8Array(12), width: 2, height: 2, resized: { width: 4, height: 4 },
         inside: { left: 0, top: 0, width: 4, height: 4 }, padding: { left: 0, top: 0 }, crop: { width: 4, height: 4 }, tables: [t, t, t] })
         .catch((err) => err.message);
       await new Promise((r) => setTimeout(r, 200));
       await pool.dispose();
       console.log(await job);`,
      30_000,
    );
    expect(run).toEqual({ code: 0, stdout: 'the upscale pool was disposed\n', timedOut: false });
  });
});
