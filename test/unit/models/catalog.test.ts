/**
 * The shipped catalog (models/catalog.json) is valid, offers what the issue asks for, and names
 * only files the loader reads, so a downloaded catalog model loads unchanged.
 */
import { describe, expect, it } from 'vitest';
import { modelCatalog, requireCatalogEntry } from '../../../electron/core/models/catalog.js';
import { catalogBytes, catalogFilesFor, catalogSchema } from '../../../electron/core/models/catalog-schema.js';
import { MODEL_FILES, onnxModelFiles } from '../../../electron/core/embed/model-files.js';

describe('model catalog', () => {
  const catalog = modelCatalog();

  it('has CLIP B/32 as the default, with a smaller int8 variant', () => {
    const entry = requireCatalogEntry(catalog.defaultModel);
    expect(entry).toMatchObject({ repo: 'Xenova/clip-vit-base-patch32', dim: 512 });
    expect(catalogBytes(entry, true)).toBeLessThan(catalogBytes(entry, false) / 2);
  });

  it('offers B/16, L/14 and a Chinese-CLIP that speaks Chinese', () => {
    const repos = catalog.models.map((m) => m.repo);
    expect(repos).toEqual(expect.arrayContaining(['Xenova/clip-vit-base-patch16', 'Xenova/clip-vit-large-patch14', 'Xenova/chinese-clip-vit-base-patch16']));
    expect(catalog.models.find((m) => m.repo === 'Xenova/chinese-clip-vit-base-patch16')?.languages).toContain('zh');
  });

  it('names only files the model loader reads (towers or one combined graph)', () => {
    const loaderNames = new Set<string>([...Object.values(MODEL_FILES), ...Object.values(onnxModelFiles(false)), ...Object.values(onnxModelFiles(true))]);
    for (const m of catalog.models) {
      for (const quantized of [false, true]) {
        const files = catalogFilesFor(m, quantized).map((f) => f.path);
        for (const f of files) expect(loaderNames, `${m.id}: ${f}`).toContain(f);
        const names = onnxModelFiles(quantized);
        const towers = files.includes(names.text) && files.includes(names.vision);
        expect(towers || files.includes(names.combined), m.id).toBe(true);
        for (const required of [MODEL_FILES.config, MODEL_FILES.preprocessor, MODEL_FILES.tokenizer]) expect(files).toContain(required);
      }
    }
  });

  it('refuses a catalog with a path escaping the model folder or a duplicate id', () => {
    const entry = catalog.models[0];
    const bad = (models: unknown[]) => catalogSchema.safeParse({ version: 1, defaultModel: entry?.id, models }).success;
    expect(bad([entry])).toBe(true);
    expect(bad([entry, entry])).toBe(false);
    expect(bad([{ ...entry, files: { ...entry?.files, common: [{ path: '../evil.json', bytes: 1 }] } }])).toBe(false);
  });

  it('says which ids exist when asked for an unknown one', () => {
    expect(() => requireCatalogEntry('clip-vit-huge')).toThrow(/no model "clip-vit-huge".*clip-vit-base-patch32/);
  });
});
