/**
 * A per-album linear classifier on frozen image embeddings that starts at zero-shot (albums.md):
 *
 *   w0 = kappa t,  b0 = -kappa theta
 *   minimise  sum_i c_i log(1 + exp(-y_i (w.x_i + b)))  +  (lambda/2) |w - w0|^2  +  (lambdaB/2) (b - b0)^2
 *
 * With no labels the minimum is (w0, b0): exactly the zero-shot rule cos(x, t) > theta. As labels
 * grow, the data term dominates by itself. Solved with L-BFGS (lbfgs.ts).
 */
import { minimizeLbfgs } from './lbfgs.js';

export interface ProbeExample {
  x: Float32Array;
  /** +1 accepted, -1 rejected (or an unlabelled photo used as a weak negative). */
  y: 1 | -1;
  /** Weight of this example in the data term. */
  c: number;
}

export interface ProbePrior {
  w0: Float32Array;
  b0: number;
  lambda: number;
  lambdaBias: number;
}

export interface Probe {
  w: Float32Array;
  b: number;
  iterations: number;
}

/** log(1 + exp(z)) without overflow. */
function softplus(z: number): number {
  return z > 30 ? z : z < -30 ? Math.exp(z) : Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function trainProbe(examples: readonly ProbeExample[], prior: ProbePrior): Probe {
  const d = prior.w0.length;
  if (examples.length === 0) return { w: Float32Array.from(prior.w0), b: prior.b0, iterations: 0 };
  const start = new Float64Array(d + 1);
  for (let j = 0; j < d; j++) start[j] = prior.w0[j] ?? 0;
  start[d] = prior.b0;
  const result = minimizeLbfgs(
    (theta, grad) => {
      let value = 0;
      grad.fill(0);
      const b = theta[d] ?? 0;
      for (const ex of examples) {
        let z = b;
        for (let j = 0; j < d; j++) z += (theta[j] ?? 0) * (ex.x[j] ?? 0);
        const m = ex.y * z;
        value += ex.c * softplus(-m);
        // d/dz of c log(1 + exp(-y z)) = -c y sigma(-y z)
        const dz = -ex.c * ex.y * sigmoid(-m);
        for (let j = 0; j < d; j++) grad[j] = (grad[j] ?? 0) + dz * (ex.x[j] ?? 0);
        grad[d] = (grad[d] ?? 0) + dz;
      }
      for (let j = 0; j < d; j++) {
        const diff = (theta[j] ?? 0) - (prior.w0[j] ?? 0);
        value += 0.5 * prior.lambda * diff * diff;
        grad[j] = (grad[j] ?? 0) + prior.lambda * diff;
      }
      const db = b - prior.b0;
      value += 0.5 * prior.lambdaBias * db * db;
      grad[d] = (grad[d] ?? 0) + prior.lambdaBias * db;
      return value;
    },
    start,
    { maxIterations: 300, gradientTolerance: 1e-7 },
  );
  return { w: Float32Array.from(result.x.subarray(0, d)), b: result.x[d] ?? prior.b0, iterations: result.iterations };
}

export function probeLogit(probe: Pick<Probe, 'w' | 'b'>, x: Float32Array): number {
  let z = probe.b;
  for (let j = 0; j < probe.w.length; j++) z += (probe.w[j] ?? 0) * (x[j] ?? 0);
  return z;
}

export { sigmoid };
