import { describe, expect, it } from 'vitest';
import { folderKey, pathRangeUnder } from '../../../electron/core/store/path-range.js';

const inRange = (p: string, dir: string, sep = '/') => {
  const r = pathRangeUnder(dir, sep);
  return p >= r.low && p < r.high;
};

describe('pathRangeUnder', () => {
  it('contains the folder and its subfolders but not a sibling with the same prefix', () => {
    expect(inRange('/photos/2020/a.jpg', '/photos/2020')).toBe(true);
    expect(inRange('/photos/2020/trip/b.jpg', '/photos/2020/')).toBe(true);
    expect(inRange('/photos/2020-old/c.jpg', '/photos/2020')).toBe(false);
    expect(inRange('/photos/20201/c.jpg', '/photos/2020')).toBe(false);
  });
  it('works with Windows separators', () => {
    expect(inRange('C:\\Pics\\a.jpg', 'C:\\Pics', '\\')).toBe(true);
    expect(inRange('C:\\Pics2\\a.jpg', 'C:\\Pics', '\\')).toBe(false);
  });
  it('stores folders with a trailing separator so the folder itself is in range', () => {
    expect(folderKey('/photos/2020/a.jpg', '/')).toBe('/photos/2020/');
    expect(inRange(folderKey('/photos/2020/a.jpg', '/'), '/photos/2020')).toBe(true);
  });
});
