/**
 * A tokenizer.json of the shape transformers' BertTokenizerFast saves (BertNormalizer with
 * handle_chinese_chars, BertPreTokenizer, WordPiece, `[CLS] $A [SEP]` template), with a tiny
 * vocabulary, so WordPiece behaviour is tested without the 21,128-token Chinese-CLIP file.
 */
const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
const WORDS = ['猫', '狗', '在', '沙', '发', '上', 'a', 'dog', 'cafe', 'photo', '##s', '!'] as const;

export function tinyBertTokenizerJson(options: { lowercase?: boolean } = {}): { json: object; id: (token: string) => number } {
  const vocab: Record<string, number> = {};
  [...SPECIAL, ...WORDS].forEach((token, i) => (vocab[token] = i));
  const id = (token: string): number => {
    const value = vocab[token];
    if (value === undefined) throw new Error(`no ${token} in the tiny vocabulary`);
    return value;
  };
  const special = (token: string) => ({ id: token, ids: [id(token)], tokens: [token] });
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map((content) => ({
      id: id(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: options.lowercase ?? true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [],
      special_tokens: { '[CLS]': special('[CLS]'), '[SEP]': special('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
  return { json, id };
}
