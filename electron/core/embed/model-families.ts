/**
 * The model families Recollect reads, by config.json `model_type`. A new family is a folder
 * beside clip/ and one line here; nothing branches on a model's name (models.md).
 */
import { CoreError } from '../core-error.js';
import { MODEL_FILES } from './model-files.js';
import type { ModelFamily } from './model-family.js';
import { chineseClipFamily } from './chinese-clip/chinese-clip-family.js';
import { clipFamily } from './clip/clip-family.js';

const FAMILIES: ReadonlyMap<string, ModelFamily> = new Map<string, ModelFamily>([
  [clipFamily.modelType, clipFamily],
  [chineseClipFamily.modelType, chineseClipFamily],
]);

/** The family for `modelType`; a CoreError (MODEL_INVALID) naming it and config.json when there is none. */
export function modelFamilyFor(dir: string, modelType: string): ModelFamily {
  const family = FAMILIES.get(modelType);
  if (family) return family;
  const known = [...FAMILIES.keys()].join(', ');
  throw new CoreError(
    'MODEL_INVALID',
    `Model folder ${dir} is a "${modelType}" model (${MODEL_FILES.config} model_type), a family Recollect cannot read ` +
      `(it reads: ${known}). Choose a model of one of those families.`,
  );
}
