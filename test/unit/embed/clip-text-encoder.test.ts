import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { ClipTextEncoder } from '../../../electron/core/embed/clip/clip-text-encoder.js';
import type { OnnxSession } from '../../../electron/core/onnx/onnx-session.js';

/** Records feeds and answers with a [batch, dim] tensor whose rows are (row + 1) * (1, 0, 0, ...). */
function fakeTextSession(inputs: { name: string; type: 'int64' | 'int32' }[], outputName = 'text_embeds', dim = 4) {
  const feeds: InferenceSession.FeedsType[] = [];
  const session: OnnxSession = {
    inputNames: inputs.map((i) => i.name),
    outputNames: [outputName],
    inputMetadata: inputs.map((i) => ({ name: i.name, isTensor: true, type: i.type, shape: ['batch', 'sequence'] })),
    run: async (f) => {
      feeds.push(f);
      const batch = Number(f.input_ids?.dims[0] ?? 0);
      const data = new Float32Array(batch * dim);
      for (let r = 0; r < batch; r++) data[r * dim] = r + 1;
      return { [outputName]: new Tensor('float32', data, [batch, dim]) };
    },
    release: async () => {},
  };
  return { session, feeds };
}

describe('ClipTextEncoder', () => {
  it('feeds int64 input_ids padded to the longest sequence, with a matching attention_mask', async () => {
    const { session, feeds } = fakeTextSession([{ name: 'input_ids', type: 'int64' }, { name: 'attention_mask', type: 'int64' }]);
    const encoder = new ClipTextEncoder(session, { padId: 9, dim: 4 });
    await encoder.encode([[1, 5, 2], [1, 2]]);
    const f = feeds[0];
    expect(f?.input_ids?.type).toBe('int64');
    expect(f?.input_ids?.dims).toEqual([2, 3]);
    expect(f?.input_ids?.data).toEqual(BigInt64Array.from([1n, 5n, 2n, 1n, 2n, 9n]));
    expect(f?.attention_mask?.data).toEqual(BigInt64Array.from([1n, 1n, 1n, 1n, 1n, 0n]));
  });

  it('feeds only input_ids to a model without attention_mask, as int32 when the model asks for it', async () => {
    const { session, feeds } = fakeTextSession([{ name: 'input_ids', type: 'int32' }]);
    await new ClipTextEncoder(session, { padId: 0, dim: 4 }).encode([[1, 2]]);
    expect(Object.keys(feeds[0] ?? {})).toEqual(['input_ids']);
    expect(feeds[0]?.input_ids?.data).toEqual(Int32Array.from([1, 2]));
  });

  it('returns one L2-normalised vector per text', async () => {
    const { session } = fakeTextSession([{ name: 'input_ids', type: 'int64' }]);
    const out = await new ClipTextEncoder(session, { padId: 0, dim: 4 }).encode([[1], [1], [1]]);
    expect(out.map((v) => Array.from(v))).toEqual([[1, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0]]);
  });

  it('reads a single output of another name', async () => {
    const { session } = fakeTextSession([{ name: 'input_ids', type: 'int64' }], 'last_hidden_pooled');
    expect(await new ClipTextEncoder(session, { padId: 0, dim: 4 }).encode([[1]])).toHaveLength(1);
  });

  it('refuses a model with inputs it cannot feed', () => {
    const { session } = fakeTextSession([{ name: 'input_ids', type: 'int64' }, { name: 'position_ids', type: 'int64' }]);
    expect(() => new ClipTextEncoder(session, { padId: 0, dim: 4 })).toThrow(/cannot feed: position_ids/);
  });

  it('reports an output size that differs from projection_dim', async () => {
    const { session } = fakeTextSession([{ name: 'input_ids', type: 'int64' }], 'text_embeds', 8);
    await expect(new ClipTextEncoder(session, { padId: 0, dim: 4 }).encode([[1]])).rejects.toThrow(/shape \[1, 8\], expected \[1, 4\]/);
  });

  it('runs nothing for an empty batch', async () => {
    const { session, feeds } = fakeTextSession([{ name: 'input_ids', type: 'int64' }]);
    expect(await new ClipTextEncoder(session, { padId: 0, dim: 4 }).encode([])).toEqual([]);
    expect(feeds).toHaveLength(0);
  });
});
