import { describe, expect, it } from 'vitest';
import { ProgressTracker } from '../../../electron/core/models/download-progress.js';

describe('download progress', () => {
  it('reports speed over recent bytes and the time left at that speed', () => {
    let now = 0;
    const t = new ProgressTracker(10_000, 2, () => now);
    t.startFile('onnx/text_model.onnx', 1);
    t.add(0);
    now = 1000;
    t.add(1000);
    const p = t.snapshot();
    expect(p).toMatchObject({ file: 'onnx/text_model.onnx', fileIndex: 1, files: 2, bytesDone: 1000, bytesTotal: 10_000 });
    expect(p.bytesPerSecond).toBeCloseTo(1000);
    expect(p.etaSeconds).toBeCloseTo(9);
  });

  it('counts bytes staged by an earlier run as done but not as speed', () => {
    let now = 0;
    const t = new ProgressTracker(10_000, 1, () => now);
    t.alreadyHave(5000);
    expect(t.snapshot()).toMatchObject({ bytesDone: 5000, bytesPerSecond: 0, etaSeconds: null });
    t.add(0);
    now = 2000;
    t.add(1000);
    expect(t.snapshot().bytesPerSecond).toBeCloseTo(500);
  });

  it('goes back when a file is started again, never below zero', () => {
    const t = new ProgressTracker(100, 1, () => 0);
    t.add(40);
    t.add(-60);
    expect(t.snapshot().bytesDone).toBe(0);
  });
});
