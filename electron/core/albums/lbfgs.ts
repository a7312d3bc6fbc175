/**
 * Limited-memory BFGS minimiser (Nocedal & Wright, Numerical Optimization, 2nd ed., algorithms 7.4
 * and 7.5 with a backtracking Armijo line search). Hand-written on purpose: the npm candidates
 * (ml-logistic-regression, ml-matrix) have no prior-centred regularisation, and a Newton step
 * needs a d x d solve (d = 512..1024: ~45 MFLOP per step in JS, too slow for a correction that
 * must feel instant); L-BFGS needs only gradients, O(n d) per step. Tested against a Newton
 * solution in test/unit/albums/linear-probe.test.ts.
 */

/** Returns f(x) and writes the gradient into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** History pairs kept (default 8). */
  memory?: number;
  maxIterations?: number;
  /** Stop when the gradient's infinity norm falls below this (default 1e-6). */
  gradientTolerance?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

function dotp(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

export function minimizeLbfgs(f: Objective, start: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const n = start.length;
  const memory = options.memory ?? 8;
  const maxIterations = options.maxIterations ?? 200;
  const tol = options.gradientTolerance ?? 1e-6;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let fx = f(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Array<number>(memory).fill(0);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    if (maxAbs(g) < tol) return { x, value: fx, iterations, converged: true };
    // Two-loop recursion: d = -H g.
    d.set(g);
    for (let i = s.length - 1; i >= 0; i--) {
      const si = s[i] ?? d;
      const yi = y[i] ?? d;
      const a = (rho[i] ?? 0) * dotp(si, d);
      alpha[i] = a;
      for (let j = 0; j < n; j++) d[j] = (d[j] ?? 0) - a * (yi[j] ?? 0);
    }
    const last = s.length - 1;
    const gamma = last >= 0 ? dotp(s[last] ?? d, y[last] ?? d) / dotp(y[last] ?? d, y[last] ?? d) : 1 / Math.max(1, maxAbs(g));
    for (let j = 0; j < n; j++) d[j] = (d[j] ?? 0) * gamma;
    for (let i = 0; i < s.length; i++) {
      const b = (rho[i] ?? 0) * dotp(y[i] ?? d, d);
      const si = s[i] ?? d;
      const coef = (alpha[i] ?? 0) - b;
      for (let j = 0; j < n; j++) d[j] = (d[j] ?? 0) + coef * (si[j] ?? 0);
    }
    for (let j = 0; j < n; j++) d[j] = -(d[j] ?? 0);
    let slope = dotp(g, d);
    if (slope >= 0) {
      // Not a descent direction (curvature went bad): restart from steepest descent.
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      for (let j = 0; j < n; j++) d[j] = -(g[j] ?? 0) / Math.max(1, maxAbs(g));
      slope = dotp(g, d);
    }
    // Backtracking line search with the Armijo condition.
    let step = 1;
    let fNew = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < n; j++) xNew[j] = (x[j] ?? 0) + step * (d[j] ?? 0);
      fNew = f(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < fx) && !(fNew <= fx)) return { x, value: fx, iterations, converged: false };
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      sk[j] = (xNew[j] ?? 0) - (x[j] ?? 0);
      yk[j] = (gNew[j] ?? 0) - (g[j] ?? 0);
    }
    const sy = dotp(sk, yk);
    if (sy > 1e-12) {
      if (s.length === memory) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    const improvement = fx - fNew;
    x = Float64Array.from(xNew);
    g = Float64Array.from(gNew);
    fx = fNew;
    if (improvement <= 1e-12 * Math.max(1, Math.abs(fx))) return { x, value: fx, iterations: iterations + 1, converged: maxAbs(g) < tol * 10 };
  }
  return { x, value: fx, iterations, converged: maxAbs(g) < tol };
}
