/**
 * Where a `node --cpu-prof` run spent its time, in a few lines: the top functions by self time, and
 * per place (an npm package, a source file of the CLI bundle, a Node internal area) both its self
 * time and the time it was anywhere on the stack ("on stack": an import of sharp counts all of
 * its module evaluation and dlopen there). The CLI runs from an esbuild build (an entry and its
 * chunks); esbuild starts each module's code with a `// electron/...ts` comment, which maps a line
 * of the build back to its source file.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface TimeShare {
  name: string;
  ms: number;
}

export interface PlaceTime {
  place: string;
  selfMs: number;
  onStackMs: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Samples by stage of a command (STAGES, first match on the sample's stack), in STAGES order. */
  stages: TimeShare[];
  topSelf: TimeShare[];
  places: PlaceTime[];
}

/**
 * What a `recollect` command spends its time on, by the places on a sample's stack; the first
 * matching rule wins (an import that runs a module's top level counts as module loading).
 */
const STAGES: readonly { name: string; matches: (place: string) => boolean }[] = [
  { name: 'module loading (imports)', matches: (p) => p === 'node: module loading' },
  { name: 'walk (list folders, stat files)', matches: (p) => p === 'electron/core/scan/walk.ts' },
  { name: 'library compare (SQLite reads, diff)', matches: (p) => p.startsWith('electron/core/store/') || p === 'electron/core/scan/diff-files.ts' || p === 'better-sqlite3' },
  { name: 'model (load, self-check, encode)', matches: (p) => p === 'onnxruntime-node' || p.startsWith('electron/core/embed/') || p.startsWith('electron/core/onnx/') || p === '@huggingface/tokenizers' },
  { name: 'search (index, KNN, cut-off)', matches: (p) => p.startsWith('electron/core/search/') },
  { name: 'garbage collection', matches: (p) => p === '(garbage collector)' },
  { name: 'idle (waiting for I/O)', matches: (p) => p === '(idle)' },
];
const OTHER_STAGE = 'other';

function isCpuProfile(v: unknown): v is CpuProfile {
  if (typeof v !== 'object' || v === null) return false;
  return 'nodes' in v && Array.isArray(v.nodes) && 'samples' in v && Array.isArray(v.samples) && 'timeDeltas' in v && Array.isArray(v.timeDeltas);
}

/** A file of the CLI build (the entry or one of its chunks, cli/cli-bundle.js). */
const BUILD_URL = /\/\.cache\/cli\/recollect-[0-9a-f]{16}(?:-chunk-[A-Za-z0-9]+)?\.mjs$/;

/** Bundle line (0-based) -> source file, for every build file a profile ran, from esbuild's per-module comments. */
export class BundleSources {
  private constructor(private readonly starts: ReadonlyMap<string, readonly { line: number; file: string }[]>) {}

  static async read(urls: Iterable<string>): Promise<BundleSources> {
    const starts = new Map<string, { line: number; file: string }[]>();
    for (const url of new Set(urls)) {
      if (!BUILD_URL.test(url)) continue;
      const text = await readFile(fileURLToPath(url), 'utf8').catch(() => '');
      const list: { line: number; file: string }[] = [];
      text.split('\n').forEach((line, i) => {
        const m = /^\/\/ (electron\/\S+\.[tj]s)$/.exec(line);
        if (m?.[1]) list.push({ line: i, file: m[1] });
      });
      starts.set(url, list);
    }
    return new BundleSources(starts);
  }

  /** The source file of a bundle line; undefined for a URL that is not part of the build. */
  fileAt(url: string, line: number): string | undefined {
    const list = this.starts.get(url);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    let found = 'cli bundle';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid];
      if (!s) break;
      if (s.line <= line) {
        found = s.file;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

/** The place a frame belongs to: npm package, bundled source file, Node internals, or V8's own. */
function placeOf(frame: CallFrame, bundle: BundleSources): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : `native ${functionName || '(anonymous)'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg?.[1]) return pkg[1];
  const source = bundle.fileAt(url, frame.lineNumber);
  if (source) return source;
  if (url.startsWith('node:internal/modules')) return 'node: module loading';
  if (url.startsWith('node:')) return `node: ${url.slice(5).replace(/^internal\//, '').split('/')[0] ?? url}`;
  return url.replace(/^file:\/\//, '');
}

export async function summariseProfile(file: string, top = 12): Promise<ProfileSummary> {
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isCpuProfile(parsed)) throw new Error(`${file}: not a V8 CPU profile`);
  const bundle = await BundleSources.read(parsed.nodes.map((n) => n.callFrame.url));
  const byId = new Map(parsed.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of parsed.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<string, number>();
  const placeSelf = new Map<string, number>();
  const placeOnStack = new Map<string, number>();
  const stage = new Map<string, number>();
  let totalUs = 0;
  parsed.samples.forEach((id, i) => {
    // timeDeltas[i + 1] is the time until the next sample: the time this sample stands for.
    const us = parsed.timeDeltas[i + 1] ?? 0;
    totalUs += us;
    const node = byId.get(id);
    if (!node) return;
    const leafPlace = placeOf(node.callFrame, bundle);
    const name = `${node.callFrame.functionName || '(anonymous)'} [${leafPlace}]`;
    self.set(name, (self.get(name) ?? 0) + us);
    placeSelf.set(leafPlace, (placeSelf.get(leafPlace) ?? 0) + us);
    const onStack = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)?.callFrame;
      if (frame) onStack.add(placeOf(frame, bundle));
    }
    for (const p of onStack) placeOnStack.set(p, (placeOnStack.get(p) ?? 0) + us);
    const places = [...onStack];
    const stageName = STAGES.find((st) => places.some(st.matches))?.name ?? OTHER_STAGE;
    stage.set(stageName, (stage.get(stageName) ?? 0) + us);
  });
  const ms = (us: number): number => Math.round(us / 100) / 10;
  const topSelf = [...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: ms(us) }));
  const places = [...placeOnStack]
    .map(([place, us]) => ({ place, selfMs: ms(placeSelf.get(place) ?? 0), onStackMs: ms(us) }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top);
  const stages = [...STAGES.map((st) => st.name), OTHER_STAGE].map((name) => ({ name, ms: ms(stage.get(name) ?? 0) }));
  return { totalMs: ms(totalUs), stages, topSelf, places };
}

export function formatProfile(title: string, s: ProfileSummary): string[] {
  const lines = [`${title}: ${s.totalMs} ms sampled`, '  by stage:'];
  for (const t of s.stages) if (t.ms > 0) lines.push(`    ${t.ms.toFixed(1).padStart(7)} ms  ${t.name}`);
  lines.push('  top self time:');
  for (const t of s.topSelf) lines.push(`    ${t.ms.toFixed(1).padStart(7)} ms  ${t.name}`);
  lines.push('  by place (self / on stack):');
  for (const p of s.places) lines.push(`    ${p.selfMs.toFixed(1).padStart(7)} / ${p.onStackMs.toFixed(1).padStart(7)} ms  ${p.place}`);
  return lines;
}
