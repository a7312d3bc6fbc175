/**
 * How a photo is cut into network-sized tiles, and how overlapping tiles are blended back
 * (feathered: linear ramps across each overlap, normalised so the weights of every pixel sum to 1).
 * Pure arithmetic; the runner (style-network-runner.ts) follows the plan band by band, so its
 * working memory is one band of float rows, whatever the photo's height.
 */

export interface TileSpan {
  start: number;
  length: number;
}

export interface TilePlanOptions {
  /** Tile size the network runs at (a fixed model's input size, or the chosen size for a dynamic one). */
  tileWidth: number;
  tileHeight: number;
  /** Pixels shared by neighbouring tiles, blended with a feathered ramp. */
  overlap: number;
}

export interface TilePlan {
  width: number;
  height: number;
  /** Size of the tensor the network is fed (a fixed model's input; tiles smaller than it are padded). */
  tileWidth: number;
  tileHeight: number;
  overlap: number;
  columns: TileSpan[];
  rows: TileSpan[];
  /** Per-column weights (length = span length); at every x the weights of the columns covering it sum to 1. */
  columnWeights: Float32Array[];
  rowWeights: Float32Array[];
  /** Bytes of the float accumulator for one band of rows (width x tile height x 3 x 4). */
  bandBytes: number;
  /** Bytes of one input plus one output tensor (2 x 3 x tile x tile x 4). */
  tensorBytes: number;
}

/**
 * Spans of at most `tile` covering [0, length), neighbours sharing at least `overlap`, spread
 * evenly (the last one ends exactly at `length`, none hangs over the edge).
 */
export function planSpans(length: number, tile: number, overlap: number): TileSpan[] {
  if (length <= tile) return [{ start: 0, length }];
  const stride = tile - overlap;
  if (stride <= 0) throw new Error(`Tile overlap ${overlap} must be smaller than the tile (${tile})`);
  const count = Math.ceil((length - overlap) / stride);
  const spans: TileSpan[] = [];
  for (let i = 0; i < count; i++) {
    spans.push({ start: Math.round((i * (length - tile)) / (count - 1)), length: tile });
  }
  return spans;
}

/**
 * Each span ramps linearly from ~0 to 1 over `overlap` pixels at an edge it shares with a
 * neighbour (photo borders stay at 1), then every position is divided by the sum over spans, so
 * overlaps blend smoothly and flat regions are reproduced exactly.
 */
export function featherWeights(spans: readonly TileSpan[], length: number, overlap: number): Float32Array[] {
  const raw = spans.map((span, i) => {
    const w = new Float32Array(span.length);
    const rampIn = i > 0 && overlap > 0;
    const rampOut = i < spans.length - 1 && overlap > 0;
    for (let k = 0; k < span.length; k++) {
      let v = 1;
      if (rampIn) v = Math.min(v, (k + 0.5) / overlap);
      if (rampOut) v = Math.min(v, (span.length - k - 0.5) / overlap);
      w[k] = v;
    }
    return w;
  });
  const sum = new Float32Array(length);
  spans.forEach((span, i) => raw[i]?.forEach((v, k) => (sum[span.start + k] = (sum[span.start + k] ?? 0) + v)));
  spans.forEach((span, i) => {
    const w = raw[i];
    if (!w) return;
    for (let k = 0; k < span.length; k++) w[k] = (w[k] ?? 0) / (sum[span.start + k] ?? 1);
  });
  return raw;
}

export function planTiles(width: number, height: number, options: TilePlanOptions): TilePlan {
  const { tileWidth, tileHeight, overlap } = options;
  const columns = planSpans(width, tileWidth, overlap);
  const rows = planSpans(height, tileHeight, overlap);
  const bandRows = Math.min(height, tileHeight);
  return {
    width,
    height,
    tileWidth,
    tileHeight,
    overlap,
    columns,
    rows,
    columnWeights: featherWeights(columns, width, overlap),
    rowWeights: featherWeights(rows, height, overlap),
    bandBytes: width * bandRows * 3 * 4,
    tensorBytes: 2 * 3 * tileWidth * tileHeight * 4,
  };
}
