/**
 * How numbers, dates and paths read on screen. Dates from the engine are wall-clock time encoded
 * as UTC (contract/dto.ts WallClockMs), so they are always formatted with timeZone 'UTC'.
 */
import type { PhotoDto } from '../../../electron/contract/dto.js';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const numberFormat = new Intl.NumberFormat();

export function formatTakenAt(ms: number | null): string {
  return ms === null ? 'Unknown date' : dateFormat.format(new Date(ms));
}

export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** Cosine similarity with three decimals, as the CLI prints it (0.312). */
export function formatScore(score: number): string {
  return score.toFixed(3);
}

export function formatRate(imagesPerSecond: number): string {
  return `${imagesPerSecond >= 10 ? Math.round(imagesPerSecond) : imagesPerSecond.toFixed(1)} images/s`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Last path segment, for Windows and POSIX paths alike. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? path;
}

export function formatCamera(photo: PhotoDto): string | null {
  const make = photo.cameraMake?.trim() ?? '';
  const model = photo.cameraModel?.trim() ?? '';
  // Many cameras repeat the make in the model ("Canon" + "Canon EOS R6").
  const text = model.toLowerCase().startsWith(make.toLowerCase()) ? model : `${make} ${model}`.trim();
  return text || null;
}

export function formatDimensions(photo: PhotoDto): string | null {
  return photo.width && photo.height ? `${photo.width} × ${photo.height}` : null;
}

export function formatPlace(gps: PhotoDto['gps']): string | null {
  if (!gps) return null;
  // Four decimals: about 11 m on the ground, about what a phone's GPS fix is good for.
  const lat = `${Math.abs(gps.lat).toFixed(4)}° ${gps.lat >= 0 ? 'N' : 'S'}`;
  const lon = `${Math.abs(gps.lon).toFixed(4)}° ${gps.lon >= 0 ? 'E' : 'W'}`;
  return `${lat}, ${lon}`;
}

/**
 * A date input's value ("2024-05-03") as wall-clock ms UTC: the start of that day, or with
 * `endOfDay` the start of the next one (the engine's range is [after, before)).
 */
export function dateInputToWallClock(value: string, endOfDay = false): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number);
  if (y === undefined || m === undefined || d === undefined) return undefined;
  return Date.UTC(y, m - 1, d + (endOfDay ? 1 : 0));
}

/** Bytes as a person reads them (1 decimal between 1 and 10 of a unit). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 10 || u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}
