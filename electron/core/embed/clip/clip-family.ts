/**
 * The CLIP family (config.json `model_type: clip`): a byte-level BPE tokenizer from tokenizer.json
 * that keeps EOS last when truncating, a text tower fed `input_ids` [+ `attention_mask`], and a
 * vision tower fed `pixel_values`.
 */
import { DEFAULT_NEUTRAL_PROMPT } from '../clip-model.js';
import { z } from 'zod';
import { describeError } from '../../core-error.js';
import type { ModelConfig } from '../model-config.js';
import { specialTokensSchema, tokenText } from '../model-config.js';
import { LazyTextTokenizer } from '../lazy-text-tokenizer.js';
import type { ModelFamily, TextTokenizer } from '../model-family.js';
import { invalidFileError, MODEL_FILES, readModelJson, readOptionalModelJson } from '../model-files.js';
import { ClipImageEncoder } from './clip-image-encoder.js';
import { CLIP_TEXT_INPUTS, ClipTextEncoder } from './clip-text-encoder.js';
import { ClipTokenizer } from './clip-tokenizer.js';

/** tokenizer.json is large and handed to @huggingface/tokenizers; only its outline is checked here. */
const tokenizerJsonSchema = z.object({ model: z.object({ type: z.string().optional() }).loose(), normalizer: z.unknown() }).loose();

export async function readClipTokenizer(dir: string, config: ModelConfig): Promise<TextTokenizer> {
  const tokenizerJson = await readModelJson(dir, MODEL_FILES.tokenizer, tokenizerJsonSchema);
  const tokenizerConfig = await readModelJson(dir, MODEL_FILES.tokenizerConfig, specialTokensSchema);
  const specialTokens = await readOptionalModelJson(dir, MODEL_FILES.specialTokensMap, specialTokensSchema);
  // Read and checked now; built on first use (lazy-text-tokenizer.ts).
  return new LazyTextTokenizer(() => {
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
  });
}

export const clipFamily = {
  modelType: 'clip',
  // OpenAI CLIP's training captions are English (WIT, Radford et al. 2021); multilingual CLIP-style
  // models ship as other model_types (chinese_clip, jina_clip, ...).
  languages: ['en'],
  neutralPrompt: DEFAULT_NEUTRAL_PROMPT,
  readTokenizer: readClipTokenizer,
  createTextEncoder: (session, { tokenizer, dim }) =>
    new ClipTextEncoder(session, { padId: tokenizer.padId, dim, inputRoles: CLIP_TEXT_INPUTS }),
  createImageEncoder: (session, options) => new ClipImageEncoder(session, options),
} satisfies ModelFamily;
