/**
 * Global setup of the reliability suite: clears last run's results before the files run, and
 * afterwards prints the summary table (check, runs, passed, figures). When every check reported,
 * the table also goes to docs/reliability.md with the machine it ran on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CheckResult } from './reliability-helpers.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const RESULTS_DIR = path.join(REPO_ROOT, '.cache/reliability/results');
const DOC = path.join(REPO_ROOT, 'docs/reliability.md');

/** Rows of the table, in order. A check that wrote no result shows as "did not report". */
const ROWS: readonly { id: string; check: string; placeholder?: string }[] = [
  { id: '1-kill', check: 'SIGKILL of the process group during indexing' },
  { id: '2-full-disk', check: 'Full disk (small tmpfs) under the library' },
  { id: '3-unreadable', check: 'Unreadable subfolder keeps its photos' },
  { id: '4-vanishing', check: 'Files vanishing mid-scan / mid-index' },
  { id: '5-burst', check: 'Browser host under a burst of searches' },
  { id: '6-hostile', check: 'Hostile requests to the browser host' },
  { id: '7-credential-leak', check: 'Credential leak to another local origin' },
  { id: '8-kill-sort-move', check: 'SIGKILL during sort --mode move' },
  { id: '9-kill-sort-undo', check: 'SIGKILL during sort --undo' },
  { id: '10-sort-refusals', check: 'Sort refusals: full disk, read-only target, target inside the source, Windows-illegal name' },
  { id: '11-albums', check: 'Albums and labels under SIGKILL (indexing, corrections)' },
];

function machine(): string {
  const cpus = os.cpus();
  const model = (cpus[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim();
  const gib = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${os.availableParallelism()} vCPU ${model}, ${gib} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

function readResults(): Map<string, CheckResult> {
  const out = new Map<string, CheckResult>();
  if (!fs.existsSync(RESULTS_DIR)) return out;
  for (const f of fs.readdirSync(RESULTS_DIR)) {
    if (!f.endsWith('.json')) continue;
    const r = JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, f), 'utf8')) as CheckResult;
    out.set(r.id, r);
  }
  return out;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(results: ReadonlyMap<string, CheckResult>): string[] {
  const lines = ['| Check | Runs | Passed | Figures |', '| --- | ---: | ---: | --- |'];
  for (const row of ROWS) {
    const r = results.get(row.id);
    if (!r) {
      lines.push(`| ${cell(row.check)} | – | – | ${cell(row.placeholder ?? 'did not report (file failed to run?)')} |`);
    } else if (r.skipped) {
      lines.push(`| ${cell(r.check)} | 0 | 0 | skipped: ${cell(r.skipped)} |`);
    } else {
      lines.push(`| ${cell(r.check)} | ${r.runs} | ${r.passed} | ${cell(r.figures)} |`);
    }
  }
  return lines;
}

function headline(results: ReadonlyMap<string, CheckResult>): string[] {
  const f = (id: string, key: string): string => String(results.get(id)?.facts?.[key] ?? 'n/a');
  const changed = ['1-kill', '2-full-disk', '3-unreadable']
    .map((id) => results.get(id)?.facts?.originalsChanged)
    .filter((v): v is number => typeof v === 'number');
  const checked = ['1-kill', '2-full-disk', '3-unreadable']
    .map((id) => results.get(id)?.facts?.originalsChecked)
    .filter((v): v is number => typeof v === 'number');
  return [
    `- kills: ${f('1-kill', 'kills')}`,
    `- consistent after the kill: ${f('1-kill', 'consistent')}`,
    `- kills that landed during commits: ${f('1-kill', 'landedDuringCommits')}`,
    `- originals changed: ${changed.length ? changed.reduce((a, b) => a + b, 0) : 'n/a'} (of ${checked.reduce((a, b) => a + b, 0)} files checked by sha256)`,
    `- hostile requests refused: ${f('6-hostile', 'refused')} of ${f('6-hostile', 'requests')}`,
    `- p95 under burst: ${f('5-burst', 'p95Ms')} ms (p50 ${f('5-burst', 'p50Ms')} ms, peak RSS ${f('5-burst', 'peakRssMiB')} MiB)`,
  ];
}

export function setup(): () => void {
  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const started = Date.now();
  return () => {
    const results = readResults();
    const rows = table(results);
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    console.log(`\nReliability summary (${machine()}; ${minutes} min)\n${rows.join('\n')}\n${headline(results).join('\n')}\n`);
    const complete = ROWS.every((r) => r.placeholder !== undefined || results.has(r.id));
    if (!complete) {
      console.log('docs/reliability.md not written: not every check reported (run the whole suite).');
      return;
    }
    const doc = [
      '# Reliability suite',
      '',
      'Bounded fault loops against the real `recollect` CLI and browser host (issue 8).',
      'Run with `npm run test:reliability` (CI runs it after `npm test`). This file is written by the',
      'suite at the end of a full run; the figures below are from the last one.',
      '',
      `Machine: ${machine()}. Suite time: ${minutes} min. Written ${new Date().toISOString().slice(0, 10)}.`,
      '',
      ...headline(results),
      '',
      ...rows,
      '',
      '"Runs" counts the iterations of each bounded loop (kills, rounds, requests); "Passed" those that met',
      'every assertion of the check. A check that fails in its test shows it here as Passed < Runs.',
      '',
    ];
    fs.writeFileSync(DOC, doc.join('\n'));
  };
}
