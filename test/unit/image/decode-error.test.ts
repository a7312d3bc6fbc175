import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../electron/core/core-error.js';
import { pipelineError, toDecodeError } from '../../../electron/core/image/decode-error.js';

describe('toDecodeError', () => {
  it('keeps the meaningful libvips line and says what happened', () => {
    const err = toDecodeError(new Error('VipsJpeg: premature end of JPEG image\nVipsJpeg: premature end of JPEG image'), 'JPEG');
    expect(err.code).toBe('DECODE_FAILED');
    expect(err.message).toBe('truncated or damaged JPEG (premature end of JPEG image)');
  });

  it('drops path-prefixed seek noise and the libheif error code suffix', () => {
    const raw = '/x/a.heic: bad seek to 3587\n/x/a.heic: bad seek to 3561\nheif: Error while loading plugin: Support for this compression format has not been built in: HEVC (11.6003)';
    const err = toDecodeError(new Error(raw), 'HEIC');
    expect(err.code).toBe('UNSUPPORTED_FORMAT');
    expect(err.message).not.toMatch(/bad seek|\n|11\.6003/);
  });

  it('maps the pixel limit to IMAGE_TOO_LARGE', () => {
    expect(toDecodeError(new Error('Input image exceeds pixel limit'), 'PNG').code).toBe('IMAGE_TOO_LARGE');
  });

  it('passes CoreErrors through and labels pipeline errors by format', () => {
    const core = new CoreError('DECODE_FAILED', 'x');
    expect(toDecodeError(core, 'PNG')).toBe(core);
    expect(pipelineError(new Error('Input file has corrupt header: tiff2vips: samples out of range'), { format: 'tiff' }).message).toBe(
      'corrupt TIFF header (samples out of range)',
    );
  });
});
