import { describe, expect, it } from 'vitest';
import { isDeviceChoice, parseDeviceChoice } from '../../../electron/core/onnx/device-choice.js';

describe('device choice', () => {
  it('keeps auto, cpu and gpu', () => {
    for (const choice of ['auto', 'cpu', 'gpu'] as const) expect(parseDeviceChoice(choice)).toBe(choice);
  });

  it('reads anything else (unset, an old or hand-edited setting) as auto, the choice that always works', () => {
    for (const value of [undefined, null, '', 'GPU', 'cuda', 1]) expect(parseDeviceChoice(value)).toBe('auto');
  });

  it('tells a typed flag apart from a valid choice', () => {
    expect(isDeviceChoice('gpu')).toBe(true);
    expect(isDeviceChoice('webgpu')).toBe(false);
  });
});
