/**
 * A tokenizer.json shaped like CLIP's (same normalizer, pre-tokenizer, post-processor and BPE
 * settings) with a byte-level alphabet instead of the 49k vocabulary and no merges, so unit tests
 * need no downloaded files: every byte becomes one token, word-final bytes get the `</w>` form.
 */

/** GPT-2 / CLIP bytes_to_unicode: each byte maps to one printable character. */
function byteAlphabet(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const chars = new Array<string>(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    chars[b] = String.fromCodePoint(printable.includes(b) ? b : 256 + extra++);
  }
  return chars;
}

export const BOS = '<|startoftext|>';
export const EOS = '<|endoftext|>';

export function tinyClipTokenizerJson(): { json: Record<string, unknown>; bosId: number; eosId: number } {
  const vocab: Record<string, number> = {};
  for (const ch of byteAlphabet()) vocab[ch] = Object.keys(vocab).length;
  for (const ch of byteAlphabet()) vocab[`${ch}</w>`] = Object.keys(vocab).length;
  const bosId = Object.keys(vocab).length;
  const eosId = bosId + 1;
  vocab[BOS] = bosId;
  vocab[EOS] = eosId;
  const special = (id: number, content: string) => ({
    id, content, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true,
  });
  return {
    bosId,
    eosId,
    json: {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [special(bosId, BOS), special(eosId, EOS)],
      normalizer: {
        type: 'Sequence',
        normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }],
      },
      pre_tokenizer: {
        type: 'Sequence',
        pretokenizers: [
          {
            type: 'Split',
            pattern: { Regex: "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+" },
            behavior: 'Removed',
            invert: true,
          },
          { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
        ],
      },
      post_processor: { type: 'RobertaProcessing', sep: [EOS, eosId], cls: [BOS, bosId], trim_offsets: false, add_prefix_space: false },
      decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
      model: {
        type: 'BPE',
        dropout: null,
        unk_token: EOS,
        continuing_subword_prefix: '',
        end_of_word_suffix: '</w>',
        fuse_unk: false,
        byte_fallback: false,
        ignore_merges: false,
        vocab,
        merges: [],
      },
    },
  };
}
