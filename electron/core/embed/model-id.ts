/**
 * The id stamped on every stored vector (conventions.md rule 9). It must change exactly when the
 * numbers would: it hashes the bytes of the ONNX files actually loaded (streamed, so a 600 MB model
 * is never held twice in memory), not the folder path, so moving a library keeps its vectors.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';

const HASH_HEX_CHARS = 12;

export async function hashFiles(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    for await (const chunk of createReadStream(file)) if (chunk instanceof Uint8Array) hash.update(chunk);
  }
  return hash.digest('hex');
}

/**
 * Human name: config.json `_name_or_path` when it is a hub id ("openai/clip-vit-base-patch32"),
 * else the folder name. A local path there would make the name depend on where the model was exported.
 */
export function modelName(dir: string, configName: string | undefined): string {
  if (configName && !path.isAbsolute(configName) && !configName.startsWith('.') && !configName.includes('\\')) {
    return configName;
  }
  return path.basename(path.resolve(dir));
}

/**
 * Content only: renaming or moving the model folder must not orphan a library's vectors
 * (model switching "without losing the index"). The human name is stored beside it.
 */
export function modelId(sha256Hex: string, quantized: boolean): string {
  return `onnx-${sha256Hex.slice(0, HASH_HEX_CHARS)}${quantized ? '-q8' : ''}`;
}
