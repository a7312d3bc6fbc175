/**
 * sharp, imported on first use. Importing it loads libvips: 269-446 ms in a fresh process on 2
 * busy vCPUs (median of 5, `npm run bench:rescan -- --profile`), which every `recollect` command
 * paid before it did anything (issue 14, goal 5), also those that decode nothing: status, a text
 * search, a rescan of unchanged files. The modules that decode call this; `import type` from
 * 'sharp' stays free (it is erased).
 */
import type { default as Sharp } from 'sharp';

export type SharpFactory = typeof Sharp;

let loading: Promise<SharpFactory> | null = null;

export function loadSharp(): Promise<SharpFactory> {
  loading ??= import('sharp').then((m) => m.default);
  return loading;
}
