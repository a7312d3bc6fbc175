/**
 * Each tower opens on its own first use (issue 14, goal 5), so each gets its own provider
 * self-check: the tower that opens first chooses the provider, the second tries only that one and
 * falls back to CPU alone when it fails there (embed/clip-runtime.ts, header). No GPU is needed:
 * onnx/create-session.ts is mocked so a "GPU" session is a CPU session of the same real fixture
 * file, optionally computing wrong image embeddings (a provider that initialises and still
 * computes garbage) or failing to start (no adapter).
 */
import path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CoreError } from '../../electron/core/core-error.js';
import type { ClipModel } from '../../electron/core/embed/clip-model.js';
import { identifyClipModel } from '../../electron/core/embed/identify-clip-model.js';
import type * as CreateSessionModule from '../../electron/core/onnx/create-session.js';
import { gpuProvidersFor } from '../../electron/core/onnx/execution-providers.js';
import type { DeviceChoice } from '../../electron/core/onnx/device-choice.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

type GpuBehaviour = 'works' | 'wrong-images' | 'unavailable';
const fake = vi.hoisted(() => ({ gpu: 'works' as GpuBehaviour, created: [] as string[] }));

/** Flips the sign of every other value: an embedding nearly orthogonal to the right one. */
function garble(outputs: InferenceSession.ReturnType): InferenceSession.ReturnType {
  for (const tensor of Object.values(outputs)) {
    const { data } = tensor;
    if (data instanceof Float32Array) for (let i = 1; i < data.length; i += 2) data[i] = -(data[i] ?? 0);
  }
  return outputs;
}

vi.mock('../../electron/core/onnx/create-session.js', async (importOriginal) => {
  const real = await importOriginal<typeof CreateSessionModule>();
  const createSession: typeof real.createSession = async (file, provider, options) => {
    fake.created.push(`${path.basename(file)}@${provider}`);
    if (provider === 'cpu') return real.createSession(file, provider, options);
    if (fake.gpu === 'unavailable') throw new Error('Failed to get a WebGPU adapter');
    const session = await real.createSession(file, 'cpu', options);
    if (fake.gpu === 'works' || !file.endsWith('vision_model.onnx')) return session;
    // The real session with run() garbled; every other member is the session's own.
    return new Proxy(session, {
      get(target, prop) {
        if (prop === 'run') return async (feeds: InferenceSession.FeedsType) => garble(await target.run(feeds));
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  return { ...real, createSession };
});

const GPU = gpuProvidersFor(process.platform)[0];
const IMAGE = new Float32Array(3 * 224 * 224).map((_, i) => Math.sin(i / 97));

describe.skipIf(GPU === undefined)('each tower checks its own provider', () => {
  const models: ClipModel[] = [];
  const identify = async (device: DeviceChoice): Promise<ClipModel> => {
    fake.created.length = 0;
    const model = await identifyClipModel(FIXTURE_MODEL_DIR, { device, threads: 1, upscaleWorkers: 0 });
    models.push(model);
    return model;
  };
  afterEach(async () => {
    await Promise.all(models.splice(0).map((m) => m.dispose()));
  });

  it('the first tower chooses the GPU after its self-check; the second tries only that GPU and keeps it', async () => {
    fake.gpu = 'works';
    const model = await identify('auto');
    await model.encodeTexts(['a red circle']);
    // The CPU session is the self-check reference, released once the GPU agrees.
    expect(fake.created).toEqual([`text_model.onnx@${GPU}`, 'text_model.onnx@cpu']);
    expect(model).toMatchObject({ device: GPU, sessionsOpen: false });
    expect(model.providerAttempts).toEqual([{ provider: GPU, ok: true, cosine: expect.closeTo(1, 5) }]);

    await model.encodeImages([IMAGE]);
    expect(fake.created.slice(2)).toEqual([`vision_model.onnx@${GPU}`, 'vision_model.onnx@cpu']);
    expect(model).toMatchObject({ device: GPU, sessionsOpen: true });
    expect(model.providerAttempts).toHaveLength(1);
  });

  it('a second tower that fails its self-check on that GPU runs on CPU, and the device no longer names the GPU', async () => {
    fake.gpu = 'wrong-images';
    const model = await identify('auto');
    const [before] = await model.encodeTexts(['a red circle']);
    expect(model.device).toBe(GPU);

    const [image] = await model.encodeImages([IMAGE]);
    expect(image).toHaveLength(model.dim);
    expect(model.device).toBe('cpu');
    expect(model.providerAttempts).toEqual([
      { provider: GPU, ok: true, cosine: expect.closeTo(1, 5) },
      { provider: GPU, ok: false, cosine: expect.any(Number), reason: expect.stringMatching(/^the image tower: .* computes results that differ from the CPU's/) },
      { provider: 'cpu', ok: true },
    ]);
    // The text tower stays where it passed, and answers as before.
    const [after] = await model.encodeTexts(['a red circle']);
    expect(after).toEqual(before);
  });

  it('with device "gpu", that second tower fails with the GPU error while the first keeps working', async () => {
    fake.gpu = 'wrong-images';
    const model = await identify('gpu');
    await model.encodeTexts(['a red circle']);
    const err = await model.encodeImages([IMAGE]).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(CoreError);
    expect(err).toMatchObject({ code: 'PROVIDER_FAILED', message: expect.stringMatching(/^No GPU works here: .*computes results that differ/) });
    expect(await model.encodeTexts(['a blue square'])).toHaveLength(1);
    expect(model.device).toBe(GPU);
  });

  it('a first tower that fell back to CPU takes the second straight to CPU, with no GPU tried again', async () => {
    fake.gpu = 'unavailable';
    const model = await identify('auto');
    await model.encodeImages([IMAGE]);
    await model.encodeTexts(['a red circle']);
    expect(fake.created).toEqual([`vision_model.onnx@${GPU}`, 'vision_model.onnx@cpu', 'text_model.onnx@cpu']);
    expect(model.device).toBe('cpu');
    expect(model.providerAttempts).toEqual([
      { provider: GPU, ok: false, reason: expect.stringContaining('no GPU adapter was found'), detail: 'Failed to get a WebGPU adapter' },
      { provider: 'cpu', ok: true },
    ]);
  });
});
