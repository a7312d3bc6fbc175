/**
 * One-line terminal progress for `recollect index`: files, images/s, ETA. Drawn on stderr only when
 * it is a terminal, so pipes and --json output stay clean.
 */
import type { IndexProgress } from '../core/indexer/index-report.js';

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function formatProgress(p: IndexProgress, width = 24): string {
  if (p.phase === 'scanning') return `Scanning… ${p.found.toLocaleString('en-US')} photos found`;
  if (p.phase === 'hashing') return `Checking for moved files among ${p.found.toLocaleString('en-US')} photos…`;
  if (p.phase === 'cleaning') return 'Removing photos that are gone from disk from the library…';
  const frac = p.total > 0 ? p.processed / p.total : 1;
  const filled = Math.round(frac * width);
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  const eta = p.etaSeconds === null ? '--:--' : formatDuration(p.etaSeconds);
  return `[${bar}] ${String(Math.round(frac * 100)).padStart(3)}%  ${p.processed}/${p.total}  ${p.imagesPerSecond.toFixed(1)} img/s  ETA ${eta}`;
}

export class ProgressBar {
  private last = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(p: IndexProgress): void {
    this.draw(() => formatProgress(p), p.phase === 'indexing' && p.processed < p.total);
  }

  /** Draws one line (built only when it is drawn); `throttle` skips it within 100 ms of the last. */
  draw(line: () => string, throttle = true): void {
    if (!this.enabled) return;
    const now = Date.now();
    // Redraw at most 10 times a second: a terminal write per image would slow small-image runs.
    if (throttle && now - this.last < 100) return;
    this.last = now;
    const cols = this.stream.columns || 100;
    this.stream.write(`\r${line().slice(0, cols - 1).padEnd(cols - 1)}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn && this.enabled) this.stream.write(`\r${' '.repeat((this.stream.columns || 100) - 1)}\r`);
    this.drawn = false;
  }
}
