import { describe, expect, it } from 'vitest';
import { missingPrerequisite } from '../../../electron/core/onnx/provider-prerequisites.js';

describe('missingPrerequisite', () => {
  it('explains a missing Vulkan loader before webgpu is tried on Linux', () => {
    expect(missingPrerequisite('webgpu', 'linux', {}, () => false)).toMatch(/libvulkan\.so\.1/);
  });
  it('finds the loader in a standard folder or on LD_LIBRARY_PATH', () => {
    expect(missingPrerequisite('webgpu', 'linux', {}, (p) => p === '/usr/lib/x86_64-linux-gnu/libvulkan.so.1')).toBeNull();
    expect(missingPrerequisite('webgpu', 'linux', { LD_LIBRARY_PATH: '/opt/vk' }, (p) => p === '/opt/vk/libvulkan.so.1')).toBeNull();
  });
  it('does not second-guess other platforms or providers', () => {
    expect(missingPrerequisite('webgpu', 'win32', {}, () => false)).toBeNull();
    expect(missingPrerequisite('dml', 'win32', {}, () => false)).toBeNull();
  });
});
