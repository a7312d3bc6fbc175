/**
 * Runs the real browser host (`recollect serve --port 0 --json`) in a child process, as a user
 * would, and reads the one JSON line it prints once listening.
 */
import type { ChildProcess } from 'node:child_process';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';
import { startCli } from '../helpers/cli-process.js';

export interface ServeProcess {
  url: string;
  port: number;
  token: string;
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<number | null>;
}

/** `modelDir` null: no model, as a new user starts (the first-run page asks for one). */
export function startServe(libraryFile: string, modelDir: string | null = FIXTURE_MODEL_DIR, timeoutMs = 60_000, env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const model = modelDir === null ? [] : ['--model', modelDir];
  const child = startCli(['serve', '--port', '0', '--json', '--library', libraryFile, ...model], env);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`recollect serve did not start in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`recollect serve exited with ${String(code)} before listening\n${stderr}`));
    });
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const nl = stdout.indexOf('\n');
      if (nl === -1) return;
      clearTimeout(timer);
      const info = JSON.parse(stdout.slice(0, nl)) as { url: string; port: number; token: string };
      resolve({
        ...info,
        child,
        stderr: () => stderr,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', (code) => {
              clearTimeout(kill);
              done(code);
            });
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** POSTs `{ args }` to the host's /api/<method> with its token, as the page's client does. */
export function callApi(host: Pick<ServeProcess, 'url' | 'token'>, method: string, args: unknown[] = []): Promise<Response> {
  return fetch(new URL(`/api/${method}`, host.url), {
    method: 'POST',
    headers: { 'x-recollect-token': host.token, 'content-type': 'application/json' },
    body: JSON.stringify({ args }),
  });
}
