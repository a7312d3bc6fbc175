import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../../electron/core/logger.js';
import { BUILTIN_STYLE_PROVIDERS } from '../../../electron/core/style/builtin-providers.js';
import { StyleProviderRegistry } from '../../../electron/core/style/style-provider-registry.js';

describe('built-in style providers', () => {
  it('offer the style networks and the image server, each saying why it is off when unconfigured', async () => {
    const registry = new StyleProviderRegistry(() => ({ settings: {}, logger: new MemoryLogger() }));
    for (const factory of BUILTIN_STYLE_PROVIDERS) registry.register(factory);
    expect(registry.ids()).toEqual(expect.arrayContaining(['onnx-style', 'img2img-server']));
    const onnx = await registry.get('onnx-style')?.available();
    const server = await registry.get('img2img-server')?.available();
    expect(onnx).toEqual({ ok: false, reason: expect.stringMatching(/folder that holds your style networks/) });
    expect(server).toEqual({ ok: false, reason: expect.stringMatching(/^Set the address of your image generation server/) });
    await registry.dispose();
  });
});
