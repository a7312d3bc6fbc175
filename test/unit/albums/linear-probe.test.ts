/**
 * The album probe's solver against a known solution: a small problem solved by Newton's method
 * (exact Hessian, done here independently), the zero-label case, and class separation.
 */
import { describe, expect, it } from 'vitest';
import { probeLogit, trainProbe, type ProbeExample } from '../../../electron/core/albums/linear-probe.js';

function newton(examples: ProbeExample[], w0: number[], b0: number, lambda: number, lambdaB: number): number[] {
  const d = w0.length;
  const theta = [...w0, b0];
  for (let it = 0; it < 50; it++) {
    const g = new Array<number>(d + 1).fill(0);
    const H = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (const ex of examples) {
      const xa = [...ex.x, 1];
      const z = xa.reduce((s, v, j) => s + v * (theta[j] ?? 0), 0);
      const p = 1 / (1 + Math.exp(ex.y * z));
      for (let j = 0; j <= d; j++) {
        g[j] = (g[j] ?? 0) - ex.c * ex.y * p * (xa[j] ?? 0);
        for (let k = 0; k <= d; k++) H[j]![k] = (H[j]![k] ?? 0) + ex.c * p * (1 - p) * (xa[j] ?? 0) * (xa[k] ?? 0);
      }
    }
    for (let j = 0; j <= d; j++) {
      const reg = j < d ? lambda : lambdaB;
      g[j] = (g[j] ?? 0) + reg * ((theta[j] ?? 0) - (j < d ? (w0[j] ?? 0) : b0));
      H[j]![j] = (H[j]![j] ?? 0) + reg;
    }
    // Solve H step = g by Gaussian elimination (tiny system).
    const A = H.map((row, i) => [...row, g[i] ?? 0]);
    for (let c = 0; c <= d; c++) {
      for (let r = c + 1; r <= d; r++) {
        const f = (A[r]![c] ?? 0) / (A[c]![c] ?? 1);
        for (let k = c; k <= d + 1; k++) A[r]![k] = (A[r]![k] ?? 0) - f * (A[c]![k] ?? 0);
      }
    }
    const step = new Array<number>(d + 1).fill(0);
    for (let r = d; r >= 0; r--) {
      let s = A[r]![d + 1] ?? 0;
      for (let k = r + 1; k <= d; k++) s -= (A[r]![k] ?? 0) * (step[k] ?? 0);
      step[r] = s / (A[r]![r] ?? 1);
    }
    for (let j = 0; j <= d; j++) theta[j] = (theta[j] ?? 0) - (step[j] ?? 0);
  }
  return theta;
}

const ex = (x: number[], y: 1 | -1, c = 1): ProbeExample => ({ x: Float32Array.from(x), y, c });

describe('linear probe', () => {
  it('with no labels it is exactly the zero-shot rule (w0, b0)', () => {
    const probe = trainProbe([], { w0: Float32Array.of(3, -1, 2), b0: -0.5, lambda: 1, lambdaBias: 1 });
    expect(Array.from(probe.w)).toEqual([3, -1, 2]);
    expect(probe.b).toBe(-0.5);
  });

  it('matches a Newton solution of the same regularised objective', () => {
    const examples = [
      ex([0.9, 0.1, 0.4], 1, 0.5), ex([0.8, -0.2, 0.5], 1, 0.5), ex([0.2, 0.9, 0.1], -1, 0.25),
      ex([-0.1, 0.7, 0.7], -1, 0.25), ex([0.5, 0.5, -0.7], -1, 0.25), ex([0.6, 0.3, 0.7], 1, 0.5), ex([0.1, 0.2, 0.97], -1, 0.25),
    ];
    const w0 = [2, -1, 0.5];
    const expected = newton(examples, w0, -0.3, 0.2, 0.05);
    const probe = trainProbe(examples, { w0: Float32Array.from(w0), b0: -0.3, lambda: 0.2, lambdaBias: 0.05 });
    const got = [...probe.w, probe.b];
    for (let j = 0; j < got.length; j++) expect(got[j]).toBeCloseTo(expected[j] ?? 0, 4);
  });

  it('labels that contradict the prior win once they are many', () => {
    const pos = Array.from({ length: 20 }, (_, i) => ex([0, 1, (i % 5) / 10], 1));
    const neg = Array.from({ length: 20 }, (_, i) => ex([1, 0, (i % 5) / 10], -1));
    const probe = trainProbe([...pos, ...neg], { w0: Float32Array.of(5, -5, 0), b0: 0, lambda: 0.1, lambdaBias: 0.1 });
    expect(probeLogit(probe, Float32Array.of(0, 1, 0.2))).toBeGreaterThan(0);
    expect(probeLogit(probe, Float32Array.of(1, 0, 0.2))).toBeLessThan(0);
  });
});
