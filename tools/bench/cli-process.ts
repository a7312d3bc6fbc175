/**
 * One `recollect` command as a user runs it: a fresh Node process on electron/cli/bin.js, timed
 * from spawn to exit (what a shell prompt waits for: Node start, bundle check, imports, work, exit).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface CliRun {
  ms: number;
  stdout: string;
  stderr: string;
}

export interface CliInvocation {
  /** Checkout whose electron/cli/bin.js runs (this repository, or a baseline copy). */
  root: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  /** Extra Node flags (e.g. --cpu-prof). */
  nodeFlags?: readonly string[];
}

/** Runs the command and resolves with its wall time; rejects with its stderr when it fails. */
export function runCli(call: CliInvocation): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...(call.nodeFlags ?? []), join(call.root, 'electron/cli/bin.js'), ...call.args], {
      cwd: call.root,
      env: call.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`recollect ${call.args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`));
      else resolve({ ms, stdout, stderr });
    });
  });
}
