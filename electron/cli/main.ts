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
import { errorMessage } from '../contract/error-message.js';

type Command = (ctx: CliContext) => Promise<void>;

/**
 * Each command's module is imported when that command runs: the CLI bundle is split per command
 * (cli-bundle.js), so `status` does not load what `style` or `serve` need (sharp, chokidar, an
 * HTTP server). Importing every command's packages was most of a command's start (issue 14,
 * docs/benchmarks.md).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  index: async () => (await import('./commands/index-command.js')).runIndex,
  search: async () => (await import('./commands/search-command.js')).runSearch,
  similar: async () => (await import('./commands/search-command.js')).runSimilar,
  status: async () => (await import('./commands/status-command.js')).runStatus,
  embed: async () => (await import('./commands/embed-command.js')).runEmbed,
  serve: async () => (await import('./commands/serve-command.js')).runServe,
  album: async () => (await import('./commands/album-command.js')).runAlbum,
  categorize: async () => (await import('./commands/album-command.js')).runCategorize,
  sort: async () => (await import('./commands/sort-command.js')).runSort,
  model: async () => (await import('./commands/model-command.js')).runModel,
  style: async () => {
    const { runStyle } = await import('./commands/style-command.js');
    return (ctx) => runStyle(ctx);
  },
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
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) throw new UsageError(`unknown command "${command}" (try: recollect --help)`);
    const run = await load();
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
