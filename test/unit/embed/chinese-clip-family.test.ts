import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { bertContextLength, chineseClipFamily } from '../../../electron/core/embed/chinese-clip/chinese-clip-family.js';
import { WordPieceTokenizer } from '../../../electron/core/embed/chinese-clip/wordpiece-tokenizer.js';
import { dummyPixelFeeds, textTowerView, visionTowerView } from '../../../electron/core/embed/combined-graph.js';
import type { ModelConfig } from '../../../electron/core/embed/model-config.js';
import type { OnnxSession } from '../../../electron/core/onnx/onnx-session.js';
import { tinyBertTokenizerJson } from './tiny-bert-tokenizer-json.js';

const { json, id } = tinyBertTokenizerJson();
const CLS = id('[CLS]');
const SEP = id('[SEP]');
const PAD = id('[PAD]');
const tokenizer = new WordPieceTokenizer(json, { contextLength: 52, sepToken: '[SEP]', padToken: '[PAD]' });

/** Records feeds; answers `text_embeds` [text batch, 2] and `image_embeds` [image batch, 2]. */
function fakeSession(inputs: readonly string[]) {
  const feeds: InferenceSession.FeedsType[] = [];
  const session: OnnxSession = {
    inputNames: inputs,
    outputNames: ['text_embeds', 'image_embeds'],
    inputMetadata: inputs.map((name) =>
      name === 'pixel_values'
        ? { name, isTensor: true, type: 'float32', shape: ['batch', 3, 224, 224] }
        : { name, isTensor: true, type: 'int64', shape: ['batch', 'sequence'] },
    ),
    run: async (f) => {
      feeds.push(f);
      const rows = (key: string): number => Number(f[key]?.dims[0] ?? 0);
      const out = (n: number): Tensor => new Tensor('float32', new Float32Array(n * 2).fill(1), [n, 2]);
      return { text_embeds: out(rows('input_ids')), image_embeds: out(rows('pixel_values')) };
    },
    release: async () => {},
  };
  return { session, feeds };
}

const config = (contextLength: number): ModelConfig => ({ modelType: 'chinese_clip', configName: undefined, projectionDim: 2, contextLength, neutralPrompt: undefined });

describe('WordPieceTokenizer', () => {
  it('splits every Chinese character into its own token between [CLS] and [SEP]', () => {
    expect(tokenizer.tokenize('猫在沙发上')).toEqual([CLS, id('猫'), id('在'), id('沙'), id('发'), id('上'), SEP]);
  });

  it('lowercases and strips accents as the normalizer configures, and uses word pieces', () => {
    expect(tokenizer.tokenize('A Café Photos!')).toEqual([CLS, id('a'), id('cafe'), id('photo'), id('##s'), id('!'), SEP]);
    const cased = tinyBertTokenizerJson({ lowercase: false }).json;
    const unk = id('[UNK]');
    expect(new WordPieceTokenizer(cased, { contextLength: 52, sepToken: '[SEP]', padToken: '[PAD]' }).tokenize('DOG')).toEqual([CLS, unk, SEP]);
  });

  it('mixes Chinese and English in one query', () => {
    expect(tokenizer.tokenize('a dog在沙发上')).toEqual([CLS, id('a'), id('dog'), id('在'), id('沙'), id('发'), id('上'), SEP]);
  });

  it('truncates to the context length keeping [SEP] last, as cn_clip tokenize() does', () => {
    const short = new WordPieceTokenizer(json, { contextLength: 5, sepToken: '[SEP]', padToken: '[PAD]' });
    expect(short.tokenize('猫狗猫狗猫狗')).toEqual([CLS, id('猫'), id('狗'), id('猫'), SEP]);
    expect(short.tokenize('猫狗猫')).toEqual([CLS, id('猫'), id('狗'), id('猫'), SEP]);
  });

  it('pads with [PAD]', () => {
    expect(tokenizer.padId).toBe(PAD);
    expect(tokenizer.pad([CLS, SEP], 4)).toEqual([CLS, SEP, PAD, PAD]);
  });

  it('refuses a special token the vocabulary lacks, naming it', () => {
    expect(() => new WordPieceTokenizer(json, { contextLength: 52, sepToken: '</s>', padToken: '[PAD]' })).toThrow(/sep_token "<\/s>"/);
  });
});

describe('bertContextLength', () => {
  it('reads tokenizer_config.json model_max_length, capped by the position table', () => {
    expect(bertContextLength(config(512), 52)).toBe(52);
    expect(bertContextLength(config(77), 512)).toBe(77);
    // transformers' "no limit" placeholder (int(1e30)).
    expect(bertContextLength(config(512), 1e30)).toBe(512);
    expect(bertContextLength(config(512), undefined)).toBe(512);
  });
});

describe('the Chinese-CLIP text encoder', () => {
  it('feeds token_type_ids (zeros) when the text model lists it, with [PAD]-padded ids and a mask', async () => {
    const { session, feeds } = fakeSession(['input_ids', 'attention_mask', 'token_type_ids']);
    const encoder = chineseClipFamily.createTextEncoder(session, { tokenizer, dim: 2 });
    await encoder.encode([[CLS, id('猫'), SEP], [CLS, SEP]]);
    const f = feeds[0];
    expect(Object.keys(f ?? {}).sort()).toEqual(['attention_mask', 'input_ids', 'token_type_ids']);
    expect(f?.input_ids?.data).toEqual(BigInt64Array.from([CLS, id('猫'), SEP, CLS, SEP, PAD].map(BigInt)));
    expect(f?.attention_mask?.data).toEqual(BigInt64Array.from([1n, 1n, 1n, 1n, 1n, 0n]));
    expect(f?.token_type_ids?.data).toEqual(new BigInt64Array(6));
  });

  it('feeds only input_ids and attention_mask to a graph without token_type_ids (published exports differ)', async () => {
    const { session, feeds } = fakeSession(['input_ids', 'attention_mask']);
    await chineseClipFamily.createTextEncoder(session, { tokenizer, dim: 2 }).encode([[CLS, SEP]]);
    expect(Object.keys(feeds[0] ?? {}).sort()).toEqual(['attention_mask', 'input_ids']);
  });

  it('feeds a combined graph all four inputs from either tower, the other one a one-item dummy', async () => {
    const { session, feeds } = fakeSession(['input_ids', 'attention_mask', 'token_type_ids', 'pixel_values']);
    const size = { width: 224, height: 224 };
    const text = chineseClipFamily.createTextEncoder(textTowerView(session, dummyPixelFeeds(size)), { tokenizer, dim: 2 });
    const image = chineseClipFamily.createImageEncoder(visionTowerView(session, text.feeds([[PAD]])), { size, dim: 2 });
    await text.encode([[CLS, SEP]]);
    await image.encode([new Float32Array(3 * 224 * 224), new Float32Array(3 * 224 * 224)]);
    for (const f of feeds) expect(Object.keys(f).sort()).toEqual(['attention_mask', 'input_ids', 'pixel_values', 'token_type_ids']);
    expect(feeds[0]?.pixel_values?.dims).toEqual([1, 3, 224, 224]);
    expect(feeds[1]?.input_ids?.dims).toEqual([1, 1]);
    expect(feeds[1]?.token_type_ids?.dims).toEqual([1, 1]);
    expect(feeds[1]?.pixel_values?.dims).toEqual([2, 3, 224, 224]);
  });

  it('refuses a text model input it cannot fill, naming it', () => {
    const { session } = fakeSession(['input_ids', 'position_ids']);
    expect(() => chineseClipFamily.createTextEncoder(session, { tokenizer, dim: 2 })).toThrow(/position_ids/);
  });
});
