/**
 * The shape of models/catalog.json: the models Recollect offers to download. Each entry names a
 * Hugging Face repository in the transformers.js ONNX layout (models.md) and the files a download
 * fetches: the shared configs and tokenizer, then the fp32 or the int8 (`*_quantized.onnx`) ONNX
 * files. Sizes here are for choosing and showing; the downloader verifies against the hub itself.
 */
import { z } from 'zod';

/** A path inside a repository: relative, forward slashes, no `..` (it becomes a path on disk). */
export const repoFilePath = z
  .string()
  .min(1)
  .max(512)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !p.split('/').some((part) => part === '..' || part === '' || part === '.'), 'a repository path must be relative, with no "..", "." or empty parts');

const catalogFile = z.strictObject({
  path: repoFilePath,
  /** Published size; with `verified: false` on the entry an estimate until the hub says otherwise. */
  bytes: z.number().int().positive(),
  /** Fetched when the repository has it (e.g. special_tokens_map.json). */
  optional: z.boolean().optional(),
});

/** `owner/name`, as the hub spells repository ids. */
export const hubRepoId = z.string().regex(/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/, 'a hub repository is written owner/name');

/** A branch or tag name, or a 40-hex commit (models.md: pin commits when known). */
export const hubRevision = z.string().regex(/^[\w.-]+$/, 'a revision is a branch, tag or commit');

export const catalogEntrySchema = z.strictObject({
  /** Stable id: the folder name under the models folder and what `recollect model download` takes. */
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'a catalog id is lower-case letters, digits, dots and dashes'),
  name: z.string().min(1),
  repo: hubRepoId,
  revision: hubRevision,
  /** False: sizes and revision were not checked against the hub when the entry was written. */
  verified: z.boolean(),
  dim: z.number().int().positive(),
  /** BCP-47 primary language tags the text tower was trained on. */
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).min(1),
  license: z.string().min(1),
  speed: z.enum(['fast', 'medium', 'slow']),
  quality: z.enum(['good', 'better', 'best']),
  pickWhen: z.string().min(1),
  files: z.strictObject({
    common: z.array(catalogFile).min(1),
    fp32: z.array(catalogFile).min(1),
    /** Absent when the repository publishes no int8 variant. */
    quantized: z.array(catalogFile).min(1).optional(),
  }),
});

export const catalogSchema = z
  .looseObject({
    version: z.literal(1),
    defaultModel: z.string(),
    models: z.array(catalogEntrySchema).min(1),
  })
  .superRefine((catalog, ctx) => {
    const ids = new Set<string>();
    for (const m of catalog.models) {
      if (ids.has(m.id)) ctx.addIssue({ code: 'custom', message: `duplicate catalog id ${m.id}`, path: ['models'] });
      ids.add(m.id);
    }
    if (!ids.has(catalog.defaultModel)) ctx.addIssue({ code: 'custom', message: `defaultModel ${catalog.defaultModel} is not in the catalog`, path: ['defaultModel'] });
  });

export type CatalogEntry = z.output<typeof catalogEntrySchema>;
export type CatalogFile = z.output<typeof catalogFile>;
export type ModelCatalog = z.output<typeof catalogSchema>;

/** The files one variant of an entry needs, shared ones first. */
export function catalogFilesFor(entry: CatalogEntry, quantized: boolean): CatalogFile[] {
  const onnx = quantized ? entry.files.quantized : entry.files.fp32;
  return onnx ? [...entry.files.common, ...onnx] : [];
}

/** Download size of one variant (published sizes; the optional files counted too). */
export function catalogBytes(entry: CatalogEntry, quantized: boolean): number {
  return catalogFilesFor(entry, quantized).reduce((sum, f) => sum + f.bytes, 0);
}
