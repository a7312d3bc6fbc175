/**
 * Tries a GPU execution provider in a child process before this process touches it.
 *
 * Why: a failing provider writes to stderr from native code that no ONNX Runtime log level
 * reaches: Dawn's "Couldn't load Vulkan" warning, libwayland-client's "error: XDG_RUNTIME_DIR is
 * invalid or not set" (the Vulkan loader loads it; KhronosGroup/Vulkan-Tools#721). The session
 * options logSeverityLevel and ort.env.logLevel only govern ORT's own logger. A child's stderr is a
 * pipe we hold, so its output becomes the attempt's raw detail (shown with --verbose and behind
 * "details") instead of lines on the user's terminal. Only a provider that initialised in the
 * child is then created here.
 * Runs the same executable (node, or Electron as node) with an inline module, so no extra file
 * has to be found in a bundle or an asar archive.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export type ProbeResult = { ok: true } | { ok: false; message: string; nativeOutput: string };

/** Creates a session on the provider and prints one JSON line; everything else goes to stderr. */
const CHILD = `
const [ortUrl, modelPath, provider] = process.argv.slice(1);
const ort = await import(ortUrl);
const mod = ort.default ?? ort;
try {
  const session = await mod.InferenceSession.create(modelPath, { executionProviders: [provider], logSeverityLevel: 4 });
  await session.release();
  process.stdout.write(JSON.stringify({ ok: true }) + '\\n');
} catch (err) {
  process.stdout.write(JSON.stringify({ ok: false, message: String(err && err.message ? err.message : err) }) + '\\n');
}
`;

const PROBE_TIMEOUT_MS = 60_000;

function parseChildLine(stdout: string): { ok: boolean; message?: string } | null {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null || !('ok' in value) || typeof value.ok !== 'boolean') return null;
    const message = 'message' in value && typeof value.message === 'string' ? value.message : undefined;
    return { ok: value.ok, message };
  } catch {
    return null;
  }
}

export function probeProvider(modelPath: string, provider: string): Promise<ProbeResult> {
  const ortUrl = pathToFileURL(createRequire(import.meta.url).resolve('onnxruntime-node')).href;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, '--', ortUrl, modelPath, provider], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: PROBE_TIMEOUT_MS,
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => resolve({ ok: false, message: `could not start the check: ${err.message}`, nativeOutput: stderr }));
    child.on('close', (code, signal) => {
      const reply = parseChildLine(stdout);
      if (reply?.ok) return resolve({ ok: true });
      const message = reply?.message ?? (signal ? `the check was stopped (${signal})` : `the check crashed (exit code ${String(code)})`);
      resolve({ ok: false, message, nativeOutput: stderr.trim() });
    });
  });
}
