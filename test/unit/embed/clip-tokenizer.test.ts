import { describe, expect, it } from 'vitest';
import { ClipTokenizer } from '../../../electron/core/embed/clip/clip-tokenizer.js';
import { lowercasePerCharacter } from '../../../electron/core/embed/clip/lowercase-per-character.js';
import { EOS, tinyClipTokenizerJson } from './tiny-clip-tokenizer-json.js';

const { json, bosId, eosId } = tinyClipTokenizerJson();
const tokenizer = new ClipTokenizer(json, { contextLength: 77, eosToken: EOS, padToken: EOS });

describe('ClipTokenizer', () => {
  it('wraps a text in start and end tokens', () => {
    const ids = tokenizer.tokenize('dog');
    expect(ids[0]).toBe(bosId);
    expect(ids.at(-1)).toBe(eosId);
    expect(ids).toHaveLength(5); // <bos> d o g</w> <eos>
  });

  it('truncates a long text to the context length, keeping EOS last', () => {
    const long = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');
    const full = new ClipTokenizer(json, { contextLength: 1000 }).tokenize(long);
    expect(full.length).toBeGreaterThan(77);
    const ids = tokenizer.tokenize(long);
    expect(ids).toHaveLength(77);
    expect(ids.at(-1)).toBe(eosId);
    expect(ids.slice(0, 76)).toEqual(full.slice(0, 76));
  });

  it('leaves a text of exactly the context length alone', () => {
    const short = new ClipTokenizer(json, { contextLength: 5, eosToken: EOS });
    expect(short.tokenize('dog')).toEqual(tokenizer.tokenize('dog'));
    expect(short.tokenize('dogs')).toEqual([...tokenizer.tokenize('dogs').slice(0, 4), eosId]);
  });

  it('lowercases a word-final capital sigma to σ like the Rust tokenizer, not ς like JS', () => {
    expect(tokenizer.tokenize('ΟΔΟΣ')).toEqual(tokenizer.tokenize('οδοσ'));
    expect(tokenizer.tokenize('ΟΔΟΣ')).not.toEqual(tokenizer.tokenize('οδος'));
    expect(lowercasePerCharacter('ΣΊΣΥΦΟΣ')).toBe('σίσυφοσ');
    expect('ΣΊΣΥΦΟΣ'.toLowerCase()).toBe('σίσυφος'); // the JS behaviour being corrected
  });

  it('pads with the pad token up to a length', () => {
    const ids = tokenizer.tokenize('a');
    expect(tokenizer.pad(ids, 6)).toEqual([...ids, eosId, eosId, eosId]);
  });

  it('defaults EOS to the end token the post-processor adds, and pad to EOS', () => {
    const bare = new ClipTokenizer(json, { contextLength: 77 });
    expect(bare.eosId).toBe(eosId);
    expect(bare.padId).toBe(eosId);
  });

  it('rejects a pad token that is not in the vocabulary', () => {
    expect(() => new ClipTokenizer(json, { contextLength: 77, padToken: '<pad>' })).toThrow(/pad_token "<pad>"/);
  });
});
