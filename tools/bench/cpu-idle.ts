/**
 * Is the machine otherwise idle? Timings on a 2-vCPU machine are worthless while something else
 * (a training run, a test suite) holds a core, so the benchmark measures the CPU busy share from
 * /proc/stat before it starts and, with --wait-idle, waits for it to drop.
 */
import { readFile } from 'node:fs/promises';

export interface IdleCheck {
  /** Share of all CPUs busy (0-100) over the last sample, before the benchmark started. */
  busyPercent: number | null;
  waitedMs: number;
}

export async function cpuTimes(): Promise<{ busy: number; total: number } | null> {
  const stat = await readFile('/proc/stat', 'utf8').catch(() => null);
  const fields = stat?.split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number);
  if (!fields || fields.length < 5) return null;
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/** CPUs' worth of busy time between two cpuTimes() samples (e.g. 1.5 = one and a half cores). */
export function busyCores(a: { busy: number; total: number } | null, b: { busy: number; total: number } | null, cpus: number): number | null {
  if (!a || !b || b.total === a.total) return null;
  return ((b.busy - a.busy) / (b.total - a.total)) * cpus;
}

export async function busyPercent(sampleMs = 3000): Promise<number | null> {
  const a = await cpuTimes();
  await new Promise((r) => setTimeout(r, sampleMs));
  const b = await cpuTimes();
  if (!a || !b || b.total === a.total) return null;
  return Math.round(((b.busy - a.busy) / (b.total - a.total)) * 100);
}

/** Waits (up to waitMs) until less than `threshold` % of the CPUs are busy; reports what it saw. */
export async function waitForIdle(options: { log: (m: string) => void; waitMs: number; threshold?: number }): Promise<IdleCheck> {
  const threshold = options.threshold ?? 15;
  let started: number | null = null;
  for (;;) {
    const busy = await busyPercent();
    started ??= Date.now();
    const waitedMs = Date.now() - started;
    if (busy === null || busy < threshold) return { busyPercent: busy, waitedMs };
    if (waitedMs >= options.waitMs) {
      options.log(`WARNING: CPU ${busy}% busy before the benchmark (other processes): timings will be low and noisy`);
      return { busyPercent: busy, waitedMs };
    }
    options.log(`CPU ${busy}% busy; waiting for it to drop below ${threshold}%`);
    await new Promise((r) => setTimeout(r, 15_000));
  }
}
