/**
 * The protocol between index-bench.ts and its child processes: each variant runs alone in a
 * child (clean memory numbers, no shared ORT/sharp state) and prints exactly one line
 * `BENCH_RESULT <json>` on stdout. Also the child-side measurements every variant reports:
 * peak RSS (the kernel's high-water mark, getrusage maxRSS, plus a 20 ms sampler for the phase
 * being timed) and CPU time, whose ratio to wall time shows how many cores a variant kept busy.
 */
export const RESULT_PREFIX = 'BENCH_RESULT ';

export interface PhaseStats {
  wallMs: number;
  /** user + system CPU of the whole process during the phase, in ms. */
  cpuMs: number;
  /** Highest sampled RSS during the phase, MiB. */
  peakRssMiB: number;
}

/** Times `work` with CPU usage and an RSS sampler around it. */
export async function measurePhase<T>(work: () => Promise<T>): Promise<{ value: T; stats: PhaseStats }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const value = await work();
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, stats: { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMiB: peak / 2 ** 20 } };
  } finally {
    clearInterval(timer);
  }
}

/** Process-lifetime peak RSS in MiB (getrusage ru_maxrss, KiB on Linux). */
export function maxRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Adds the process-wide numbers: peak RSS, and CPU time used over the process lifetime (so the
 * parent can tell its own load from other processes' load on the machine). */
export function emitResult(result: object): void {
  const cpu = process.cpuUsage();
  const processCpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify({ ...result, maxRssMiB: maxRssMiB(), processCpuMs })}\n`);
}

/** `--name value` from argv, or the fallback. */
export function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
