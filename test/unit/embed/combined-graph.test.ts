import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { ClipImageEncoder } from '../../../electron/core/embed/clip/clip-image-encoder.js';
import { ClipTextEncoder } from '../../../electron/core/embed/clip/clip-text-encoder.js';
import {
  checkCombinedGraph,
  dummyPixelFeeds,
  textTowerView,
  visionTowerView,
} from '../../../electron/core/embed/combined-graph.js';
import type { OnnxSession } from '../../../electron/core/onnx/onnx-session.js';

const SIZE = { width: 4, height: 2 };
const DIM = 3;

/**
 * A combined graph like published Chinese-CLIP exports: BERT-style text inputs (with
 * token_type_ids) and pixel_values; refuses an empty batch on either side, as real exports do.
 */
function fakeCombinedSession(inputs: string[]) {
  const feeds: InferenceSession.FeedsType[] = [];
  const rows = (f: InferenceSession.FeedsType, name: string): number => Number(f[name]?.dims[0] ?? 0);
  const session: OnnxSession = {
    inputNames: inputs,
    outputNames: ['text_embeds', 'image_embeds'],
    inputMetadata: inputs.map((name) => ({ name, isTensor: true, type: name === 'pixel_values' ? 'float32' : 'int64', shape: [] })),
    run: async (f) => {
      feeds.push(f);
      const missing = inputs.filter((n) => !(n in f));
      if (missing.length > 0) throw new Error(`missing inputs ${missing.join(', ')}`);
      const texts = rows(f, 'input_ids');
      const images = rows(f, 'pixel_values');
      if (texts === 0 || images === 0) throw new Error('Reshape: requested shape:{0,64,-1}');
      const out = (n: number) => new Tensor('float32', new Float32Array(n * DIM).fill(1), [n, DIM]);
      return { text_embeds: out(texts), image_embeds: out(images) };
    },
    release: async () => {},
  };
  return { session, feeds };
}

const BERT_INPUTS = { input_ids: 'ids', attention_mask: 'mask', token_type_ids: 'zeros' } as const;

describe('combined graph tower views', () => {
  it('encodes texts with exactly the inputs the graph lists, token types as zeros, and a one-image dummy', async () => {
    const { session, feeds } = fakeCombinedSession(['input_ids', 'attention_mask', 'token_type_ids', 'pixel_values']);
    const text = new ClipTextEncoder(textTowerView(session, dummyPixelFeeds(SIZE)), { padId: 0, dim: DIM, inputRoles: BERT_INPUTS });
    expect(await text.encode([[101, 7, 102], [101, 102]])).toHaveLength(2);
    const f = feeds[0];
    expect(Object.keys(f ?? {}).sort()).toEqual(['attention_mask', 'input_ids', 'pixel_values', 'token_type_ids']);
    expect(f?.token_type_ids?.data).toEqual(new BigInt64Array(6));
    expect(f?.attention_mask?.data).toEqual(BigInt64Array.from([1n, 1n, 1n, 1n, 1n, 0n]));
    expect(f?.pixel_values?.dims).toEqual([1, 3, SIZE.height, SIZE.width]);
  });

  it('encodes images with a one-token dummy text built for the same inputs', async () => {
    const { session, feeds } = fakeCombinedSession(['input_ids', 'attention_mask', 'token_type_ids', 'pixel_values']);
    const text = new ClipTextEncoder(textTowerView(session, dummyPixelFeeds(SIZE)), { padId: 0, dim: DIM, inputRoles: BERT_INPUTS });
    const image = new ClipImageEncoder(visionTowerView(session, text.feeds([[0]])), { size: SIZE, dim: DIM });
    const per = 3 * SIZE.width * SIZE.height;
    expect(await image.encode([new Float32Array(per), new Float32Array(per)])).toHaveLength(2);
    const f = feeds[0];
    expect(f?.pixel_values?.dims).toEqual([2, 3, SIZE.height, SIZE.width]);
    for (const name of ['input_ids', 'attention_mask', 'token_type_ids']) expect(f?.[name]?.dims, name).toEqual([1, 1]);
  });

  it('shows each tower only its own inputs, so CLIP text feeds stay as they are', () => {
    const { session } = fakeCombinedSession(['input_ids', 'attention_mask', 'pixel_values']);
    expect(textTowerView(session, dummyPixelFeeds(SIZE)).inputNames).toEqual(['input_ids', 'attention_mask']);
    expect(visionTowerView(session, {}).inputNames).toEqual(['pixel_values']);
  });

  it('refuses a graph without pixel_values or without text inputs, listing its inputs', () => {
    expect(() => checkCombinedGraph(fakeCombinedSession(['input_ids', 'images']).session)).toThrow(/pixel_values.*inputs: input_ids, images/);
    expect(() => checkCombinedGraph(fakeCombinedSession(['pixel_values']).session)).toThrow(/text inputs/);
  });
});
