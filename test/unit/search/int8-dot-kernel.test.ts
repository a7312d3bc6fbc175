/**
 * The hand-assembled WebAssembly kernel computes the same integer dot products as plain
 * arithmetic, for the row lengths CLIP models use and for padded short ones.
 */
import { describe, expect, it } from 'vitest';
import { BLOCK, createInt8DotKernel } from '../../../electron/core/search/accel/int8-dot-kernel.js';
import { queryCodeLimit } from '../../../electron/core/search/accel/quantize.js';

describe('int8 dot kernel', () => {
  for (const dim of [16, 48, 512, 768]) {
    it(`scores ${dim}-dim rows exactly as integer arithmetic does, extremes included`, () => {
      const n = 9 * BLOCK;
      const kernel = createInt8DotKernel(dim, Math.ceil((dim * 2 + n * dim + n * 4 + 64) / 65536));
      if (!kernel) throw new Error('this Node has no WebAssembly SIMD');
      const buf = kernel.memory.buffer;
      const q = new Int16Array(buf, 0, dim);
      const rowsPtr = dim * 2;
      const rows = new Int8Array(buf, rowsPtr, n * dim);
      const limit = queryCodeLimit(dim);
      let s = 7;
      const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
      for (let j = 0; j < dim; j++) q[j] = Math.round((rand() * 2 - 1) * limit);
      for (let i = 0; i < n * dim; i++) rows[i] = Math.round((rand() * 2 - 1) * 127);
      // Worst case for the int32 sum: a row of +127 against a query at the limit.
      q.fill(limit, 0, dim);
      rows.fill(127, 0, dim);
      rows.fill(-128, dim, 2 * dim);
      const outPtr = rowsPtr + n * dim;
      kernel.scan(0, rowsPtr, n, outPtr);
      const out = new Int32Array(kernel.memory.buffer, outPtr, n);
      for (let r = 0; r < n; r++) {
        let want = 0;
        for (let j = 0; j < dim; j++) want += (rows[r * dim + j] ?? 0) * (q[j] ?? 0);
        expect(out[r]).toBe(want);
      }
    });
  }
});
