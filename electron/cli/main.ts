/**
 * `recollect` command-line host over the core. Exit codes: 0 success (also when some files were
 * skipped), 1 failure with a one-line reason, 2 wrong usage. Under --json a failure also prints
 * `{"error": {"code", "message"}}` (codes from contract/errors.ts) on stdout.
 */
import type { ApiErrorDto } from '../contract/errors.js';
import { CoreError } from '../core/core-error.js';
import { toDiskFullError } from '../core/store/disk-full.js';
import { resolveLibraryFile } from '../paths/library-location.js';
import { parseCli, UsageError, USAGE } from './cli-args.js';
import { stderrLogger, type CliContext, type CliIo } from './cli-context.js';
import { runAlbum, runCategorize } from './commands/album-command.js';
import { runEmbed } from './commands/embed-command.js';
import { runIndex } from './commands/index-command.js';
import { runModel } from './commands/model-command.js';
import { runSearch, runSimilar } from './commands/search-command.js';
import { runServe } from './commands/serve-command.js';
import { runSort } from './commands/sort-command.js';
import { runStatus } from './commands/status-command.js';
import { runStyle } from './commands/style-command.js';
import { errorMessage } from '../contract/error-message.js';

const COMMANDS: Record<string, (ctx: CliContext) => Promise<void>> = {
  index: runIndex,
  search: runSearch,
  similar: runSimilar,
  status: runStatus,
  embed: runEmbed,
  serve: runServe,
  album: runAlbum,
  categorize: runCategorize,
  sort: runSort,
  model: runModel,
  style: (ctx) => runStyle(ctx),
};

interface Failure {
  exit: 1 | 2;
  error: ApiErrorDto;
  /** The line for stderr (it may say more than the message, e.g. where to report a bug). */
  line: string;
}

/** How to act on a core error at the command line: core messages name no flags (every host shows them). */
const CLI_HINTS: Partial<Record<ApiErrorDto['code'], string>> = {
  MODEL_NOT_CONFIGURED: 'Pass --model <folder> or set RECOLLECT_MODEL.',
  MODEL_MISSING_FILE: 'Pass --model <folder> with a complete model.',
  MODEL_INVALID: 'Pass --model <folder> with a complete model.',
  PROVIDER_FAILED: 'Pass --device auto or --device cpu.',
  LIBRARY_READ_ONLY: 'Pass --library FILE or set RECOLLECT_LIBRARY.',
  MODEL_IN_USE: 'Choose another model first (recollect model use <id>, or --model <folder>).',
  STYLE_UNAVAILABLE: 'See: recollect style --providers',
};

function failureOf(err: unknown, libraryFile: string | undefined): Failure {
  if (err instanceof UsageError) return { exit: 2, error: { code: 'INVALID_ARGUMENT', message: err.message }, line: err.message };
  const known = err instanceof CoreError ? err : toDiskFullError(err, libraryFile);
  if (known) {
    const hint = CLI_HINTS[known.code];
    return { exit: 1, error: { code: known.code, message: known.message }, line: hint ? `${known.message} ${hint}` : known.message };
  }
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  return { exit: 1, error: { code: 'INTERNAL', message }, line: `unexpected error: ${message} (run with --verbose and report it)` };
}

/** The library the command would use, for messages about its disk; undefined when unknown. */
function libraryFileOf(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  try {
    return resolveLibraryFile(flag, env);
  } catch {
    return undefined;
  }
}

export async function runCli(argv: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // Known before parsing, so even a usage error answers in JSON when JSON was asked for.
  let json = argv.includes('--json');
  let library: string | undefined;
  try {
    let parsed;
    try {
      parsed = parseCli(argv);
    } catch (err) {
      throw new UsageError(`${errorMessage(err)} (try: recollect --help)`);
    }
    json = parsed.values.json ?? false;
    library = parsed.values.library;
    const [command, ...positionals] = parsed.positionals;
    if (parsed.values.help || !command) {
      io.out(USAGE);
      return command || parsed.values.help ? 0 : 2;
    }
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`unknown command "${command}" (try: recollect --help)`);
    await run({ ...io, flags: parsed.values, positionals, env, logger: stderrLogger(parsed.values.verbose ?? false, io.err) });
    return 0;
  } catch (err) {
    const failure = failureOf(err, libraryFileOf(library, env));
    // Under --json every failure is one object on stdout, so scripts never parse an empty output.
    if (json) io.out(JSON.stringify({ error: failure.error }));
    io.err(`recollect: ${failure.line}`);
    if (failure.error.code === 'INTERNAL' && env.RECOLLECT_DEBUG) io.err(err instanceof Error ? (err.stack ?? '') : '');
    return failure.exit;
  }
}

/** Process entry, called by bin.js (however it was reached: npx, npm run, a symlink). */
export async function main(): Promise<void> {
  const io: CliIo = {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
  };
  process.exitCode = await runCli(process.argv.slice(2), io);
}
