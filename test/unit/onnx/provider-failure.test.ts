import { describe, expect, it } from 'vitest';
import { describeProviderFailure, providerFailureOf, ProviderUnavailableError } from '../../../electron/core/onnx/provider-failure.js';

// As onnxruntime-node 1.30 rejects on a Linux machine without a usable GPU (measured here).
const WEBGPU_NO_ADAPTER =
  '/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 onnxruntime::webgpu::WebGpuContext::Initialize(const onnxruntime::webgpu::WebGpuContextConfig&)::<lambda()> adapter_result.status == wgpu::RequestAdapterStatus::Success was false. Failed to get a WebGPU adapter: No supported adapters';

describe('describeProviderFailure', () => {
  it('says "no GPU adapter was found" for WebGPU without an adapter, naming the backend of the platform', () => {
    expect(describeProviderFailure('webgpu', WEBGPU_NO_ADAPTER, 'linux')).toBe('no GPU adapter was found (WebGPU over Vulkan)');
    expect(describeProviderFailure('webgpu', WEBGPU_NO_ADAPTER, 'win32')).toBe('no GPU adapter was found (WebGPU over Direct3D 12)');
  });

  it('falls back to plain words, never to the raw text', () => {
    const words = describeProviderFailure('dml', 'D:\\a\\_work\\1\\s\\onnxruntime\\core\\providers\\dml\\x.cpp(42) code 0x887A0004', 'win32');
    expect(words).toBe('DirectML could not start on this computer');
  });
});

describe('providerFailureOf', () => {
  it('keeps the raw text as the detail', () => {
    expect(providerFailureOf('webgpu', new Error(WEBGPU_NO_ADAPTER), 'linux')).toEqual({
      reason: 'no GPU adapter was found (WebGPU over Vulkan)',
      detail: WEBGPU_NO_ADAPTER,
    });
  });

  it('passes a reason that is already in words through', () => {
    expect(providerFailureOf('webgpu', new ProviderUnavailableError('the Vulkan loader is not installed'))).toEqual({ reason: 'the Vulkan loader is not installed' });
  });
});
