/**
 * The user's device choice (auto | cpu | gpu), parsed in one place: flags, environment, saved
 * settings and API payloads all come through here.
 */
import type { DeviceChoice } from './clip-model.js';

export const DEVICE_CHOICES = ['auto', 'cpu', 'gpu'] as const satisfies readonly DeviceChoice[];

export function isDeviceChoice(value: unknown): value is DeviceChoice {
  return value === 'auto' || value === 'cpu' || value === 'gpu';
}

/** A saved or missing value: anything unknown means 'auto'. */
export function parseDeviceChoice(value: unknown): DeviceChoice {
  return isDeviceChoice(value) ? value : 'auto';
}
