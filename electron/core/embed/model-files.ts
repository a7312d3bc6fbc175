/**
 * Where each file of a model folder lives (Hugging Face / transformers.js ONNX layout) and how a
 * missing or unreadable one is reported. Owns the user-facing wording of model-folder errors:
 * every message names the file and says what to do. Must not import sessions, sharp or tokenizers.
 */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { CoreError } from '../core-error.js';

export const MODEL_FILES = {
  config: 'config.json',
  preprocessor: 'preprocessor_config.json',
  tokenizer: 'tokenizer.json',
  tokenizerConfig: 'tokenizer_config.json',
  specialTokensMap: 'special_tokens_map.json',
} as const;

/** The two ONNX towers, fp32 or the dynamic-int8 `*_quantized.onnx` variants. */
export function onnxModelFiles(quantized: boolean): { text: string; vision: string } {
  const suffix = quantized ? '_quantized' : '';
  return { text: `onnx/text_model${suffix}.onnx`, vision: `onnx/vision_model${suffix}.onnx` };
}

const WHAT_TO_DO = 'Download the model again or point --model at a complete folder.';

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
    throw invalidFileError(dir, file, `not valid JSON (${(err as Error).message})`, err);
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
    throw invalidFileError(dir, file, `cannot be read (${(err as Error).message})`, err);
  }
}
