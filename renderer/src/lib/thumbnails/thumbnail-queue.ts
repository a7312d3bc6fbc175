/**
 * Bounds how many thumbnails load at once. The browser host speaks HTTP/1.1, where Chromium opens at
 * most 6 connections per origin and the event stream holds one for good: 60 tiles of a fresh grid
 * page used to take every connection, so the next page's listPhotos call waited behind them (a jump
 * in a 100,000-photo grid showed skeletons for ~0.8-3 s while the call itself took ~10 ms; measured
 * 2026-12-03). Capping images at 4 keeps a connection free for API calls; newest requests go first,
 * because after a scroll the tiles now in view matter and those scrolled past do not.
 */
export interface QueueTicket {
  /** Gives the slot back (load finished or failed) or leaves the queue (not started yet). */
  release(): void;
}

export class ThumbnailQueue {
  private running = 0;
  // LIFO: the last asked for is the one in view now.
  private readonly waiting: { start: () => void }[] = [];

  constructor(private readonly limit: number) {}

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** `start` runs when a slot is free (maybe at once); call the ticket's release when done. */
  request(start: () => void): QueueTicket {
    let state: 'waiting' | 'running' | 'done' = 'waiting';
    const entry = {
      start: () => {
        state = 'running';
        this.running++;
        start();
      },
    };
    this.waiting.push(entry);
    this.pump();
    return {
      release: () => {
        if (state === 'running') {
          this.running--;
          this.pump();
        } else if (state === 'waiting') {
          const at = this.waiting.indexOf(entry);
          if (at >= 0) this.waiting.splice(at, 1);
        }
        state = 'done';
      },
    };
  }

  private pump(): void {
    while (this.running < this.limit) {
      const next = this.waiting.pop();
      if (!next) return;
      next.start();
    }
  }
}

export const thumbnailQueue = new ThumbnailQueue(4);
