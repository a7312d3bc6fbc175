import { describe, expect, it } from 'vitest';
import { parseExifWallClock, wallClockFromInstant } from '../../../electron/core/image/taken-at.js';

describe('parseExifWallClock', () => {
  it('encodes the EXIF wall clock as if it were UTC', () => {
    expect(new Date(parseExifWallClock('2008:05:30 15:56:01') ?? 0).toISOString()).toBe('2008-05-30T15:56:01.000Z');
  });

  it('adds sub-seconds', () => {
    expect(parseExifWallClock('2021:04:11 15:47:53', '054')).toBe(Date.UTC(2021, 3, 11, 15, 47, 53, 54));
  });

  it('accepts old scans and rejects junk dates', () => {
    expect(parseExifWallClock('1919:05:04 05:59:26')).toBe(Date.UTC(1919, 4, 4, 5, 59, 26));
    for (const junk of ['0000:00:00 00:00:00', '1999:99:99 99:99:99', '2021:04:31 10:00:00', '', 'yesterday', 42, undefined]) {
      expect(parseExifWallClock(junk), String(junk)).toBeNull();
    }
  });
});

describe('wallClockFromInstant', () => {
  it('keeps the local wall clock digits of an instant', () => {
    const instant = Date.UTC(2024, 0, 15, 12, 30, 0);
    const local = new Date(instant);
    const encoded = new Date(wallClockFromInstant(instant));
    expect(encoded.getUTCHours()).toBe(local.getHours());
    expect(encoded.getUTCMinutes()).toBe(local.getMinutes());
    expect(encoded.getUTCDate()).toBe(local.getDate());
  });

  it('follows the machine time zone (mtime 12:30Z is 07:30 wall clock in New York in January)', () => {
    const previous = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(wallClockFromInstant(Date.UTC(2024, 0, 15, 12, 30, 0))).toBe(Date.UTC(2024, 0, 15, 7, 30, 0));
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });
});
