/**
 * The installed style networks: every `*.onnx` in the styles folder, with its sidecar JSON when
 * there is one (style-sidecar.ts). Reads the folder and the small JSON files only; sessions are
 * opened later (open-style-network.ts). A broken sidecar is reported for that style, the others stay.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describeError } from '../../core-error.js';
import { styleSidecarSchema, type StyleSidecar } from './style-sidecar.js';

export interface InstalledStyle {
  /** The file name without `.onnx`: what a recipe names. */
  id: string;
  name: string;
  description?: string;
  file: string;
  sidecar: StyleSidecar;
}

export interface StyleCatalog {
  folder: string;
  styles: InstalledStyle[];
  /** Styles that cannot be used, with the reason ("mosaic.json: inputRange must be ..."). */
  problems: { file: string; reason: string }[];
}

async function readSidecar(path: string): Promise<{ sidecar: StyleSidecar } | { problem: string } | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return null;
    return { problem: describeError(err) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { problem: `not JSON (${describeError(err)})` };
  }
  const parsed = styleSidecarSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}` };
  }
  return { sidecar: parsed.data };
}

/** Rejects only when the folder itself cannot be read (ENOENT included: the caller words it). */
export async function readStyleCatalog(folder: string): Promise<StyleCatalog> {
  const names = (await readdir(folder)).filter((n) => n.toLowerCase().endsWith('.onnx')).sort();
  const styles: InstalledStyle[] = [];
  const problems: StyleCatalog['problems'] = [];
  for (const name of names) {
    const id = basename(name, name.slice(-5));
    const read = await readSidecar(join(folder, `${id}.json`));
    if (read && 'problem' in read) {
      problems.push({ file: `${id}.json`, reason: read.problem });
      continue;
    }
    const sidecar = read?.sidecar ?? {};
    styles.push({ id, name: sidecar.name ?? id, ...(sidecar.description ? { description: sidecar.description } : {}), file: join(folder, name), sidecar });
  }
  return { folder, styles, problems };
}

/** The style a recipe or prompt names: by id or display name, ignoring case. */
export function findStyle(catalog: StyleCatalog, wanted: string): InstalledStyle | undefined {
  const key = wanted.trim().toLowerCase();
  return catalog.styles.find((s) => s.id.toLowerCase() === key || s.name.toLowerCase() === key);
}
