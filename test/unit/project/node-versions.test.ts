/**
 * The Node.js versions Recollect supports (issue 13, defect 11), checked against what every
 * installed package declares in package-lock.json: package.json's engines field may admit only
 * versions that all of them accept, except the packaging-only tools that electron-builder uses
 * to rebuild native modules for Electron (@electron/rebuild and its node-abi), which need 22.12+
 * and run only for `npm run dist`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli-process.js';

type Version = [number, number, number];

function parseVersion(text: string): Version {
  const [major = 0, minor = 0, patch = 0] = text.replace(/^v/, '').split('.').map((p) => (p === 'x' || p === '*' ? 0 : Number(p)));
  return [major, minor, patch];
}

const compare = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** One comparator of an npm range, for the forms engines fields use ('>=20.19.0', '^22.12', '20.x', '*'). */
function satisfiesComparator(v: Version, comparator: string): boolean {
  const m = /^(>=|<=|>|<|\^|~|=)?\s*v?([\dx*]+(?:\.[\dx*]+){0,2})$/.exec(comparator);
  if (!m) throw new Error(`unsupported engines comparator "${comparator}"`);
  const op = m[1] ?? '';
  const raw = m[2] ?? '0';
  const target = parseVersion(raw);
  if (raw === "*") return true;
  const c = compare(v, target);
  if (op === '>=') return c >= 0;
  if (op === '>') return c > 0;
  if (op === '<=') return c <= 0;
  if (op === '<') return c < 0;
  if (op === '^') return v[0] === target[0] && c >= 0;
  if (op === '~') return v[0] === target[0] && v[1] === target[1] && c >= 0;
  // Plain or x-range: the parts given must match.
  const given = raw.split('.').filter((p) => p !== 'x' && p !== '*').length;
  return v.slice(0, given).every((part, i) => part === target[i]);
}

function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  return range.split('||').some((alternative) => {
    const parts = alternative.trim().replace(/(>=|<=|>|<)\s+/g, '$1').split(/\s+/).filter(Boolean);
    return parts.length === 0 || parts.every((p) => satisfiesComparator(v, p));
  });
}

const PACKAGING_ONLY = ['node_modules/@electron/rebuild'];
// Node releases users may have: each line's first release, the ones the ranges below draw lines at, and current ones.
const CANDIDATES = ['18.20.0', '20.0.0', '20.9.0', '20.12.0', '20.18.0', '20.19.0', '20.20.2', '21.7.0', '22.0.0', '22.11.0', '22.12.0', '22.20.0', '23.11.0', '24.0.0', '25.0.0', '26.0.0'];

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; cpu?: string[] }>;
};

function dependencyRanges(): [string, string][] {
  return Object.entries(lock.packages).flatMap(([where, entry]) => {
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (!where || !range || PACKAGING_ONLY.some((p) => where.startsWith(p))) return [];
    // 32-bit x86 binaries (sharp's win32-ia32 wants ^20.9.0 only): not a platform Recollect ships for.
    if (entry.cpu?.length === 1 && entry.cpu[0] === 'ia32') return [];
    return [[where, range]];
  });
}

describe('supported Node.js versions', () => {
  it('admits only versions every package needed to run, build and test accepts', () => {
    const refused = CANDIDATES.filter((v) => satisfies(v, pkg.engines.node)).flatMap((v) =>
      dependencyRanges()
        .filter(([, range]) => !satisfies(v, range))
        .map(([where, range]) => `Node ${v}: ${where} needs ${range}`),
    );
    expect(refused).toEqual([]);
  });

  it('admits the Node 20 that CI and this machine run, and Node 22 and 24', () => {
    expect(satisfies(process.versions.node, pkg.engines.node)).toBe(true);
    for (const v of ['20.19.0', '22.13.0', '24.0.0']) expect(satisfies(v, pkg.engines.node), v).toBe(true);
  });

  it('leaves only packaging tools wanting Node 22.12+, and the README says so', () => {
    const packaging = Object.entries(lock.packages).filter(([where]) => PACKAGING_ONLY.some((p) => where.startsWith(p)));
    expect(packaging.some(([, e]) => !Array.isArray(e.engines) && e.engines?.node === '>=22.12.0')).toBe(true);
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('Node.js 20 (20.19 or later), 22 (22.13 or later) or 24+');
    expect(readme).toMatch(/npm run dist[^\n]*needs Node\.js 22\.12/);
  });

  it('reads engines ranges the way npm does', () => {
    expect(satisfies('20.19.0', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies('22.11.0', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies('23.1.0', '20.x || 22.x || 24.x')).toBe(false);
    expect(satisfies('24.3.0', '>= 12.20.55')).toBe(true);
    expect(satisfies('20.1.0', '>=20.12 <21 || >=22')).toBe(false);
  });
});
