import { describe, expect, it } from 'vitest';
import { queryLanguageNote } from '../../../electron/core/search/query-language-note.js';

const english = { name: 'clip-vit-base-patch32', languages: ['en'] };
const chinese = { name: 'chinese-clip-vit-base-patch16', languages: ['zh', 'en'] };

describe('queryLanguageNote', () => {
  it.each(['海边的狗', 'dog 在海边', '東京タワー', 'ひらがな', '강아지'])('says an English-only model cannot read %s', (query) => {
    const note = queryLanguageNote(query, english);
    expect(note?.code).toBe('query-language-unsupported');
    expect(note?.message).toMatch(/clip-vit-base-patch32\) reads English only/);
    expect(note?.message).toMatch(/multilingual model/);
  });

  it('says nothing for Latin-script queries, full-width punctuation alone, or emoji', () => {
    for (const query of ['dog on a beach', 'café résumé', 'ΟΔΟΣ', '！？', '🐶']) expect(queryLanguageNote(query, english)).toBeNull();
  });

  it('says nothing when the model reads Chinese, or when its languages are unknown', () => {
    expect(queryLanguageNote('海边的狗', chinese)).toBeNull();
    expect(queryLanguageNote('海边的狗', { name: 'x' })).toBeNull();
    expect(queryLanguageNote('海边的狗', { name: 'x', languages: [] })).toBeNull();
  });
});
