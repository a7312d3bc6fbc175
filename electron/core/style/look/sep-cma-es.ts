/**
 * Separable CMA-ES (Ros & Hansen, "A Simple Modification in CMA-ES Achieving Linear Time and Space
 * Complexity", PPSN 2008): CMA-ES with a diagonal covariance, ask/tell, maximising, in a box.
 * Hand-written because npm has no maintained CMA-ES (no `cma-es` or `cmaes` package; the search
 * found only Python, R and Rust ones); with a dozen parameters and a few hundred evaluations the
 * diagonal variant learns per-parameter step sizes, which is what a bounded recipe needs, in ~100
 * lines. Constants are Hansen's defaults (The CMA Evolution Strategy: A Tutorial, 2016, table 1),
 * c1 and cmu scaled by (n + 2) / 3 as the paper does for the separable case.
 * Samples outside [-1, 1] are repaired by clamping (the clamped point is what is evaluated and told).
 */
import type { SeededRandom } from './seeded-random.js';

export interface SepCmaEsOptions {
  /** Start point (length n). */
  mean: ArrayLike<number>;
  /** Initial step size in the box's units. */
  sigma: number;
  populationSize: number;
  random: SeededRandom;
}

export class SepCmaEs {
  readonly n: number;
  readonly lambda: number;
  private readonly mu: number;
  private readonly weights: Float64Array;
  private readonly mueff: number;
  private readonly cc: number;
  private readonly cs: number;
  private readonly c1: number;
  private readonly cmu: number;
  private readonly damps: number;
  private readonly chiN: number;
  private readonly random: SeededRandom;
  private mean: Float64Array;
  private sigma: number;
  private readonly diag: Float64Array;
  private readonly ps: Float64Array;
  private readonly pc: Float64Array;
  private generation = 0;

  constructor(options: SepCmaEsOptions) {
    const n = options.mean.length;
    this.n = n;
    this.lambda = Math.max(2, options.populationSize);
    this.mu = Math.floor(this.lambda / 2);
    const raw = Float64Array.from({ length: this.mu }, (_, i) => Math.log(this.mu + 0.5) - Math.log(i + 1));
    const sum = raw.reduce((a, b) => a + b, 0);
    this.weights = raw.map((w) => w / sum);
    this.mueff = 1 / this.weights.reduce((a, w) => a + w * w, 0);
    const me = this.mueff;
    this.cc = (4 + me / n) / (n + 4 + (2 * me) / n);
    this.cs = (me + 2) / (n + me + 5);
    const sep = (n + 2) / 3;
    this.c1 = Math.min(1, (sep * 2) / ((n + 1.3) ** 2 + me));
    this.cmu = Math.min(1 - this.c1, (sep * 2 * (me - 2 + 1 / me)) / ((n + 2) ** 2 + me));
    this.damps = 1 + 2 * Math.max(0, Math.sqrt((me - 1) / (n + 1)) - 1) + this.cs;
    this.chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
    this.random = options.random;
    this.mean = Float64Array.from(options.mean);
    this.sigma = options.sigma;
    this.diag = new Float64Array(n).fill(1);
    this.ps = new Float64Array(n);
    this.pc = new Float64Array(n);
  }

  /** A new population (lambda points inside [-1, 1]^n). */
  ask(): Float64Array[] {
    return Array.from({ length: this.lambda }, () => {
      const x = new Float64Array(this.n);
      for (let j = 0; j < this.n; j++) {
        const v = (this.mean[j] ?? 0) + this.sigma * Math.sqrt(this.diag[j] ?? 1) * this.random.normal();
        x[j] = Math.min(1, Math.max(-1, v));
      }
      return x;
    });
  }

  /** Updates the distribution from the population ask() returned and each point's fitness (higher is better). */
  tell(population: readonly Float64Array[], fitness: readonly number[]): void {
    const n = this.n;
    const order = population.map((_, i) => i).sort((a, b) => (fitness[b] ?? -Infinity) - (fitness[a] ?? -Infinity));
    const ys = order.slice(0, this.mu).map((i) => {
      const x = population[i] ?? new Float64Array(n);
      return Float64Array.from(x, (v, j) => (v - (this.mean[j] ?? 0)) / this.sigma);
    });
    const yw = new Float64Array(n);
    ys.forEach((y, k) => {
      for (let j = 0; j < n; j++) yw[j] = (yw[j] ?? 0) + (this.weights[k] ?? 0) * (y[j] ?? 0);
    });
    this.generation++;
    this.mean = Float64Array.from(this.mean, (m, j) => m + this.sigma * (yw[j] ?? 0));
    const csNorm = Math.sqrt(this.cs * (2 - this.cs) * this.mueff);
    let psNorm2 = 0;
    for (let j = 0; j < n; j++) {
      const v = (1 - this.cs) * (this.ps[j] ?? 0) + (csNorm * (yw[j] ?? 0)) / Math.sqrt(this.diag[j] ?? 1);
      this.ps[j] = v;
      psNorm2 += v * v;
    }
    const psNorm = Math.sqrt(psNorm2);
    const hsig = psNorm / Math.sqrt(1 - (1 - this.cs) ** (2 * this.generation)) / this.chiN < 1.4 + 2 / (n + 1) ? 1 : 0;
    const ccNorm = Math.sqrt(this.cc * (2 - this.cc) * this.mueff);
    for (let j = 0; j < n; j++) {
      const pc = (1 - this.cc) * (this.pc[j] ?? 0) + hsig * ccNorm * (yw[j] ?? 0);
      this.pc[j] = pc;
      let rankMu = 0;
      ys.forEach((y, k) => (rankMu += (this.weights[k] ?? 0) * (y[j] ?? 0) ** 2));
      const c = this.diag[j] ?? 1;
      this.diag[j] = (1 - this.c1 - this.cmu) * c + this.c1 * (pc * pc + (1 - hsig) * this.cc * (2 - this.cc) * c) + this.cmu * rankMu;
    }
    this.sigma *= Math.exp((this.cs / this.damps) * (psNorm / this.chiN - 1));
  }

  get stepSize(): number {
    return this.sigma;
  }
}
