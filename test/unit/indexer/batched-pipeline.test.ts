import { describe, expect, it } from 'vitest';
import { runBatchedPipeline } from '../../../electron/core/indexer/batched-pipeline.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runBatchedPipeline', () => {
  it('consumes every job once, in batches of the given size', async () => {
    const batches: number[][] = [];
    await runBatchedPipeline([1, 2, 3, 4, 5, 6, 7], {
      concurrency: 3,
      batchSize: 3,
      prepare: async (j) => j * 10,
      consume: async (b) => void batches.push(b),
    });
    expect(batches.flat().sort((a, b) => a - b)).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(batches.every((b) => b.length <= 3)).toBe(true);
  });

  it('keeps preparing while a batch is being consumed (decode overlaps inference)', async () => {
    let consuming = false;
    let preparedDuringConsume = 0;
    await runBatchedPipeline(Array.from({ length: 12 }, (_, i) => i), {
      concurrency: 2,
      batchSize: 4,
      prepare: async (j) => {
        await sleep(5);
        if (consuming) preparedDuringConsume++;
        return j;
      },
      consume: async () => {
        consuming = true;
        await sleep(30);
        consuming = false;
      },
    });
    expect(preparedDuringConsume).toBeGreaterThan(0);
  });

  it('holds at most two batches of prepared items (bounded memory)', async () => {
    let inFlight = 0;
    let peak = 0;
    await runBatchedPipeline(Array.from({ length: 40 }, (_, i) => i), {
      concurrency: 4,
      batchSize: 4,
      prepare: async (j) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        return j;
      },
      consume: async (b) => {
        await sleep(10);
        inFlight -= b.length;
      },
    });
    // 2 batches buffered + 1 batch being consumed + one item per producer racing the check.
    expect(peak).toBeLessThanOrEqual(4 * 3 + 4);
  });

  it('stops taking new jobs once aborted', async () => {
    const abort = new AbortController();
    let consumed = 0;
    await runBatchedPipeline(Array.from({ length: 100 }, (_, i) => i), {
      concurrency: 1,
      batchSize: 5,
      signal: abort.signal,
      prepare: async (j) => j,
      consume: async (b) => {
        consumed += b.length;
        abort.abort();
      },
    });
    expect(consumed).toBeLessThan(100);
  });

  it('passes a consumer failure on to the caller', async () => {
    await expect(
      runBatchedPipeline([1, 2, 3], {
        concurrency: 1,
        batchSize: 2,
        prepare: async (j) => j,
        consume: async () => {
          throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
  });
});
