/**
 * Overlaps preparation (hash + decode + preprocess: sharp on libuv threads) with batched consumption
 * (ONNX inference on ORT's threads, then one SQLite transaction per batch), so neither waits on the
 * other. Bounded: at most 2 batches of prepared items are held, which caps memory on 12 MP photos.
 */
export interface BatchedPipelineOptions<J, P> {
  concurrency: number;
  batchSize: number;
  /** Must not throw: failures are data (conventions.md rule 6). */
  prepare: (job: J) => Promise<P>;
  consume: (batch: P[]) => Promise<void>;
  signal?: AbortSignal;
}

export async function runBatchedPipeline<J, P>(jobs: readonly J[], options: BatchedPipelineOptions<J, P>): Promise<void> {
  const { batchSize, prepare, consume, signal } = options;
  const capacity = batchSize * 2;
  const ready: P[] = [];
  let next = 0;
  let producersDone = false;
  let wakeConsumer: (() => void) | null = null;
  let spaceWaiters: (() => void)[] = [];

  const notifyConsumer = (): void => {
    const w = wakeConsumer;
    wakeConsumer = null;
    w?.();
  };
  const releaseSpace = (): void => {
    const waiters = spaceWaiters;
    spaceWaiters = [];
    for (const w of waiters) w();
  };

  const producer = async (): Promise<void> => {
    while (next < jobs.length && !signal?.aborted) {
      while (ready.length >= capacity) await new Promise<void>((resolve) => spaceWaiters.push(resolve));
      if (signal?.aborted) break;
      const job = jobs[next++];
      if (job === undefined) break;
      ready.push(await prepare(job));
      notifyConsumer();
    }
  };

  const producers = Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, producer)).finally(() => {
    producersDone = true;
    notifyConsumer();
  });

  try {
    for (;;) {
      if (ready.length >= batchSize || (producersDone && ready.length > 0)) {
        const batch = ready.splice(0, batchSize);
        releaseSpace();
        await consume(batch);
      } else if (producersDone) {
        await producers; // surfaces a prepare() that broke its no-throw promise
        break;
      } else {
        await new Promise<void>((resolve) => {
          wakeConsumer = resolve;
        });
      }
    }
  } finally {
    // If consume threw, stop the producers and let them drain before rethrowing.
    next = jobs.length;
    releaseSpace();
    await producers.catch(() => undefined);
  }
}
