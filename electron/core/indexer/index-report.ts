/**
 * What an indexing run tells its host: progress while it runs, a report at the end.
 * Skipped files are data with a reason a person can act on.
 */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface IndexReport {
  /** Decoded and embedded in this run (new, changed, or missing a vector for the current model). */
  indexed: number;
  /** Same size and mtime as last time: not decoded again. */
  unchanged: number;
  /** Found under a new path with the same content: kept their vectors. */
  moved: number;
  /** Gone from disk: removed from the library (never from the disk). */
  removed: number;
  skipped: SkippedFile[];
  seconds: number;
  /** True when the run was stopped (pause / cancel) before the end; what was done is kept. */
  stopped: boolean;
}

export type IndexPhase = 'scanning' | 'hashing' | 'indexing' | 'cleaning' | 'done';

export interface IndexProgress {
  phase: IndexPhase;
  /** Candidate files found so far (scanning) or in all (later phases). */
  found: number;
  /** Files that need decoding in this run, and how many of them are finished. */
  total: number;
  processed: number;
  imagesPerSecond: number;
  /** Seconds left at the current rate; null until a rate is known. */
  etaSeconds: number | null;
  currentPath: string | null;
}
