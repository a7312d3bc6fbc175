/**
 * --after / --before values: YYYY, YYYY-MM or YYYY-MM-DD, read as wall-clock dates encoded as UTC
 * (the same convention as taken_at, see core/image/metadata.ts). --before is exclusive of the date
 * given, --after inclusive, so "--after 2020 --before 2021" is the year 2020.
 */
const DATE = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;

export function parseDateFlag(value: string, flag: string): number {
  const m = DATE.exec(value.trim());
  if (!m) throw new Error(`${flag} expects a date like 2024-06-30, 2024-06 or 2024 (got "${value}")`);
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : 1;
  const day = m[3] ? Number(m[3]) : 1;
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new Error(`${flag}: ${value} is not a real date`);
  }
  return ms;
}
