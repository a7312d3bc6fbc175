/**
 * `recollect` command-line host over the core. Exit codes: 0 success (also when some files were
 * skipped), 1 failure with a one-line reason, 2 wrong usage.
 */
import { CoreError } from '../core/core-error.js';
import { parseCli, UsageError, USAGE } from './cli-args.js';
import { stderrLogger, type CliContext, type CliIo } from './cli-context.js';
import { runEmbed } from './commands/embed-command.js';
import { runIndex } from './commands/index-command.js';
import { runSearch, runSimilar } from './commands/search-command.js';
import { runServe } from './commands/serve-command.js';
import { runStatus } from './commands/status-command.js';
import { errorMessage } from '../contract/error-message.js';

const COMMANDS: Record<string, (ctx: CliContext) => Promise<void>> = {
  index: runIndex,
  search: runSearch,
  similar: runSimilar,
  status: runStatus,
  embed: runEmbed,
  serve: runServe,
};

export async function runCli(argv: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseCli(argv);
    } catch (err) {
      throw new UsageError(`${errorMessage(err)} (try: recollect --help)`);
    }
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
    if (err instanceof UsageError) {
      io.err(`recollect: ${err.message}`);
      return 2;
    }
    if (err instanceof CoreError) {
      io.err(`recollect: ${err.message}`);
      return 1;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.err(`recollect: unexpected error: ${message.split('\n')[0] ?? ''} (run with --verbose and report it)`);
    if (env.RECOLLECT_DEBUG) io.err(err instanceof Error ? (err.stack ?? '') : '');
    return 1;
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
