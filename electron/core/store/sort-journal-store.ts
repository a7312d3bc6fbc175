/**
 * The sort journal (issue 10): runs and their steps, the record that makes a sort resumable after
 * a crash and undoable later. Every step is written before it starts and after it ends; those
 * writes go through `durably`, which runs them with synchronous = FULL, so in WAL mode each
 * commit is fsync'd before the file operation that follows it (NORMAL, the library default, is
 * safe against a killed process but may drop the last commits on power loss: sqlite.org/pragma.html#pragma_synchronous).
 */
import type { Database, Statement } from 'better-sqlite3';
import { isRow } from './photo-record.js';

export type SortMode = 'copy' | 'hardlink' | 'move';
export type RunState = 'applying' | 'applied' | 'stopped' | 'undoing' | 'undone';
export type StepKind = 'mkdir' | 'copy' | 'hardlink' | 'move' | 'xmp';
export type StepState = 'pending' | 'started' | 'done' | 'failed' | 'undoing' | 'undone' | 'kept';

export interface NewStep {
  kind: StepKind;
  /** Source file (null: a folder to create, or a new sidecar with nothing to merge). */
  src: string | null;
  dst: string;
  size: number;
  album: string | null;
  /** The library row that follows a moved file. */
  photoId: number | null;
  /** XMP steps: the album keywords to write. */
  keywords: string[] | null;
}

export interface StepRecord extends NewStep {
  runId: number;
  seq: number;
  state: StepState;
  srcHash: string | null;
  dstHash: string | null;
  note: string | null;
}

export interface RunRecord {
  id: number;
  createdAt: number;
  target: string;
  mode: SortMode;
  xmp: boolean;
  state: RunState;
  pid: number | null;
  finishedAt: number | null;
  undoneAt: number | null;
  albums: string[];
}

export interface StepUpdate {
  state: StepState;
  kind?: StepKind;
  srcHash?: string | null;
  dstHash?: string | null;
  note?: string | null;
}

const RUN_STATES: readonly RunState[] = ['applying', 'applied', 'stopped', 'undoing', 'undone'];
const STEP_STATES: readonly StepState[] = ['pending', 'started', 'done', 'failed', 'undoing', 'undone', 'kept'];
const STEP_KINDS: readonly StepKind[] = ['mkdir', 'copy', 'hardlink', 'move', 'xmp'];
const MODES: readonly SortMode[] = ['copy', 'hardlink', 'move'];

function oneOf<T extends string>(values: readonly T[], v: unknown, what: string): T {
  const found = values.find((x) => x === v);
  if (found === undefined) throw new Error(`${what}: unknown value ${String(v)}`);
  return found;
}
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);

function stringList(v: unknown): string[] | null {
  if (typeof v !== 'string') return null;
  const parsed: unknown = JSON.parse(v);
  return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : null;
}

function toRun(row: unknown): RunRecord {
  if (!isRow(row)) throw new Error('sort_runs: expected a row');
  return {
    id: int(row.id) ?? 0,
    createdAt: int(row.created_at) ?? 0,
    target: text(row.target) ?? '',
    mode: oneOf(MODES, row.mode, 'sort_runs.mode'),
    xmp: row.xmp === 1,
    state: oneOf(RUN_STATES, row.state, 'sort_runs.state'),
    pid: int(row.pid),
    finishedAt: int(row.finished_at),
    undoneAt: int(row.undone_at),
    albums: stringList(row.albums) ?? [],
  };
}

function toStep(row: unknown): StepRecord {
  if (!isRow(row)) throw new Error('sort_steps: expected a row');
  return {
    runId: int(row.run_id) ?? 0,
    seq: int(row.seq) ?? 0,
    kind: oneOf(STEP_KINDS, row.kind, 'sort_steps.kind'),
    src: text(row.src),
    dst: text(row.dst) ?? '',
    size: int(row.size) ?? 0,
    album: text(row.album),
    photoId: int(row.photo_id),
    keywords: stringList(row.keywords),
    state: oneOf(STEP_STATES, row.state, 'sort_steps.state'),
    srcHash: text(row.src_hash),
    dstHash: text(row.dst_hash),
    note: text(row.note),
  };
}

export class SortJournalStore {
  private readonly insertRun: Statement;
  private readonly insertStep: Statement;
  private readonly runById: Statement;
  private readonly runList: Statement;
  private readonly runsIn: Statement;
  private readonly stepsOf: Statement;
  private readonly updateStep: Statement;
  private readonly updateRun: Statement;

