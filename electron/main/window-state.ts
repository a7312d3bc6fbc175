/**
 * Remembers the window's size, position and maximised state in <userData>/window-state.json.
 * The file is untrusted input (hand-edited, from another machine, half-written): it is parsed
 * field by field, sizes are clamped, and a position that would not leave a usable part of the
 * window on one of the current displays' work areas is dropped (the window is then centred).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  width: number;
  height: number;
  /** Absent: let the OS centre the window. */
  x?: number;
  y?: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };
export const MIN_SIZE = { width: 640, height: 480 };
const MAX_SIZE = 16_384;
/** How much of the window must lie on a display for the saved position to be kept. */
const MIN_VISIBLE = { width: 160, height: 80 };

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 1_000_000;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

export function isVisibleOn(rect: Rect, workAreas: readonly Rect[]): boolean {
  return workAreas.some((area) => {
    const o = overlap(rect, area);
    return o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Anything in, a safe WindowState out (the default for garbage). */
export function parseWindowState(raw: unknown, workAreas: readonly Rect[]): WindowState {
  if (!isRecord(raw)) return { ...DEFAULT_WINDOW_STATE };
  const r = raw;
  if (!isInt(r.width) || !isInt(r.height)) return { ...DEFAULT_WINDOW_STATE };
  const state: WindowState = {
    width: clamp(r.width, MIN_SIZE.width, MAX_SIZE),
    height: clamp(r.height, MIN_SIZE.height, MAX_SIZE),
    maximized: r.maximized === true,
  };
  if (isInt(r.x) && isInt(r.y) && isVisibleOn({ x: r.x, y: r.y, width: state.width, height: state.height }, workAreas)) {
    state.x = r.x;
    state.y = r.y;
  }
  return state;
}

export function windowStateFile(userData: string): string {
  return path.join(userData, 'window-state.json');
}

export function loadWindowState(file: string, workAreas: readonly Rect[]): WindowState {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  return parseWindowState(raw, workAreas);
}

export function saveWindowState(file: string, bounds: Rect, maximized: boolean): void {
  const state: WindowState = { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height, maximized };
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Write then rename: a crash mid-write never leaves a half file (which would parse as garbage anyway).
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state));
    fs.renameSync(tmp, file);
  } catch {
    // Losing the window position is not worth an error dialog.
  }
}
