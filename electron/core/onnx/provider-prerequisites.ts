/**
 * Cheap checks before asking ONNX Runtime for a GPU provider. On Linux the bundled webgpu provider
 * runs Dawn over Vulkan; without the Vulkan loader (libvulkan.so.1) Dawn prints a native warning to
 * stderr that no log level silences and then fails anyway. Checking for the loader first keeps the
 * terminal clean and gives the user a reason they can act on.
 */
import fs from 'node:fs';
import path from 'node:path';

const LINUX_LIB_DIRS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/lib/x86_64-linux-gnu',
  '/lib/aarch64-linux-gnu',
  '/usr/lib64',
  '/usr/lib',
  '/lib64',
  '/lib',
  '/usr/local/lib',
];

export function hasVulkanLoader(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = fs.existsSync): boolean {
  const fromEnv = (env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  return [...fromEnv, ...LINUX_LIB_DIRS].some((dir) => exists(path.join(dir, 'libvulkan.so.1')));
}

/** A reason the provider cannot work here, or null when it is worth trying. */
export function missingPrerequisite(
  provider: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  exists: (p: string) => boolean = fs.existsSync,
): string | null {
  if (provider === 'webgpu' && platform === 'linux' && !hasVulkanLoader(env, exists)) {
    return 'the Vulkan loader (libvulkan.so.1) is not installed; install your distribution\'s libvulkan1 package and a GPU driver';
  }
  return null;
}
