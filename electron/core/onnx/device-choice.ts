/**
 * The user's device choice for ONNX work (CLIP towers, style networks): parsed here and nowhere
 * else. `auto` tries the GPU providers and falls back to CPU; `gpu` refuses to fall back.
 */
export type DeviceChoice = 'auto' | 'cpu' | 'gpu';

export const DEVICE_CHOICES: readonly DeviceChoice[] = ['auto', 'cpu', 'gpu'];

export function isDeviceChoice(value: unknown): value is DeviceChoice {
  return value === 'auto' || value === 'cpu' || value === 'gpu';
}

/**
 * A stored or passed choice as a DeviceChoice. Anything else (unset, an old or hand-edited
 * setting) means `auto`, the choice that always works. Flags a user types are checked with
 * isDeviceChoice instead, so a typo is reported rather than ignored.
 */
export function parseDeviceChoice(value: unknown): DeviceChoice {
  return isDeviceChoice(value) ? value : 'auto';
}
