/**
 * The "taken at" time convention: wall-clock local time encoded as if it were UTC.
 *
 * EXIF DateTimeOriginal ("2008:05:30 15:56:01") has no time zone, and OffsetTimeOriginal is
 * missing from most cameras. So every takenAt is the wall clock the photographer saw,
 * stored as Date.UTC(year, month, day, hour, minute, second): 15:56 reads back as 15:56 with
 * getUTCHours() whatever zone the app runs in. OffsetTimeOriginal, when present, is NOT
 * applied (that would turn it into an instant and mix conventions). The file mtime fallback
 * is an instant, so it is converted to this machine's local wall clock and encoded the same
 * way; date filters then compare like with like.
 */

const EXIF_DATE = /^\s*(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/;
/** Plausible years: keeps 1919 scans (MANIFEST dog_created_1919) and rejects 0000/9999 junk. */
const MIN_YEAR = 1800;
const MAX_YEAR = 2200;

/** Parses an EXIF date string to wall-clock-as-UTC ms, or null when absent or invalid. */
export function parseExifWallClock(value: unknown, subSeconds?: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = EXIF_DATE.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  if (year === undefined || month === undefined || day === undefined) return null;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || day > 31) return null;
  if ((hour ?? 0) > 23 || (minute ?? 0) > 59 || (second ?? 0) > 60) return null;
  const ms = Date.UTC(year, month - 1, day, hour ?? 0, minute ?? 0, second ?? 0);
  // Date.UTC rolls 31 April into May: reject days that do not exist.
  if (new Date(ms).getUTCDate() !== day) return null;
  return ms + subSecondMs(subSeconds);
}

function subSecondMs(value: unknown): number {
  const digits = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
  if (!/^\d+$/.test(digits)) return 0;
  return Math.floor(Number(`0.${digits}`) * 1000);
}

/** An instant (e.g. file mtime) as this machine's local wall clock, encoded as UTC. */
export function wallClockFromInstant(instantMs: number): number {
  const local = new Date(instantMs);
  return Date.UTC(
    local.getFullYear(),
    local.getMonth(),
    local.getDate(),
    local.getHours(),
    local.getMinutes(),
    local.getSeconds(),
    local.getMilliseconds(),
  );
}