  constructor(private readonly db: Database) {
    this.insertRun = db.prepare(
      `INSERT INTO sort_runs (created_at, target, mode, xmp, state, pid, albums)
       VALUES (@createdAt, @target, @mode, @xmp, 'applying', @pid, @albums)`,
    );
    this.insertStep = db.prepare(
      `INSERT INTO sort_steps (run_id, seq, kind, src, dst, size, album, photo_id, keywords, state)
       VALUES (@runId, @seq, @kind, @src, @dst, @size, @album, @photoId, @keywords, 'pending')`,
    );
    this.runById = db.prepare('SELECT * FROM sort_runs WHERE id = ?');
    this.runList = db.prepare('SELECT * FROM sort_runs ORDER BY id DESC');
    this.runsIn = db.prepare("SELECT * FROM sort_runs WHERE state IN ('applying', 'undoing') ORDER BY id");
    this.stepsOf = db.prepare('SELECT * FROM sort_steps WHERE run_id = ? ORDER BY seq');
    this.updateStep = db.prepare(
      `UPDATE sort_steps SET state = @state, kind = coalesce(@kind, kind),
         src_hash = CASE WHEN @setSrcHash THEN @srcHash ELSE src_hash END,
         dst_hash = CASE WHEN @setDstHash THEN @dstHash ELSE dst_hash END,
         note = CASE WHEN @setNote THEN @note ELSE note END
       WHERE run_id = @runId AND seq = @seq`,
    );
    this.updateRun = db.prepare(
      `UPDATE sort_runs SET state = @state, pid = @pid,
         finished_at = coalesce(@finishedAt, finished_at), undone_at = coalesce(@undoneAt, undone_at)
       WHERE id = @id`,
    );
  }

  /**
   * Runs `fn` with every commit fsync'd (synchronous = FULL), then restores the library default.
   * The pragma cannot change inside a transaction, so callers wrap whole apply/undo runs.
   */
  durably<T>(fn: () => Promise<T>): Promise<T> {
    const before = this.db.pragma('synchronous', { simple: true });
    this.db.pragma('synchronous = FULL');
    return fn().finally(() => {
      if (this.db.open) this.db.pragma(`synchronous = ${typeof before === 'number' ? before : 1}`);
    });
  }

  /** A new run and all its steps (pending), in one transaction. */
  createRun(run: { target: string; mode: SortMode; xmp: boolean; pid: number; albums: readonly string[] }, steps: readonly NewStep[]): number {
    return this.db.transaction(() => {
      const info = this.insertRun.run({ createdAt: Date.now(), target: run.target, mode: run.mode, xmp: run.xmp ? 1 : 0, pid: run.pid, albums: JSON.stringify(run.albums) });
      const runId = Number(info.lastInsertRowid);
      steps.forEach((s, i) =>
        this.insertStep.run({ ...s, runId, seq: i + 1, keywords: s.keywords ? JSON.stringify(s.keywords) : null }),
      );
      return runId;
    })();
  }

  run(id: number): RunRecord | undefined {
    const row: unknown = this.runById.get(id);
    return row === undefined ? undefined : toRun(row);
  }

  runs(): RunRecord[] {
    return this.runList.all().map(toRun);
  }

  /** Runs a process left half-way (applying or undoing): resumed by the next sort. */
  unfinished(): RunRecord[] {
    return this.runsIn.all().map(toRun);
  }

  steps(runId: number): StepRecord[] {
    return this.stepsOf.all(runId).map(toStep);
  }

  markStep(step: Pick<StepRecord, 'runId' | 'seq'>, update: StepUpdate): void {
    this.updateStep.run({
      runId: step.runId,
      seq: step.seq,
      state: update.state,
      kind: update.kind ?? null,
      setSrcHash: update.srcHash !== undefined ? 1 : 0,
      srcHash: update.srcHash ?? null,
      setDstHash: update.dstHash !== undefined ? 1 : 0,
      dstHash: update.dstHash ?? null,
      setNote: update.note !== undefined ? 1 : 0,
      note: update.note ?? null,
    });
  }

  setRunState(id: number, state: RunState, pid: number | null): void {
    const now = Date.now();
    this.updateRun.run({
      id,
      state,
      pid,
      finishedAt: state === 'applied' || state === 'stopped' ? now : null,
      undoneAt: state === 'undone' ? now : null,
    });
  }
}
