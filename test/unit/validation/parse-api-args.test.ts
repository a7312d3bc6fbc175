import { describe, expect, it } from 'vitest';
import { API_METHODS } from '../../../electron/contract/channels.js';
import { InvalidArgumentError, isRecollectMethod, parseApiArgs, parseApiCall } from '../../../electron/validation/index.js';

function rejects(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).code).toBe('INVALID_ARGUMENT');
    return err as InvalidArgumentError;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('isRecollectMethod', () => {
  it('accepts every contract method', () => {
    for (const m of API_METHODS) expect(isRecollectMethod(m)).toBe(true);
  });

  it('refuses unknown and inherited names', () => {
    for (const name of ['', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'close', 'events', 'assets', 'SEARCH']) {
      expect(isRecollectMethod(name)).toBe(false);
    }
  });
});

describe('parseApiArgs', () => {
  it('accepts the empty list for methods without arguments', () => {
    expect(parseApiArgs('getStatus', [])).toEqual([]);
    expect(parseApiArgs('pauseIndexing', [])).toEqual([]);
  });

  it('refuses extra arguments', () => {
    rejects(() => parseApiArgs('getStatus', [1]));
    rejects(() => parseApiArgs('getPhoto', [1, 2]));
  });

  it('refuses arguments that are not a list', () => {
    for (const args of [undefined, null, {}, '[]', 3, { 0: 1, length: 1 }]) rejects(() => parseApiArgs('getPhoto', args));
  });

  it('listSubfolders takes a path, or null for the home folder, and nothing else', () => {
    expect(parseApiArgs('listSubfolders', [null])).toEqual([null]);
    expect(parseApiArgs('listSubfolders', ['~/Pictures'])).toEqual(['~/Pictures']);
    rejects(() => parseApiArgs('listSubfolders', []));
    rejects(() => parseApiArgs('listSubfolders', ['']));
    rejects(() => parseApiArgs('listSubfolders', ['/a\0b']));
    rejects(() => parseApiArgs('listSubfolders', [42]));
  });

  it('accepts a valid search query and returns it typed', () => {
    const [q] = parseApiArgs('search', [{ text: 'a red circle', limit: 60, showWeak: false }]);
    expect(q.text).toBe('a red circle');
  });

  it('accepts undefined optional fields (structured clone keeps them)', () => {
    expect(parseApiArgs('search', [{ text: 'x', folder: undefined }])[0].text).toBe('x');
  });

  it('refuses wrong types, unknown keys and out-of-range numbers in a search query', () => {
    rejects(() => parseApiArgs('search', [{ text: 42 }]));
    rejects(() => parseApiArgs('search', [{ text: 'x', evil: true }]));
    rejects(() => parseApiArgs('search', [{ text: 'x', limit: 0 }]));
    rejects(() => parseApiArgs('search', [{ text: 'x', limit: 1e9 }]));
    rejects(() => parseApiArgs('search', [{ text: 'x'.repeat(1001) }]));
    rejects(() => parseApiArgs('search', [{ similarTo: -1 }]));
    rejects(() => parseApiArgs('search', [{ folder: null }]));
    rejects(() => parseApiArgs('search', ['a red circle']));
  });

  it('refuses photo ids that are not positive safe integers', () => {
    for (const id of [0, -1, 1.5, '1', Number.MAX_SAFE_INTEGER + 2, NaN, null]) rejects(() => parseApiArgs('getPhoto', [id]));
    expect(parseApiArgs('getPhoto', [7])).toEqual([7]);
  });

  it('refuses empty paths and paths with a NUL byte', () => {
    rejects(() => parseApiArgs('addFolder', ['']));
    rejects(() => parseApiArgs('addFolder', ['/photos\0/etc']));
    rejects(() => parseApiArgs('addFolder', ['x'.repeat(5000)]));
    expect(parseApiArgs('addFolder', ['/home/me/Pictures'])).toEqual(['/home/me/Pictures']);
  });

  it('checks setModel device choices and listPhotos paging', () => {
    expect(parseApiArgs('setModel', [{ dir: '/m', device: 'cpu' }])).toEqual([{ dir: '/m', device: 'cpu' }]);
    rejects(() => parseApiArgs('setModel', [{ dir: '/m', device: 'tpu' }]));
    rejects(() => parseApiArgs('setModel', [{ dir: '/m' }]));
    expect(parseApiArgs('listPhotos', [{ offset: 0, limit: 100 }])).toEqual([{ offset: 0, limit: 100 }]);
    rejects(() => parseApiArgs('listPhotos', [{ offset: -1, limit: 100 }]));
    rejects(() => parseApiArgs('listPhotos', [{ offset: 0, limit: 100000 }]));
  });

  it('names the method and the offending argument without echoing the value', () => {
    const err = rejects(() => parseApiArgs('search', [{ text: 'secret'.repeat(200) }]));
    expect(err.message).toMatch(/^search: invalid arguments at args\.0\.text/);
    expect(err.message).not.toContain('secret');
    expect(err.toDto()).toEqual({ code: 'INVALID_ARGUMENT', message: err.message });
  });
});

describe('parseApiCall', () => {
  it('refuses an unknown method name before looking at the arguments', () => {
    expect(rejects(() => parseApiCall('close', [])).message).toContain('Unknown method');
    expect(parseApiCall('getPhoto', [3])).toEqual({ method: 'getPhoto', args: [3] });
  });
});
