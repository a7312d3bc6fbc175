/**
 * Reads and validates every file of a model folder before any session is created, so a broken
 * download fails fast with a message naming the file (model-files.ts). Returns what the rest of
 * embed/ needs: configs turned into settings, the family that reads the folder, its tokenizer
 * read and checked (built on first use: lazy-text-tokenizer.ts), and the ONNX files to load (two
 * towers or one combined graph).
 */
import { modelConfigSchema, toModelConfig, type ModelConfig } from './model-config.js';
import type { ModelFamily, TextTokenizer } from './model-family.js';
import { modelFamilyFor } from './model-families.js';
import { invalidFileError, MODEL_FILES, readModelJson, resolveOnnxLayout, type OnnxLayout } from './model-files.js';
import { preprocessorConfigSchema, toPreprocessSettings, type PreprocessSettings } from './preprocess-settings.js';

export interface ModelFolder {
  dir: string;
  config: ModelConfig;
  family: ModelFamily;
  preprocess: PreprocessSettings;
  tokenizer: TextTokenizer;
  onnx: OnnxLayout;
}

export async function readModelFolder(dir: string, quantized: boolean): Promise<ModelFolder> {
  // Existence first, so a missing ONNX file is reported before slow tokenizer work.
  const onnx = await resolveOnnxLayout(dir, quantized);
  const config = toModelConfig(await readModelJson(dir, MODEL_FILES.config, modelConfigSchema));
  const family = modelFamilyFor(dir, config.modelType);
  const preprocess = toPreprocessSettings(await readModelJson(dir, MODEL_FILES.preprocessor, preprocessorConfigSchema));
  if (typeof preprocess === 'string') throw invalidFileError(dir, MODEL_FILES.preprocessor, preprocess);
  return { dir, config, family, preprocess, tokenizer: await family.readTokenizer(dir, config), onnx };
}
