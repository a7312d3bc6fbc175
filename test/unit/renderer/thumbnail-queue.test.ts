import { describe, expect, it } from 'vitest';
import { ThumbnailQueue } from '../../../renderer/src/lib/thumbnails/thumbnail-queue.js';

describe('ThumbnailQueue', () => {
  it('never runs more than its limit at once', () => {
    const queue = new ThumbnailQueue(4);
    const started: number[] = [];
    const tickets = Array.from({ length: 10 }, (_, i) => queue.request(() => started.push(i)));
    expect(queue.inFlight).toBe(4);
    expect(queue.queued).toBe(6);
    tickets[0]?.release();
    expect(queue.inFlight).toBe(4);
    expect(started).toHaveLength(5);
  });

  it('starts the newest request first when a slot frees (the tiles in view after a scroll)', () => {
    const queue = new ThumbnailQueue(1);
    const started: string[] = [];
    const first = queue.request(() => started.push('first'));
    queue.request(() => started.push('old'));
    queue.request(() => started.push('new'));
    first.release();
    expect(started).toEqual(['first', 'new']);
  });

  it('drops a waiting request that is released before it started', () => {
    const queue = new ThumbnailQueue(1);
    const started: string[] = [];
    const first = queue.request(() => started.push('first'));
    const gone = queue.request(() => started.push('gone'));
    gone.release();
    first.release();
    expect(started).toEqual(['first']);
    expect(queue.inFlight).toBe(0);
  });

  it('counts a release twice only once', () => {
    const queue = new ThumbnailQueue(2);
    const a = queue.request(() => {});
    queue.request(() => {});
    a.release();
    a.release();
    expect(queue.inFlight).toBe(1);
  });
});
