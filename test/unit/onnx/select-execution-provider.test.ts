import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../electron/core/core-error.js';
import { MemoryLogger } from '../../../electron/core/logger.js';
import { selectExecutionProvider, type ProviderSelectionDeps } from '../../../electron/core/onnx/select-execution-provider.js';

/** A fake session pair is just the provider it was made for. */
interface FakeSessions {
  provider: string;
}

function fakeDeps(behaviour: { failInit?: string[]; cosine?: Record<string, number>; checkThrows?: string[] }) {
  const created: string[] = [];
  const released: string[] = [];
  const logger = new MemoryLogger();
  const deps: ProviderSelectionDeps<FakeSessions> = {
    create: async (provider) => {
      created.push(provider);
      if (behaviour.failInit?.includes(provider)) throw new Error(`${provider} adapter not found`);
      return { provider };
    },
    selfCheck: async (candidate, cpu) => {
      expect(cpu.provider).toBe('cpu');
      if (behaviour.checkThrows?.includes(candidate.provider)) throw new Error('kernel not implemented');
      return behaviour.cosine?.[candidate.provider] ?? 1;
    },
    release: async (s) => void released.push(s.provider),
    logger,
  };
  return { deps, created, released, logger };
}

describe('selectExecutionProvider', () => {
  it('auto on Linux falls back to CPU when webgpu cannot initialise, recording why', async () => {
    const { deps, logger } = fakeDeps({ failInit: ['webgpu'] });
    const result = await selectExecutionProvider('auto', 'linux', deps);
    expect(result.provider).toBe('cpu');
    expect(result.sessions).toEqual({ provider: 'cpu' });
    expect(result.attempts).toEqual([
      { provider: 'webgpu', ok: false, reason: 'no GPU adapter was found (WebGPU over Vulkan)', detail: 'webgpu adapter not found' },
      { provider: 'cpu', ok: true },
    ]);
    expect(logger.entries.map((e) => e.message)).toEqual(['execution provider webgpu: rejected', 'execution provider cpu: ok']);
  });

  it('auto uses a GPU provider that passes the self-check, and releases the CPU reference', async () => {
    const { deps, released } = fakeDeps({ cosine: { webgpu: 0.99995 } });
    const result = await selectExecutionProvider('auto', 'linux', deps);
    expect(result.provider).toBe('webgpu');
    expect(result.attempts).toEqual([{ provider: 'webgpu', ok: true, cosine: 0.99995 }]);
    expect(released).toEqual(['cpu']);
  });

  it('rejects a provider whose self-check cosine is below 0.999, and releases its sessions', async () => {
    const { deps, released } = fakeDeps({ cosine: { webgpu: 0.93 } });
    const result = await selectExecutionProvider('auto', 'linux', deps);
    expect(result.provider).toBe('cpu');
    expect(result.attempts[0]).toMatchObject({ provider: 'webgpu', ok: false, cosine: 0.93 });
    expect(result.attempts[0]?.reason).toBe("WebGPU over Vulkan computes results that differ from the CPU's (agreement 0.930000, needs 0.999)");
    expect(released).toEqual(['webgpu']);
  });

  it('rejects a NaN self-check (a provider computing garbage)', async () => {
    const { deps } = fakeDeps({ cosine: { webgpu: Number.NaN } });
    const result = await selectExecutionProvider('auto', 'linux', deps);
    expect(result.provider).toBe('cpu');
    expect(result.attempts[0]?.reason).toMatch(/NaN/);
  });

  it('tries the Windows providers one at a time in order: dml, then webgpu, then cpu', async () => {
    const { deps, created } = fakeDeps({ failInit: ['dml'], checkThrows: ['webgpu'] });
    const result = await selectExecutionProvider('auto', 'win32', deps);
    expect(created).toEqual(['dml', 'webgpu', 'cpu']);
    expect(result.attempts.map((a) => [a.provider, a.ok])).toEqual([['dml', false], ['webgpu', false], ['cpu', true]]);
    expect(result.attempts[1]).toMatchObject({ reason: 'WebGPU over Direct3D 12 started but could not run the model', detail: 'kernel not implemented' });
  });

  it('macOS tries coreml first', async () => {
    const { deps } = fakeDeps({});
    expect((await selectExecutionProvider('auto', 'darwin', deps)).provider).toBe('coreml');
  });

  it('gpu-only throws PROVIDER_FAILED listing every provider and its reason, leaving nothing open', async () => {
    const { deps, created, released } = fakeDeps({ failInit: ['dml'], cosine: { webgpu: 0.5 } });
    const err = await selectExecutionProvider('gpu', 'win32', deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreError);
    expect((err as CoreError).code).toBe('PROVIDER_FAILED');
    expect((err as CoreError).message).toMatch(/^No GPU works here: no GPU adapter was found \(DirectML\); WebGPU over Direct3D 12 computes results that differ from the CPU's \(agreement 0\.500000/);
    expect((err as CoreError).message).not.toContain('adapter not found');
    expect(created).toEqual(['dml', 'webgpu', 'cpu']);
    expect(released.sort()).toEqual(['cpu', 'webgpu']); // dml never opened; the CPU reference is closed too
  });

  it('gpu-only on a platform without GPU providers says so', async () => {
    const { deps } = fakeDeps({});
    await expect(selectExecutionProvider('gpu', 'freebsd', deps)).rejects.toThrow(/no GPU support on freebsd/);
  });

  it('cpu never tries a GPU provider', async () => {
    const { deps, created } = fakeDeps({});
    const result = await selectExecutionProvider('cpu', 'linux', deps);
    expect(created).toEqual(['cpu']);
    expect(result.attempts).toEqual([{ provider: 'cpu', ok: true }]);
  });

  it('tries only the GPU providers it is given (a second tower follows the first), then CPU', async () => {
    const { deps, created } = fakeDeps({ cosine: { webgpu: 0.5 } });
    const result = await selectExecutionProvider('auto', 'win32', deps, ['webgpu']);
    expect(created).toEqual(['webgpu', 'cpu']);
    expect(result.provider).toBe('cpu');
    expect(result.attempts.map((a) => [a.provider, a.ok])).toEqual([['webgpu', false], ['cpu', true]]);
  });

  it('a CPU failure (a broken model) propagates instead of being blamed on the GPU', async () => {
    const { deps, released } = fakeDeps({ failInit: ['cpu'] });
    await expect(selectExecutionProvider('auto', 'linux', deps)).rejects.toThrow(/cpu adapter not found/);
    expect(released).toEqual(['webgpu']);
  });
});
