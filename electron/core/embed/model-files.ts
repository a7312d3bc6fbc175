/**
 * Where each file of a model folder lives (Hugging Face / transformers.js ONNX layout) and how a
 * missing or unreadable one is reported. Owns the user-facing wording of model-folder errors:
 * every message names the file and says what to do. Must not import sessions, sharp or tokenizers.
 */
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { CoreError } from '../core-error.js';
import { errorMessage } from '../../contract/error-message.js';

export const MODEL_FILES = {
  config: 'config.json',
  preprocessor: 'preprocessor_config.json',
  tokenizer: 'tokenizer.json',
  tokenizerConfig: 'tokenizer_config.json',
  specialTokensMap: 'special_tokens_map.json',
} as const;

/**
 * The ONNX files a folder may hold, fp32 or the dynamic-int8 `*_quantized.onnx` variants: the two
 * towers, or one combined graph with both (models.md: Chinese-CLIP and jina-clip exports ship
 * only `onnx/model.onnx`, inputs of both towers, outputs `text_embeds` and `image_embeds`).
 */
export function onnxModelFiles(quantized: boolean): { text: string; vision: string; combined: string } {
  const suffix = quantized ? '_quantized' : '';
  return {
    text: `onnx/text_model${suffix}.onnx`,
    vision: `onnx/vision_model${suffix}.onnx`,
    combined: `onnx/model${suffix}.onnx`,
  };
}

/** The ONNX files of one model folder, as loaded: two tower files or one combined graph. */
export type OnnxLayout =
  | { kind: 'towers'; text: ModelFile; vision: ModelFile }
  | { kind: 'combined'; model: ModelFile };

export interface ModelFile {
  /** Path relative to the folder, as messages show it. */
  name: string;
  path: string;
}

/**
 * Which layout a folder has. Tower files win (what every folder held before combined graphs were
 * read, so their model ids stay); the combined graph is used only when a tower file is absent.
 * With neither, the missing tower file is named, as before.
 */
export async function resolveOnnxLayout(dir: string, quantized: boolean): Promise<OnnxLayout> {
  await requireModelFolder(dir);
  const names = onnxModelFiles(quantized);
  const [hasVision, hasText] = await Promise.all([modelFileExists(dir, names.vision), modelFileExists(dir, names.text)]);
  if ((!hasVision || !hasText) && (await modelFileExists(dir, names.combined))) {
    return { kind: 'combined', model: { name: names.combined, path: path.join(dir, names.combined) } };
  }
  const [vision, text] = await Promise.all([requireModelFile(dir, names.vision), requireModelFile(dir, names.text)]);
  return { kind: 'towers', text: { name: names.text, path: text }, vision: { name: names.vision, path: vision } };
}

/** The files whose bytes make the model id, in the order they are hashed (vision first, as always). */
export function onnxFilesOf(layout: OnnxLayout): ModelFile[] {
  return layout.kind === 'towers' ? [layout.vision, layout.text] : [layout.model];
}

// Every host shows these (the app too), so they name no command-line flag; the CLI adds its own.
const WHAT_TO_DO = 'Download the model again or choose a complete model folder.';

/** A folder that is not there is not "missing onnx/vision_model.onnx" (issue 13, defect 7). */
async function requireModelFolder(dir: string): Promise<void> {
  const st = await stat(dir).catch((err: unknown) => {
    throw new CoreError('MODEL_MISSING_FILE', `The model folder ${dir} does not exist. Check the path, or download the model first.`, { cause: err });
  });
  if (!st.isDirectory()) throw new CoreError('MODEL_INVALID', `${dir} is a file, not a model folder. Choose the folder that holds config.json and onnx/.`);
}

export function missingFileError(dir: string, file: string, cause?: unknown): CoreError {
  return new CoreError('MODEL_MISSING_FILE', `Model folder ${dir} is missing ${file}. ${WHAT_TO_DO}`, { cause });
}

export function invalidFileError(dir: string, file: string, problem: string, cause?: unknown): CoreError {
  return new CoreError('MODEL_INVALID', `Model folder ${dir} has an unusable ${file}: ${problem}. ${WHAT_TO_DO}`, {
    cause,
  });
}

/** Absolute path of `file` inside `dir`, after checking that it exists and is readable. */
export async function requireModelFile(dir: string, file: string): Promise<string> {
  const full = path.join(dir, file);
  try {
    await access(full);
  } catch (err) {
    throw missingFileError(dir, file, err);
  }
  return full;
}

export async function modelFileExists(dir: string, file: string): Promise<boolean> {
  try {
    await access(path.join(dir, file));
    return true;
  } catch {
    return false;
  }
}

/** Reads `file` as JSON and validates it; both failures become MODEL_INVALID naming the file. */
export async function readModelJson<S extends z.ZodType>(dir: string, file: string, schema: S): Promise<z.output<S>> {
  const raw = await readModelText(dir, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw invalidFileError(dir, file, `not valid JSON (${errorMessage(err)})`, err);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw invalidFileError(dir, file, `${issue?.message ?? 'unexpected content'}${where}`);
  }
  return result.data;
}

/** Like readModelJson, for files a folder may omit (e.g. special_tokens_map.json). */
export async function readOptionalModelJson<S extends z.ZodType>(
  dir: string,
  file: string,
  schema: S,
): Promise<z.output<S> | undefined> {
  if (!(await modelFileExists(dir, file))) return undefined;
  return readModelJson(dir, file, schema);
}

export async function readModelText(dir: string, file: string): Promise<string> {
  const full = await requireModelFile(dir, file);
  try {
    return await readFile(full, 'utf8');
  } catch (err) {
    throw invalidFileError(dir, file, `cannot be read (${errorMessage(err)})`, err);
  }
}
