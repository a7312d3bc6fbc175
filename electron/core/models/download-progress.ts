/**
 * Progress of a model download as a person reads it: bytes so far of the total, the file being
 * fetched, speed over the last few seconds (not since the start, so a resumed or stalled download
 * shows what is happening now) and the time left at that speed. The clock is passed in.
 */
export interface DownloadProgress {
  file: string | null;
  /** Index of the file being fetched (1-based) and how many there are. */
  fileIndex: number;
  files: number;
  bytesDone: number;
  bytesTotal: number;
  bytesPerSecond: number;
  /** null until there is a speed to go by. */
  etaSeconds: number | null;
}

const WINDOW_MS = 5000;

export class ProgressTracker {
  private samples: { at: number; bytes: number }[] = [];
  private state: DownloadProgress;

  constructor(
    bytesTotal: number,
    files: number,
    private readonly now: () => number = Date.now,
  ) {
    this.state = { file: null, fileIndex: 0, files, bytesDone: 0, bytesTotal, bytesPerSecond: 0, etaSeconds: null };
  }

  startFile(file: string, index: number): void {
    this.state = { ...this.state, file, fileIndex: index };
  }

  /** Bytes already in staging from an earlier run: counted as done, not as speed. */
  alreadyHave(bytes: number): void {
    this.state = { ...this.state, bytesDone: this.state.bytesDone + bytes };
    this.samples = [];
  }

  add(delta: number): void {
    const at = this.now();
    const bytesDone = Math.max(0, this.state.bytesDone + delta);
    // Thrown-away bytes (a file started again) restart the speed window instead of going negative.
    if (delta < 0) this.samples = [];
    this.samples.push({ at, bytes: bytesDone });
    while (this.samples.length > 2 && at - (this.samples[0]?.at ?? at) > WINDOW_MS) this.samples.shift();
    const first = this.samples[0];
    const seconds = first ? (at - first.at) / 1000 : 0;
    const bytesPerSecond = first && seconds > 0 ? (bytesDone - first.bytes) / seconds : 0;
    const left = Math.max(0, this.state.bytesTotal - bytesDone);
    this.state = { ...this.state, bytesDone, bytesPerSecond, etaSeconds: bytesPerSecond > 0 ? left / bytesPerSecond : null };
  }

  snapshot(): DownloadProgress {
    return { ...this.state };
  }
}
