/**
 * What every command gets: parsed flags, output streams, and a core built from the shared options.
 */
import { isDeviceChoice, type DeviceChoice } from '../core/onnx/device-choice.js';
import { createCore, type RecollectCore } from '../core/create-core.js';
import type { Logger } from '../core/logger.js';
import { positiveInt, UsageError, type CliFlags } from './cli-args.js';
import { resolveLibraryFile } from '../paths/library-location.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface CliContext extends CliIo {
  flags: CliFlags;
  positionals: string[];
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

export function parseDevice(value: string | undefined): DeviceChoice | undefined {
  if (value === undefined) return undefined;
  if (isDeviceChoice(value)) return value;
  throw new UsageError(`--device expects auto, cpu or gpu (got "${value}")`);
}

export function modelDirFrom(ctx: CliContext): string | undefined {
  return ctx.flags.model ?? ctx.env.RECOLLECT_MODEL ?? undefined;
}

export function openCore(ctx: CliContext, options: { readonly?: boolean } = {}): RecollectCore {
  return createCore({
    libraryFile: resolveLibraryFile(ctx.flags.library, ctx.env),
    modelDir: modelDirFrom(ctx),
    device: parseDevice(ctx.flags.device ?? ctx.env.RECOLLECT_DEVICE),
    threads: positiveInt(ctx.flags.threads, '--threads'),
    quantized: ctx.flags.quantized ?? false,
    readonly: options.readonly ?? false,
    logger: ctx.logger,
  });
}

export function stderrLogger(verbose: boolean, err: (line: string) => void): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    err(`${level}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  };
  return {
    debug: verbose ? write('debug') : () => {},
    info: verbose ? write('info') : () => {},
    warn: verbose ? write('warning') : () => {},
    error: write('error'),
  };
}
