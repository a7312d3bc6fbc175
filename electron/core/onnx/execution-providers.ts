/**
 * Which GPU execution providers onnxruntime-node 1.30 bundles per platform, in the order auto
 * tries them (ml-notes.md, "ONNX Runtime"): Linux bundles webgpu (CUDA/TensorRT need a download
 * the install skips), Windows dml, macOS coreml; webgpu is the portable second choice.
 */
export const CPU_PROVIDER = 'cpu';

export function gpuProvidersFor(platform: NodeJS.Platform): readonly string[] {
  switch (platform) {
    case 'linux':
      return ['webgpu'];
    case 'win32':
      return ['dml', 'webgpu'];
    case 'darwin':
      return ['coreml', 'webgpu'];
    default:
      return [];
  }
}
