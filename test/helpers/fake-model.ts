/**
 * A fake CLIP-family model for fast orchestrator tests (no ONNX): images embed by their mean
 * colour, texts by the colour words they contain, so "red" finds red photos the way a real model
 * would, and two fakes with different ids are two models over one library.
 * preprocess() really decodes (through the OpenedImage's sharp pipeline, 4x4 px), so broken files
 * fail as they do in the product.
 */
import type { ClipModel, LoadModelOptions } from '../../electron/core/embed/clip-model.js';
import type { ModelLoader } from '../../electron/core/model-slot.js';

/** Axes: red, green, blue, then a constant "photo-ness" axis every vector shares. */
const COLOUR_WORDS: Record<string, number> = { red: 0, green: 1, blue: 2 };
const DIM = 4;

function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const s = n > 0 ? 1 / Math.sqrt(n) : 0;
  return v.map((x) => x * s);
}

export interface FakeModelOptions {
  id?: string;
  dir?: string;
  /** Delay of each encodeImages call (lets a test act while indexing runs). */
  encodeDelayMs?: number;
  /** Languages the fake says its text tower reads (default: unknown). */
  languages?: readonly string[];
  /** Sessions open on the first encode or openSessions(), as the real model's (device null until then). */
  lazySessions?: boolean;
  /** Opening the sessions fails with this (a broken ONNX file); implies lazySessions. */
  openError?: Error;
}

export interface FakeModel extends ClipModel {
  readonly calls: { encodeImages: number; images: number; encodeTexts: number; sessionOpens: number };
}

export function createFakeModel(options: FakeModelOptions = {}): FakeModel {
  const calls = { encodeImages: 0, images: 0, encodeTexts: 0, sessionOpens: 0 };
  const id = options.id ?? 'fake-model';
  let open = !(options.lazySessions ?? options.openError !== undefined);
  const openSessions = async (): Promise<void> => {
    if (open) return;
    if (options.openError) throw options.openError;
    calls.sessionOpens++;
    open = true;
  };
  return {
    id,
    name: id,
    dir: options.dir ?? `/models/${id}`,
    dim: DIM,
    ...(options.languages ? { languages: options.languages } : {}),
    quantized: false,
    get device() {
      return open ? 'cpu' : null;
    },
    get providerAttempts() {
      return open ? [{ provider: 'cpu', ok: true }] : [];
    },
    get sessionsOpen() {
      return open;
    },
    calls,
    openSessions,
    tokenize: (text) => [0, ...[...text].map((c) => c.charCodeAt(0) % 97), 1],
    async encodeTexts(texts) {
      await openSessions();
      calls.encodeTexts++;
      return texts.map((t) => {
        const v = new Float32Array(DIM);
        v[3] = 0.2;
        for (const word of t.toLowerCase().split(/\W+/)) {
          const axis = COLOUR_WORDS[word];
          if (axis !== undefined) v[axis] = 1;
        }
        return normalise(v);
      });
    },
    async preprocess(image) {
      const { data } = await image.pipeline().resize(4, 4, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const mean = new Float32Array(3);
      for (let i = 0; i < data.length; i++) mean[i % 3] = (mean[i % 3] ?? 0) + (data[i] ?? 0) / 255 / 16;
      return mean;
    },
    async encodeImages(pixels) {
      await openSessions();
      calls.encodeImages++;
      calls.images += pixels.length;
      if (options.encodeDelayMs) await new Promise((r) => setTimeout(r, options.encodeDelayMs));
      return pixels.map((p) => {
        // Saturation-like: how much each channel stands above the others.
        const [r = 0, g = 0, b = 0] = p;
        const m = Math.min(r, g, b);
        return normalise(Float32Array.from([r - m, g - m, b - m, 0.2]));
      });
    },
    async dispose() {},
  };
}

/** A loader that gives one fake per model folder (id = folder's last name) and counts loads. */
export function fakeModelLoader(perDir: Record<string, FakeModelOptions> = {}): ModelLoader & { loads: string[]; models: Map<string, FakeModel> } {
  const loads: string[] = [];
  const models = new Map<string, FakeModel>();
  const loader = async (dir: string, _options: LoadModelOptions): Promise<ClipModel> => {
    loads.push(dir);
    const name = dir.split(/[\\/]/).pop() ?? dir;
    const model = createFakeModel({ id: name, dir, ...perDir[name] });
    models.set(name, model);
    return model;
  };
  return Object.assign(loader, { loads, models });
}
