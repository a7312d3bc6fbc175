import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, loadWindowState, parseWindowState, saveWindowState } from '../../../electron/main/window-state.js';

const screen = [{ x: 0, y: 0, width: 1920, height: 1040 }];
const twoScreens = [...screen, { x: 1920, y: 0, width: 2560, height: 1400 }];

describe('window state', () => {
  it('keeps a sane saved state', () => {
    expect(parseWindowState({ x: 100, y: 80, width: 1200, height: 800, maximized: true }, screen)).toEqual({
      x: 100,
      y: 80,
      width: 1200,
      height: 800,
      maximized: true,
    });
  });

  it.each([null, 'garbage', 42, [], {}, { width: '1200', height: 800 }, { width: 1200.5, height: 800 }, { width: NaN, height: 800 }, { width: 1e12, height: 800 }])(
    'falls back to the default for %j',
    (raw) => {
      expect(parseWindowState(raw, screen)).toEqual(DEFAULT_WINDOW_STATE);
    },
  );

  it('clamps tiny and huge sizes', () => {
    const s = parseWindowState({ width: 10, height: 99_999, maximized: 'yes' }, screen);
    expect(s.width).toBe(640);
    expect(s.height).toBe(16_384);
    expect(s.maximized).toBe(false);
  });

  it.each([
    { x: 5000, y: 100 },
    { x: -3000, y: 0 },
    { x: 0, y: 2000 },
    { x: 1900, y: 1030 }, // a sliver on screen is not enough to grab it
  ])('drops an off-screen position %j so the window is centred', (pos) => {
    const s = parseWindowState({ ...pos, width: 1000, height: 700 }, screen);
    expect(s.x).toBeUndefined();
    expect(s.y).toBeUndefined();
    expect(s.width).toBe(1000);
  });

  it('keeps a position on a second display, and drops it once that display is gone', () => {
    const saved = { x: 2500, y: 100, width: 1000, height: 700 };
    expect(parseWindowState(saved, twoScreens).x).toBe(2500);
    expect(parseWindowState(saved, screen).x).toBeUndefined();
  });

  it('round-trips through the file and survives a damaged one', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-winstate-'));
    const file = path.join(dir, 'sub', 'window-state.json');
    expect(loadWindowState(file, screen)).toEqual(DEFAULT_WINDOW_STATE);
    saveWindowState(file, { x: 10, y: 20, width: 900, height: 700 }, false);
    expect(loadWindowState(file, screen)).toEqual({ x: 10, y: 20, width: 900, height: 700, maximized: false });
    await fs.writeFile(file, '{"width": 9');
    expect(loadWindowState(file, screen)).toEqual(DEFAULT_WINDOW_STATE);
    await fs.rm(dir, { recursive: true, force: true });
  });
});
