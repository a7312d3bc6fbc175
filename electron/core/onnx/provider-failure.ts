/**
 * Why a GPU execution provider could not start, in words a person can act on, with ONNX Runtime's
 * own text kept apart as the detail (issue 13, defect 5: users were shown
 * "/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 ... Failed to get a
 * WebGPU adapter: No supported adapters"). The words are matched on the phrases ORT and Dawn use.
 */
import { describeError } from '../core-error.js';

/** A provider that cannot run here: `message` in words, `detail` as ONNX Runtime wrote it. */
export class ProviderUnavailableError extends Error {
  readonly detail: string | undefined;

  constructor(message: string, detail?: string) {
    super(message);
    this.name = 'ProviderUnavailableError';
    this.detail = detail;
  }
}

/** The provider as a person knows it: "WebGPU over Vulkan", "DirectML", "Core ML". */
export function providerLabel(provider: string, platform: NodeJS.Platform = process.platform): string {
  if (provider === 'webgpu') return platform === 'win32' ? 'WebGPU over Direct3D 12' : platform === 'darwin' ? 'WebGPU over Metal' : 'WebGPU over Vulkan';
  if (provider === 'dml') return 'DirectML';
  if (provider === 'coreml') return 'Core ML';
  if (provider === 'cuda') return 'CUDA';
  return provider;
}

const WORDS: readonly [RegExp, (label: string) => string][] = [
  [/adapter/i, (label) => `no GPU adapter was found (${label})`],
  [/couldn'?t load vulkan|libvulkan|vulkan.*(?:not|fail)/i, (label) => `the Vulkan driver could not be loaded (${label}); install or update the GPU driver`],
  [/device.*(?:lost|creat|request)|(?:creat|request).*device/i, (label) => `the GPU driver could not create a device (${label}); updating the driver may help`],
  [/out of memory|OOM/i, (label) => `the GPU ran out of memory (${label})`],
  [/not (?:supported|implemented)|unsupported/i, (label) => `${label} cannot run this model`],
];

export function describeProviderFailure(provider: string, raw: string, platform: NodeJS.Platform = process.platform): string {
  const label = providerLabel(provider, platform);
  for (const [pattern, words] of WORDS) if (pattern.test(raw)) return words(label);
  return `${label} could not start on this computer`;
}

/** Words and raw detail of any provider failure (a ProviderUnavailableError already has both). */
export function providerFailureOf(provider: string, err: unknown, platform: NodeJS.Platform = process.platform): { reason: string; detail?: string } {
  if (err instanceof ProviderUnavailableError) return err.detail ? { reason: err.message, detail: err.detail } : { reason: err.message };
  const raw = err instanceof Error ? err.message : describeError(err);
  return { reason: describeProviderFailure(provider, raw, platform), detail: raw };
}
