import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../electron/core/core-error.js';
import { describeReadFailure, isRetryableSkip } from '../../../electron/core/scan/read-failure.js';

function errno(code: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${code}: failed, open '/p/x.jpg'`);
  err.code = code;
  return err;
}

describe('describeReadFailure', () => {
  it('says a permission error in words, never the raw errno text, and marks it retryable', () => {
    const f = describeReadFailure(errno('EACCES'), 'file');
    expect(f).toEqual({ kind: 'access', reason: 'permission denied: Recollect cannot read this file (check its permissions)' });
    expect(isRetryableSkip(f?.kind ?? 'content')).toBe(true);
  });

  it('finds the errno behind a CoreError that wraps it (the image layer wraps open failures)', () => {
    const wrapped = new CoreError('DECODE_FAILED', 'x', { cause: errno('ENOENT') });
    expect(describeReadFailure(wrapped, 'file')?.kind).toBe('vanished');
    expect(describeReadFailure(errno('EIO'), 'folder')?.reason).toMatch(/read error on this folder/);
  });

  it('leaves content errors (no errno) to the decoder, and does not retry them', () => {
    expect(describeReadFailure(new CoreError('DECODE_FAILED', 'truncated JPEG'), 'file')).toBeUndefined();
    expect(isRetryableSkip('content')).toBe(false);
  });
});
