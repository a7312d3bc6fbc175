/**
 * The pure half of gpu-index-bench.ts: reads ONNX Runtime's node-placement log, compares
 * embeddings across devices, decides whether a run proves what it claims (the provider asked for
 * is the one used, no heavy node fell back to the CPU, GPU and CPU agree) and prints the compact
 * table. No I/O here, so test/unit/bench/gpu-bench-report.test.ts can check every verdict.
 */

/** Nodes per execution provider, and the op types ORT put on the CPU while another was asked for. */
export interface Placement {
  byProvider: Record<string, number>;
  cpuOps: Record<string, number>;
}

const ORT_CPU = 'CPUExecutionProvider';
/** Ops that carry a ViT's arithmetic: one of these on the CPU is a real (if partial) fallback. */
const HEAVY_OPS = new Set(['MatMul', 'Gemm', 'Conv', 'Softmax', 'LayerNormalization', 'FusedMatMul', 'Attention', 'MultiHeadAttention', 'SkipLayerNormalization', 'BiasGelu', 'FastGelu', 'Sigmoid', 'Erf']);

/**
 * Parses the verbose session log (session_state.cc, VerifyEachNodeIsAssignedToAnEp):
 * "All nodes placed on [X]. Number of nodes: N", or per provider " Node(s) placed on [X]. Number
 * of nodes: N" followed by one "  OpType (node name)" line per node.
 */
export function parsePlacementLog(log: string): Placement {
  const byProvider: Record<string, number> = {};
  const cpuOps: Record<string, number> = {};
  let current: string | null = null;
  for (const line of log.split('\n')) {
    const at = line.indexOf('VerifyEachNodeIsAssignedToAnEp]');
    if (at < 0) continue;
    const message = line.slice(at + 'VerifyEachNodeIsAssignedToAnEp]'.length);
    const header = /(?:All nodes|Node\(s\)) placed on \[(\w+)\]\. Number of nodes: (\d+)/.exec(message);
    if (header?.[1] && header[2]) {
      current = header[1];
      byProvider[current] = (byProvider[current] ?? 0) + Number(header[2]);
      continue;
    }
    const op = /^\s+(\w+) \(.*\)\s*$/.exec(message);
    if (op?.[1] && current === ORT_CPU) cpuOps[op[1]] = (cpuOps[op[1]] ?? 0) + 1;
  }
  return { byProvider, cpuOps };
}

/** ORT's provider type name for an executionProviders entry ('webgpu' -> 'WebGpuExecutionProvider'). */
export function ortProviderType(provider: string): string {
  const names: Record<string, string> = { cpu: ORT_CPU, webgpu: 'WebGpuExecutionProvider', cuda: 'CUDAExecutionProvider', dml: 'DmlExecutionProvider', coreml: 'CoreMLExecutionProvider' };
  return names[provider] ?? provider;
}

/** Why this placement is not a run on `provider` (null: it is). */
export function placementProblem(placement: Placement, provider: string): string | null {
  const type = ortProviderType(provider);
  const onIt = placement.byProvider[type] ?? 0;
  if (onIt === 0) {
    const seen = Object.entries(placement.byProvider).map(([p, n]) => `${p} ${n}`).join(', ') || 'no placement lines';
    return `no node was placed on ${type} (${seen})`;
  }
  if (type === ORT_CPU) return null;
  const heavy = Object.keys(placement.cpuOps).filter((op) => HEAVY_OPS.has(op));
  return heavy.length > 0 ? `heavy ops fell back to the CPU: ${heavy.map((op) => `${op} x${placement.cpuOps[op]}`).join(', ')}` : null;
}

/** "Shape x4, Gather x2": what ORT ran on the CPU (shape arithmetic there is ORT's own choice). */
export function formatCpuOps(placement: Placement): string {
  const ops = Object.entries(placement.cpuOps).sort((x, y) => y[1] - x[1]);
  return ops.length === 0 ? 'none' : ops.map(([op, n]) => `${op} x${n}`).join(', ');
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return Number.NaN;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return dot / Math.sqrt(na * nb);
}

export interface KeyedVector {
  path: string;
  vector: number[];
}

/** Cosines of the vectors two runs stored for the same photos (matched by path), lowest first. */
export function matchedCosines(a: readonly KeyedVector[], b: readonly KeyedVector[]): { path: string; cosine: number }[] {
  const other = new Map(b.map((v) => [v.path, v.vector]));
  return a
    .flatMap((v) => {
      const w = other.get(v.path);
      return w ? [{ path: v.path, cosine: cosine(v.vector, w) }] : [];
    })
    .sort((x, y) => x.cosine - y.cosine);
}

export const MIN_DEVICE_COSINE = 0.999;

export interface Verdict {
  ok: boolean;
  problems: string[];
}

export interface VerdictInput {
  /** The provider the run was meant to use ('webgpu' for --device gpu on Linux). */
  expectedProvider: string;
  /** ClipModel.device of each product run on that device. */
  productDevices: string[];
  placement: Placement | null;
  /** GPU-vs-CPU cosines (stored vectors and bare-session samples); empty when not measured. */
  cosines: number[];
  /** Steps that failed or ran out of time, as "step: reason". */
  failures: string[];
}

/** A run proves its numbers only if every product run used the expected provider and agreed with the CPU. */
export function judgeRun(input: VerdictInput): Verdict {
  const problems = [...input.failures];
  if (input.productDevices.length === 0) problems.push('no product indexing run finished');
  for (const device of new Set(input.productDevices)) {
    if (device !== input.expectedProvider) problems.push(`the product indexed on ${device}, not ${input.expectedProvider} (a silent fallback)`);
  }
  if (!input.placement) problems.push('no node-placement log was read');
  else {
    const problem = placementProblem(input.placement, input.expectedProvider);
    if (problem) problems.push(problem);
  }
  const low = input.cosines.filter((c) => !(c >= MIN_DEVICE_COSINE));
  if (low.length > 0) problems.push(`embeddings differ from the CPU's: lowest cosine ${Math.min(...input.cosines).toFixed(6)} (needs ${MIN_DEVICE_COSINE})`);
  return { ok: problems.length === 0, problems };
}

/** One line of the table: a label and its figures (null: not measured). */
export interface TableRow {
  label: string;
  imagesPerSecond: number | null;
  detail: string;
}

export function formatTable(title: string, rows: readonly TableRow[], footer: readonly string[]): string {
  const width = Math.max(8, ...rows.map((r) => r.label.length));
  const lines = [title, `${'what'.padEnd(width)}  ${'img/s'.padStart(7)}  detail`];
  for (const r of rows) {
    const rate = r.imagesPerSecond === null ? '-' : r.imagesPerSecond.toFixed(1);
    lines.push(`${r.label.padEnd(width)}  ${rate.padStart(7)}  ${r.detail}`);
  }
  return [...lines, ...footer].join('\n');
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}
