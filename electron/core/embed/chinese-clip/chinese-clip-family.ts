/**
 * The Chinese-CLIP family (config.json `model_type: chinese_clip`, OFA-Sys Chinese-CLIP as
 * transformers / transformers.js export it): a BERT WordPiece tokenizer, a BERT text tower fed
 * `input_ids`, `attention_mask` and, when the graph lists it, `token_type_ids` (published exports
 * differ: models.md), pooled at [CLS] inside the graph; a ViT vision tower fed `pixel_values`,
 * like CLIP's. Preprocessing and the combined graph are shared (model-towers.ts).
 */
import { z } from 'zod';
import { describeError } from '../../core-error.js';
import { ClipImageEncoder } from '../clip/clip-image-encoder.js';
import { ClipTextEncoder, type TextInputRole } from '../clip/clip-text-encoder.js';
import type { ModelConfig } from '../model-config.js';
import { specialTokensSchema, tokenField, tokenText } from '../model-config.js';
import { LazyTextTokenizer } from '../lazy-text-tokenizer.js';
import type { ModelFamily, TextTokenizer } from '../model-family.js';
import { invalidFileError, MODEL_FILES, readModelJson, readOptionalModelJson } from '../model-files.js';
import { WordPieceTokenizer } from './wordpiece-tokenizer.js';

/** The inputs a BERT text tower may list; token types are all 0 for one-segment text (cn_clip `tokenize`). */
export const BERT_TEXT_INPUTS: Readonly<Record<string, TextInputRole>> = {
  input_ids: 'ids',
  attention_mask: 'mask',
  token_type_ids: 'zeros',
};

/** BERT's special tokens, used when neither tokenizer_config.json nor special_tokens_map.json names them. */
const DEFAULT_SEP = '[SEP]';
const DEFAULT_PAD = '[PAD]';

/** tokenizer.json is handed to @huggingface/tokenizers; only its model type is checked here. */
const tokenizerJsonSchema = z.object({ model: z.object({ type: z.literal('WordPiece') }).loose() }).loose();

const bertTokenizerConfigSchema = specialTokensSchema.extend({
  sep_token: tokenField,
  model_max_length: z.number().positive().optional(),
});

/**
 * The context length is tokenizer_config.json `model_max_length` (52 for Chinese-CLIP, the length
 * it was trained with), never above the text tower's position table (config.json
 * text_config.max_position_embeddings, 512). transformers writes a huge placeholder when a
 * tokenizer has no limit, which the position table then caps.
 */
export function bertContextLength(config: ModelConfig, modelMaxLength: number | undefined): number {
  return Math.min(Math.floor(modelMaxLength ?? Infinity), config.contextLength);
}

export async function readWordPieceTokenizer(dir: string, config: ModelConfig): Promise<TextTokenizer> {
  const tokenizerJson = await readModelJson(dir, MODEL_FILES.tokenizer, tokenizerJsonSchema);
  const tokenizerConfig = await readModelJson(dir, MODEL_FILES.tokenizerConfig, bertTokenizerConfigSchema);
  const specialTokens = await readOptionalModelJson(dir, MODEL_FILES.specialTokensMap, bertTokenizerConfigSchema);
  // Read and checked now; built on first use (lazy-text-tokenizer.ts).
  return new LazyTextTokenizer(() => {
    try {
      return new WordPieceTokenizer(tokenizerJson, {
        contextLength: bertContextLength(config, tokenizerConfig.model_max_length),
        sepToken: tokenText(tokenizerConfig.sep_token) ?? tokenText(specialTokens?.sep_token) ?? DEFAULT_SEP,
        padToken: tokenText(tokenizerConfig.pad_token) ?? tokenText(specialTokens?.pad_token) ?? DEFAULT_PAD,
        tokenizerConfig,
      });
    } catch (err) {
      throw invalidFileError(dir, MODEL_FILES.tokenizer, describeError(err), err);
    }
  });
}

export const chineseClipFamily = {
  modelType: 'chinese_clip',
  // Trained on Chinese image-text pairs; its BERT-Chinese vocabulary also holds English word
  // pieces, and English and mixed queries tokenize (refcnclip-a texts).
  languages: ['zh', 'en'],
  // "a photo": Chinese-CLIP's captions are Chinese, so its neutral text is too.
  neutralPrompt: '一张照片',
  readTokenizer: readWordPieceTokenizer,
  createTextEncoder: (session, { tokenizer, dim }) =>
    new ClipTextEncoder(session, { padId: tokenizer.padId, dim, inputRoles: BERT_TEXT_INPUTS }),
  createImageEncoder: (session, options) => new ClipImageEncoder(session, options),
} satisfies ModelFamily;
