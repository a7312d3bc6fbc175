/**
 * What Recollect needs from config.json and tokenizer_config.json / special_tokens_map.json:
 * the model family, the embedding size, the text context length and the special tokens. Validated with zod at the
 * JSON boundary (conventions.md rule 4); unknown keys are kept out of the result.
 */
import { z } from 'zod';

/** HF CLIPConfig defaults, used only when a config omits the key (as HF itself does). */
const DEFAULT_PROJECTION_DIM = 512;
const DEFAULT_CONTEXT_LENGTH = 77;
const DEFAULT_MODEL_TYPE = 'clip';

export const modelConfigSchema = z
  .object({
    _name_or_path: z.string().optional(),
    model_type: z.string().optional(),
    projection_dim: z.number().int().positive().default(DEFAULT_PROJECTION_DIM),
    /** Ours, not Hugging Face's: a model whose captions never said the family's neutral prompt names its own. */
    recollect_neutral_prompt: z.string().trim().min(1).max(200).optional(),
    text_config: z
      .object({ max_position_embeddings: z.number().int().min(2).default(DEFAULT_CONTEXT_LENGTH) })
      .loose()
      .optional(),
  })
  .loose();

export interface ModelConfig {
  /** Which model family reads this folder (model-families.ts); `clip` when config.json omits it. */
  modelType: string;
  /** `_name_or_path` when the exporter recorded one. */
  configName: string | undefined;
  projectionDim: number;
  /** Longest token sequence the text tower accepts (CLIP: 77). */
  contextLength: number;
  /** config.json `recollect_neutral_prompt`, when the folder names one (see ModelFamily.neutralPrompt). */
  neutralPrompt: string | undefined;
}

export function toModelConfig(raw: z.output<typeof modelConfigSchema>): ModelConfig {
  return {
    // Folders exported before model_type was required are CLIP: it was the only family read.
    modelType: raw.model_type?.trim() || DEFAULT_MODEL_TYPE,
    configName: raw._name_or_path?.trim() || undefined,
    projectionDim: raw.projection_dim,
    contextLength: raw.text_config?.max_position_embeddings ?? DEFAULT_CONTEXT_LENGTH,
    neutralPrompt: raw.recollect_neutral_prompt,
  };
}

/** A special token is written either as its text or as an AddedToken object. */
export const tokenField = z.union([z.string(), z.object({ content: z.string() }).loose()]).nullable().optional();

export const specialTokensSchema = z
  .object({ bos_token: tokenField, eos_token: tokenField, pad_token: tokenField })
  .loose();

export type SpecialTokensConfig = z.output<typeof specialTokensSchema>;

export function tokenText(field: SpecialTokensConfig['pad_token']): string | undefined {
  if (field === null || field === undefined) return undefined;
  return typeof field === 'string' ? field : field.content;
}
