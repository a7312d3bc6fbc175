import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../../electron/contract/error-message.js';

describe('errorMessage', () => {
  it('reads the message of an Error', () => {
    expect(errorMessage(new RangeError('out of range'))).toBe('out of range');
  });

  it('reads the message of a plain { code, message } object (an ApiErrorDto after IPC)', () => {
    expect(errorMessage({ code: 'PHOTO_NOT_FOUND', message: 'No photo 7' })).toBe('No photo 7');
  });

  it('gives a thrown string as it is', () => {
    expect(errorMessage('disk full')).toBe('disk full');
  });

  it('words other thrown values instead of printing "undefined"', () => {
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
    expect(errorMessage({ message: 3 })).toBe('[object Object]');
  });

  it('does not throw for an object without a prototype', () => {
    expect(errorMessage(Object.create(null))).toBe('[object Object]');
  });
});
