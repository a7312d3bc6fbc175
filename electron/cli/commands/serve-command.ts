/**
 * `recollect serve [--port N] [--library F] [--model DIR] [--json]`: the browser host. Prints the
 * URL with its per-run token (or, with --json, one line `{"url","port","token"}` once listening)
 * and runs until SIGINT/SIGTERM, then closes the server and the library cleanly.
 */
import path from 'node:path';
import { CoreError } from '../../core/core-error.js';
import { startBrowserHost } from '../../serve/browser-host.js';
import { createApiService } from '../../service/api-service.js';
import { browserHostAdapter } from '../../service/host-adapter.js';
import { positiveInt, UsageError } from '../cli-args.js';
import { modelDirFrom, type CliContext } from '../cli-context.js';
import { resolveLibraryFile } from '../../paths/library-location.js';
import { resolveModelsDir } from '../../paths/models-location.js';

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isInteger(n) || n > 65535) throw new UsageError(`--port expects 0-65535 (got "${value}")`);
  return n;
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function runServe(ctx: CliContext): Promise<void> {
  const port = parsePort(ctx.flags.port);
  const libraryFile = resolveLibraryFile(ctx.flags.library, ctx.env);
  const modelDir = modelDirFrom(ctx);
  const service = createApiService({
    libraryFile,
    // Thumbnails are derived data: per-user app-data next to the library, rebuilt if deleted.
    cacheDir: path.join(path.dirname(libraryFile), 'cache'),
    host: browserHostAdapter,
    modelDir: modelDir ? path.resolve(modelDir) : undefined,
    modelsDir: resolveModelsDir(ctx.env),
    env: ctx.env,
    threads: positiveInt(ctx.flags.threads, '--threads'),
    logger: ctx.logger,
    // A running host keeps up with the folders (issue 13); one-shot commands do not watch.
    watch: true,
  });
  const stopped = waitForStopSignal();
  let host;
  try {
    host = await startBrowserHost({ service, port, logger: ctx.logger });
  } catch (err) {
    await service.close();
    const reason = err instanceof Error && 'code' in err && err.code === 'EADDRINUSE' ? `port ${port} is in use` : String(err);
    throw new CoreError('INTERNAL', `Could not start the browser host: ${reason}.`);
  }
  if (ctx.flags.json) ctx.out(JSON.stringify({ url: host.url, port: host.port, token: host.token }));
  else {
    ctx.out(`Recollect is running at ${host.url}`);
    ctx.out('Open that address in a browser on this computer. Press Ctrl+C to stop.');
  }
  const signal = await stopped;
  ctx.logger.info(`stopping (${signal})`);
  await host.close();
  await service.close();
}
