import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../electron/core/search/parse-query.js';

describe('parseQuery', () => {
  it('splits negative terms off the description', () => {
    expect(parseQuery('beach -people')).toEqual({ positive: 'beach', negatives: ['people'] });
  });
  it('supports quoted negative phrases and keeps in-word hyphens', () => {
    expect(parseQuery('black-and-white street -"red car" at night')).toEqual({
      positive: 'black-and-white street at night',
      negatives: ['red car'],
    });
  });
  it('ignores a lone dash', () => {
    expect(parseQuery('sunset - sea')).toEqual({ positive: 'sunset sea', negatives: [] });
  });
});
