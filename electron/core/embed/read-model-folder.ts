/**
 * Reads and validates every file of a model folder before any session is created, so a broken
 * download fails fast with a message naming the file (model-files.ts). Returns what the rest of
 * embed/ needs: configs turned into settings, the tokenizer built once, the ONNX paths to load.
 */
import { z } from 'zod';
import { ClipTokenizer } from './clip-tokenizer.js';
import { describeError } from '../core-error.js';
import { modelConfigSchema, specialTokensSchema, tokenText, toModelConfig, type ModelConfig } from './model-config.js';
import {
  invalidFileError,
  MODEL_FILES,
  onnxModelFiles,
  readModelJson,
  readOptionalModelJson,
  requireModelFile,
} from './model-files.js';
import { preprocessorConfigSchema, toPreprocessSettings, type PreprocessSettings } from './preprocess-settings.js';

export interface ModelFile {
  /** Path relative to the folder, as messages show it. */
  name: string;
  path: string;
}

export interface ModelFolder {
  dir: string;
  config: ModelConfig;
  preprocess: PreprocessSettings;
  tokenizer: ClipTokenizer;
  onnx: { text: ModelFile; vision: ModelFile };
}

/** tokenizer.json is large and handed to @huggingface/tokenizers; only its outline is checked here. */
const tokenizerJsonSchema = z.object({ model: z.object({ type: z.string().optional() }).loose(), normalizer: z.unknown() }).loose();

export async function readModelFolder(dir: string, quantized: boolean): Promise<ModelFolder> {
  const onnxNames = onnxModelFiles(quantized);
  // Existence first, so a missing ONNX file is reported before slow tokenizer work.
  const [vision, text] = await Promise.all([
    requireModelFile(dir, onnxNames.vision),
    requireModelFile(dir, onnxNames.text),
  ]);
  const config = toModelConfig(await readModelJson(dir, MODEL_FILES.config, modelConfigSchema));
  const preprocess = toPreprocessSettings(await readModelJson(dir, MODEL_FILES.preprocessor, preprocessorConfigSchema));
  if (typeof preprocess === 'string') throw invalidFileError(dir, MODEL_FILES.preprocessor, preprocess);
  return {
    dir,
    config,
    preprocess,
    tokenizer: await readTokenizer(dir, config),
    onnx: { text: { name: onnxNames.text, path: text }, vision: { name: onnxNames.vision, path: vision } },
  };
}

async function readTokenizer(dir: string, config: ModelConfig): Promise<ClipTokenizer> {
  const tokenizerJson = await readModelJson(dir, MODEL_FILES.tokenizer, tokenizerJsonSchema);
  const tokenizerConfig = await readModelJson(dir, MODEL_FILES.tokenizerConfig, specialTokensSchema);
  const specialTokens = await readOptionalModelJson(dir, MODEL_FILES.specialTokensMap, specialTokensSchema);
  try {
    return new ClipTokenizer(tokenizerJson, {
      contextLength: config.contextLength,
      eosToken: tokenText(tokenizerConfig.eos_token) ?? tokenText(specialTokens?.eos_token),
      padToken: tokenText(tokenizerConfig.pad_token) ?? tokenText(specialTokens?.pad_token),
      tokenizerConfig,
    });
  } catch (err) {
    // Also covers a pad/eos token in tokenizer_config.json that the vocabulary lacks.
    throw invalidFileError(dir, MODEL_FILES.tokenizer, describeError(err), err);
  }
}
