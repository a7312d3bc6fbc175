/**
 * The scan kernel of the search accelerator: int8 rows x int16 query -> one int32 dot per row,
 * in WebAssembly SIMD (128-bit), assembled here from bytes because no WebAssembly toolchain
 * (wabt, emscripten) is available offline. The module is ~150 bytes; every opcode is named below.
 *
 * Why WASM: V8 does not vectorise a JavaScript loop, and the scan is the whole cost of a query.
 * Measured here (2 vCPU, busy; docs/benchmarks.md "Search at scale"), 100k x 512 rows in one run:
 * JS float32 loop (unrolled x4) 75-90 ms, JS int8 loop 65-105 ms, this kernel 5-6 ms.
 *
 * Rows are int8 (per-row scale kept outside), the query int16 (scale 32767 / max|q|): products
 * fit in i16 x i16 -> i32 (`i32x4.dot_i16x8_s`) and 512 dims sum to at most 127 * 32767 * 512 =
 * 2.1e9 < 2^31, so dims up to 512 cannot overflow; longer rows are scanned in 512-dim slices.
 */

/** Query and rows live in this memory; the caller grows it and places the arrays. */
export interface Int8DotKernel {
  readonly memory: WebAssembly.Memory;
  /** Row length the module was assembled for (baked into its load offsets). */
  readonly dim: number;
  /**
   * out[r] = sum_j rows[r * dim + j] * query[j] for r in [0, n). Pointers are byte offsets into
   * memory: query int16 (dim values), rows int8 (n * dim), out int32 (n); n a multiple of BLOCK
   * (pad with zero rows).
   */
  scan(queryPtr: number, rowsPtr: number, n: number, outPtr: number): void;
}

const SIMD = 0xfd;
const op = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Store: 0x36,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Shl: 0x74,
  void: 0x40,
  i32: 0x7f,
  v128: 0x7b,
} as const;
// SIMD opcodes (after the 0xfd prefix, LEB128): WebAssembly SIMD proposal, final opcode table.
const simd = {
  load: [SIMD, 0x00],
  const: [SIMD, 0x0c],
  extractLaneI32x4: [SIMD, 0x1b],
  extendLowI8x16S: [SIMD, 0x87, 0x01],
  extendHighI8x16S: [SIMD, 0x88, 0x01],
  addI32x4: [SIMD, 0xae, 0x01],
  dotI16x8S: [SIMD, 0xba, 0x01],
} as const;

// Parameters and locals of scan.
const Q = 0;
const ROWS = 1;
const N = 2;
const OUT = 3;
const J = 4;
const QP = 5;
/**
 * Rows scored per pass: each query load serves BLOCK rows. 100k x 512, interleaved runs here
 * (busy): 1 row 12-15 ms, 2 rows 7.0, 4 rows 5.9-6.5, 8 rows 5.2-6.1 (min 3.4), 16 rows 6.7-7.7
 * (accumulators spill past the 16 SIMD registers).
 */
export const BLOCK = 8;
const ACC = 6; // 6 .. 6 + BLOCK - 1: one accumulator per row of a block
const QLO = ACC + BLOCK;
const QHI = QLO + 1;
const V = QHI + 1;

function get(i: number): number[] {
  return [op.localGet, i];
}

/** Row i of the block: acc_i += dot(low(v), qlo) + dot(high(v), qhi), v = rows[i * dim + j .. +16]. */
function rowStep(i: number, dim: number): number[] {
  return [
    ...get(ACC + i),
    ...get(ROWS), ...get(J), op.i32Add, ...simd.load, 0, ...uleb(i * dim), op.localTee, V,
    ...simd.extendLowI8x16S, ...get(QLO), ...simd.dotI16x8S, ...simd.addI32x4,
    ...get(V), ...simd.extendHighI8x16S, ...get(QHI), ...simd.dotI16x8S, ...simd.addI32x4,
    op.localSet, ACC + i,
  ];
}

function storeSum(i: number): number[] {
  const lane = (l: number) => [...get(ACC + i), ...simd.extractLaneI32x4, l];
  return [...get(OUT), ...lane(0), ...lane(1), op.i32Add, ...lane(2), op.i32Add, ...lane(3), op.i32Add, op.i32Store, 2, ...uleb(i * 4)];
}

function scanBody(dim: number): number[] {
  const zero = [...simd.const, ...new Array<number>(16).fill(0)];
  const blockRows = Array.from({ length: BLOCK }, (_, i) => i);
  return [
    op.block, op.void,
    ...get(N), op.i32Eqz, op.brIf, 0,
    op.loop, op.void,
    ...blockRows.flatMap((i) => [...zero, op.localSet, ACC + i]),
    op.i32Const, 0, op.localSet, J,
    op.loop, op.void,
    ...get(Q), ...get(J), op.i32Const, 1, op.i32Shl, op.i32Add, op.localTee, QP,
    ...simd.load, 0, 0, op.localSet, QLO,
    ...get(QP), ...simd.load, 0, 16, op.localSet, QHI,
    ...blockRows.flatMap((i) => rowStep(i, dim)),
    ...get(J), op.i32Const, 16, op.i32Add, op.localTee, J, op.i32Const, ...sleb(dim), op.i32LtU, op.brIf, 0,
    op.end,
    ...blockRows.flatMap(storeSum),
    ...get(OUT), op.i32Const, ...sleb(4 * BLOCK), op.i32Add, op.localSet, OUT,
    ...get(ROWS), op.i32Const, ...sleb(BLOCK * dim), op.i32Add, op.localSet, ROWS,
    ...get(N), op.i32Const, BLOCK, op.i32Sub, op.localTee, N, op.brIf, 0,
    op.end,
    op.end,
    op.end,
  ];
}

function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** The module's bytes for one row length: imports env.mem (memory), exports scan(q, rows, n, out). */
export function int8DotModuleBytes(dim: number): Uint8Array {
  const fnType = [0x60, 4, op.i32, op.i32, op.i32, op.i32, 0];
  const locals = [2, 2, op.i32, BLOCK + 3, op.v128];
  const body = [...locals, ...scanBody(dim)];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, ...fnType]),
    ...section(2, [1, ...name('env'), ...name('mem'), 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('scan'), 0x00, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

const compiled = new Map<number, WebAssembly.Module | null>();

/**
 * The kernel for rows of `dim` int8 values over a fresh memory of `initialPages` x 64 KiB, or null
 * where WebAssembly SIMD is missing (callers then scan in JavaScript). dim: a multiple of 16.
 */
export function createInt8DotKernel(dim: number, initialPages = 1): Int8DotKernel | null {
  if (dim <= 0 || dim % 16 !== 0) return null;
  let module = compiled.get(dim);
  if (module === undefined) {
    const bytes = int8DotModuleBytes(dim);
    module = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    compiled.set(dim, module);
  }
  if (!module) return null;
  // 65536 pages = 4 GiB, the wasm32 limit: 1M x 512 int8 rows need ~8,000.
  const memory = new WebAssembly.Memory({ initial: initialPages, maximum: 65536 });
  const instance = new WebAssembly.Instance(module, { env: { mem: memory } });
  const scan = instance.exports.scan;
  if (typeof scan !== 'function') return null;
  return {
    memory,
    dim,
    scan: (queryPtr, rowsPtr, n, outPtr) => {
      scan(queryPtr, rowsPtr, n, outPtr);
    },
  };
}
