/**
 * What importing one package costs a fresh process (module evaluation plus, for native packages,
 * loading the shared library): the share of a CLI command's start that a command not using the
 * package would save by not importing it. Each package alone, in its own `node` process.
 */
import { spawn } from 'node:child_process';
import { median } from './bench-report.js';

export interface ImportTime {
  name: string;
  ms: number;
}

function timeOne(root: string, name: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(name)}); process.stdout.write(String(performance.now() - t));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`import ${name} exited with ${code}`))));
  });
}

/** Median import time of each package over `repeats` fresh processes, interleaved. */
export async function timeImports(root: string, names: readonly string[], repeats: number): Promise<ImportTime[]> {
  const samples = new Map<string, number[]>(names.map((n) => [n, []]));
  for (let r = 0; r < repeats; r++) for (const n of names) samples.get(n)?.push(await timeOne(root, n));
  return names.map((name) => ({ name, ms: median(samples.get(name) ?? []) }));
}
