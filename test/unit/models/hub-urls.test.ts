import { describe, expect, it } from 'vitest';
import { fileUrl, folderIdForRepo, parseRepoSpec, resolveEndpoint, treeUrl } from '../../../electron/core/models/hub-urls.js';

describe('hub URLs', () => {
  it('follow the hub layout for files and the tree listing', () => {
    expect(fileUrl('https://hf-mirror.com', 'Xenova/clip-vit-base-patch32', 'main', 'onnx/text_model.onnx')).toBe('https://hf-mirror.com/Xenova/clip-vit-base-patch32/resolve/main/onnx/text_model.onnx');
    expect(treeUrl('https://huggingface.co', 'Xenova/clip-vit-base-patch32', 'main')).toBe('https://huggingface.co/api/models/Xenova/clip-vit-base-patch32/tree/main?recursive=true');
  });

  it('take the endpoint from the flag, else HF_ENDPOINT, else the official hub', () => {
    expect(resolveEndpoint('https://mirror.example/hf/', { HF_ENDPOINT: 'https://other.example' })).toBe('https://mirror.example/hf');
    expect(resolveEndpoint(undefined, { HF_ENDPOINT: 'https://hf-mirror.com' })).toBe('https://hf-mirror.com');
    expect(resolveEndpoint(undefined, {})).toBe('https://huggingface.co');
    expect(() => resolveEndpoint('ftp://x', {})).toThrow(/http\(s\)/);
    expect(() => resolveEndpoint('https://user:pw@x.example', {})).toThrow(/token/);
  });

  it('read owner/name[@revision] and refuse what is not a repository', () => {
    expect(parseRepoSpec('OFA-Sys/chinese-clip-vit-base-patch16@v1.0')).toEqual({ repo: 'OFA-Sys/chinese-clip-vit-base-patch16', revision: 'v1.0' });
    expect(parseRepoSpec('Xenova/clip-vit-base-patch32')).toEqual({ repo: 'Xenova/clip-vit-base-patch32', revision: 'main' });
    expect(() => parseRepoSpec('../../etc')).toThrow(/owner\/name/);
    expect(folderIdForRepo('Xenova/CLIP-vit')).toBe('xenova--clip-vit');
  });
});
