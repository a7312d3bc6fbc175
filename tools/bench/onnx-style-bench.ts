/**
 * Memory and time of the ONNX style provider on a big photo (issue 11): a generated 6000 x 4000
 * JPEG restyled at full size by render() (what "Save a copy" runs) with the fixture sepia network
 * (tools/style-model), tiled at 512 px, against one untiled 6000 x 4000 tensor for comparison, plus
 * a 1024 px preview. Each case runs in its own child process so its peak RSS (getrusage maxRSS) is
 * its own; RSS is also sampled every 10 ms to report growth over the process before the render.
 *
 * Run: npx tsx tools/bench/onnx-style-bench.ts [--width 6000] [--height 4000]
 * Prints one JSON line per case, then a summary line.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { silentLogger } from '../../electron/core/logger.js';
import { onnxStyleProviderFactory } from '../../electron/core/style/providers/onnx-style-provider.js';
import { planTiles } from '../../electron/core/style/style-network/style-tile-plan.js';
import { writeStyleModels } from '../style-model/style-models.js';
import { CACHE_DIR } from './bench-paths.js';
import { busyPercent } from './cpu-idle.js';

const { values } = parseArgs({
  options: {
    width: { type: 'string', default: '6000' },
    height: { type: 'string', default: '4000' },
    child: { type: 'string' },
  },
});
const WIDTH = Number(values.width);
const HEIGHT = Number(values.height);
const WORK = join(CACHE_DIR, 'onnx-style-bench');
const PHOTO = join(WORK, `photo-${WIDTH}x${HEIGHT}.jpg`);
const MB = 1024 * 1024;

interface Case {
  name: string;
  tileSize: number;
  /** 0: render() at full size; otherwise preview() at this longest edge. */
  preview: number;
}
const CASES: Case[] = [
  { name: 'render full size, tiles 512', tileSize: 512, preview: 0 },
  { name: 'render full size, one untiled tensor', tileSize: 16384, preview: 0 },
  { name: 'preview 1024 px', tileSize: 512, preview: 1024 },
];

async function runCase(c: Case): Promise<void> {
  const folders = await writeStyleModels(join(WORK, 'styles'));
  const provider = onnxStyleProviderFactory.create({ settings: { folder: folders.colour, tileSize: c.tileSize, threads: 2 }, logger: silentLogger });
  const image = await readFile(PHOTO);
  // Warm the session on a small image so the measured run is the steady state.
  await provider.preview({ image, prompt: 'sepia', strength: 1, size: 64 });
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const start = performance.now();
  const out = c.preview
    ? (await provider.preview({ image, prompt: 'sepia', strength: 0.8, size: c.preview })).image
    : await provider.render?.(image, { style: 'sepia', strength: 0.8 });
  const seconds = (performance.now() - start) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const plan = planTiles(c.preview || WIDTH, c.preview ? Math.round((c.preview * HEIGHT) / WIDTH) : HEIGHT, { tileWidth: Math.min(c.tileSize, WIDTH), tileHeight: Math.min(c.tileSize, HEIGHT), overlap: 32 });
  console.log(
    JSON.stringify({
      case: c.name,
      seconds: Number(seconds.toFixed(2)),
      rssBeforeMB: Math.round(baseline / MB),
      rssGrowthMB: Math.round((peak - baseline) / MB),
      maxRssMB: Math.round((process.resourceUsage().maxRSS * 1024) / MB),
      planWorkingMB: Number(((plan.bandBytes + plan.tensorBytes) / MB).toFixed(1)),
      tiles: plan.columns.length * plan.rows.length,
      outMB: Number(((out?.length ?? 0) / MB).toFixed(1)),
    }),
  );
  await provider.dispose?.();
}

async function main(): Promise<void> {
  if (values.child !== undefined) {
    const c = CASES[Number(values.child)];
    if (c) await runCase(c);
    return;
  }
  await mkdir(WORK, { recursive: true });
  if (!existsSync(PHOTO)) {
    // Gaussian noise over a gradient: a JPEG that is costly to decode, like a real 24 MP photo.
    const gradient = await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: '#7a6a50', noise: { type: 'gaussian', mean: 120, sigma: 40 } } })
      .jpeg({ quality: 90 })
      .toBuffer();
    await sharp(gradient).toFile(PHOTO);
  }
  const busy = await busyPercent(1500);
  console.log(JSON.stringify({ machine: `${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} vCPU`, node: process.version, cpuBusyBeforePercent: busy, photo: `${WIDTH}x${HEIGHT}` }));
  for (let i = 0; i < CASES.length; i++) {
    execFileSync(process.execPath, [...process.execArgv, process.argv[1] ?? '', '--child', String(i), '--width', String(WIDTH), '--height', String(HEIGHT)], { stdio: 'inherit' });
  }
}

await main();
