import { describe, expect, it } from 'vitest';
import {
  cosine,
  formatCpuOps,
  judgeRun,
  matchedCosines,
  parsePlacementLog,
  placementProblem,
  type VerdictInput,
} from '../../../tools/bench/gpu-bench-report.js';

// Lines as onnxruntime-node 1.30 writes them at verbose severity (session_state.cc).
const V = '2026-12-03 13:50:47.141 [V:onnxruntime:, session_state.cc:1380 VerifyEachNodeIsAssignedToAnEp]';
const ALL_CPU = [`${V} Node placements`, `${V}  All nodes placed on [CPUExecutionProvider]. Number of nodes: 12`].join('\n');
const MIXED = [
  '2026-12-03 13:50:47.100 [I:onnxruntime:, transformer_memcpy.cc:393 AddCopyNode] Add MemcpyFromHost after x',
  `${V} Node placements`,
  `${V}  Node(s) placed on [WebGpuExecutionProvider]. Number of nodes: 400`,
  `${V}   MatMul (/layers.0/mlp/MatMul)`,
  `${V}  Node(s) placed on [CPUExecutionProvider]. Number of nodes: 3`,
  `${V}   Shape (/Shape)`,
  `${V}   Gather (/Gather)`,
  `${V}   Shape (/Shape_1)`,
].join('\n');
const HEAVY_ON_CPU = `${MIXED}\n${V}   MatMul (/layers.3/self_attn/MatMul)`;

const goodRun: VerdictInput = {
  expectedProvider: 'webgpu',
  productDevices: ['webgpu', 'webgpu'],
  placement: parsePlacementLog(MIXED),
  cosines: [0.99999, 1],
  failures: [],
};

describe('parsePlacementLog', () => {
  it('counts the nodes of a graph placed on one provider', () => {
    expect(parsePlacementLog(ALL_CPU)).toEqual({ byProvider: { CPUExecutionProvider: 12 }, cpuOps: {} });
  });

  it('counts nodes per provider and the op types left on the CPU', () => {
    expect(parsePlacementLog(MIXED)).toEqual({
      byProvider: { WebGpuExecutionProvider: 400, CPUExecutionProvider: 3 },
      cpuOps: { Shape: 2, Gather: 1 },
    });
  });

  it('finds nothing in a log without placement lines', () => {
    expect(parsePlacementLog('Error: no adapter\n')).toEqual({ byProvider: {}, cpuOps: {} });
  });
});

describe('placementProblem', () => {
  it('accepts shape ops on the CPU beside a GPU graph', () => {
    expect(placementProblem(parsePlacementLog(MIXED), 'webgpu')).toBeNull();
  });

  it('reports a heavy op that fell back to the CPU', () => {
    expect(placementProblem(parsePlacementLog(HEAVY_ON_CPU), 'webgpu')).toMatch(/MatMul x1/);
  });

  it('reports a graph with no node on the provider asked for', () => {
    expect(placementProblem(parsePlacementLog(ALL_CPU), 'webgpu')).toMatch(/no node was placed on WebGpuExecutionProvider \(CPUExecutionProvider 12\)/);
  });

  it('accepts an all-CPU graph when the CPU was asked for', () => {
    expect(placementProblem(parsePlacementLog(ALL_CPU), 'cpu')).toBeNull();
  });
});

describe('cosine and matchedCosines', () => {
  it('is 1 for parallel vectors and 0 for orthogonal ones', () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosine([1, 0], [0, 5])).toBe(0);
  });

  it('is NaN for vectors of different length', () => {
    expect(cosine([1, 2], [1, 2, 3])).toBeNaN();
  });

  it('pairs vectors by photo path and lists the lowest first', () => {
    const gpu = [
      { path: '/p/b.jpg', vector: [1, 0] },
      { path: '/p/a.jpg', vector: [1, 1] },
      { path: '/p/only-gpu.jpg', vector: [1, 1] },
    ];
    const cpu = [
      { path: '/p/a.jpg', vector: [1, 0] },
      { path: '/p/b.jpg', vector: [1, 0] },
    ];
    const result = matchedCosines(gpu, cpu);
    expect(result.map((r) => r.path)).toEqual(['/p/a.jpg', '/p/b.jpg']);
    expect(result[0]?.cosine).toBeCloseTo(Math.SQRT1_2, 12);
    expect(result[1]?.cosine).toBe(1);
  });
});

describe('judgeRun', () => {
  it('passes a run on the provider asked for that agrees with the CPU', () => {
    expect(judgeRun(goodRun)).toEqual({ ok: true, problems: [] });
  });

  it('fails a product run that fell back to the CPU', () => {
    const verdict = judgeRun({ ...goodRun, productDevices: ['webgpu', 'cpu'] });
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual(['the product indexed on cpu, not webgpu (a silent fallback)']);
  });

  it('fails when no product run finished', () => {
    expect(judgeRun({ ...goodRun, productDevices: [] }).problems).toContain('no product indexing run finished');
  });

  it('fails embeddings that disagree with the CPU, and a NaN cosine', () => {
    expect(judgeRun({ ...goodRun, cosines: [1, 0.98] }).problems).toEqual(['embeddings differ from the CPU\'s: lowest cosine 0.980000 (needs 0.999)']);
    expect(judgeRun({ ...goodRun, cosines: [Number.NaN] }).ok).toBe(false);
  });

  it('fails without a placement log, and keeps the failed steps', () => {
    const verdict = judgeRun({ ...goodRun, placement: null, failures: ['bare: cut at the time budget'] });
    expect(verdict.problems).toEqual(['bare: cut at the time budget', 'no node-placement log was read']);
  });
});

describe('formatCpuOps', () => {
  it('lists the CPU-placed op types, most frequent first', () => {
    expect(formatCpuOps(parsePlacementLog(MIXED))).toBe('Shape x2, Gather x1');
    expect(formatCpuOps(parsePlacementLog(ALL_CPU))).toBe('none');
  });
});
