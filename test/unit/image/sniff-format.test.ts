import { describe, expect, it } from 'vitest';
import { sniffFormat } from '../../../electron/core/image/sniff-format.js';

function bytes(...parts: (string | number[])[]): Buffer {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
}

function ftyp(brand: string, ...compatible: string[]): Buffer {
  const body = bytes('ftyp', brand, [0, 0, 0, 0], ...compatible);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(body.length + 4);
  return Buffer.concat([size, body]);
}

describe('sniffFormat', () => {
  it('recognises the common containers by their magic bytes', () => {
    expect(sniffFormat(bytes([0xff, 0xd8, 0xff, 0xe0]))).toEqual({ kind: 'jpeg' });
    expect(sniffFormat(bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13], 'IHDR'))).toEqual({ kind: 'png' });
    expect(sniffFormat(bytes('GIF89a'))).toEqual({ kind: 'gif' });
    expect(sniffFormat(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toEqual({ kind: 'webp' });
    expect(sniffFormat(bytes('II*\0', [8, 0, 0, 0]))).toEqual({ kind: 'tiff' });
    expect(sniffFormat(bytes('MM\0*', [0, 0, 0, 8]))).toEqual({ kind: 'tiff' });
  });

  it('reads the ISOBMFF major and compatible brands (HEIC, AVIF, CR3)', () => {
    expect(sniffFormat(ftyp('heic', 'mif1', 'heic'))).toEqual({ kind: 'isobmff', brand: 'heic', compatible: ['mif1', 'heic'] });
    expect(sniffFormat(ftyp('avif'))).toMatchObject({ kind: 'isobmff', brand: 'avif' });
    expect(sniffFormat(ftyp('crx '))).toMatchObject({ kind: 'isobmff', brand: 'crx ' });
  });

  it('recognises RAW containers with their own magic', () => {
    expect(sniffFormat(bytes('IIRO', [8, 0, 0, 0]))).toEqual({ kind: 'tiff-raw', name: 'ORF' });
    expect(sniffFormat(bytes('IIU\0', [24, 0, 0, 0]))).toEqual({ kind: 'tiff-raw', name: 'RW2' });
    expect(sniffFormat(bytes('FUJIFILMCCD-RAW 0201'))).toEqual({ kind: 'raf' });
  });

  it('names formats that are images but not supported', () => {
    expect(sniffFormat(bytes('BM', Array<number>(20).fill(0)))).toEqual({ kind: 'unsupported', name: 'BMP' });
    expect(sniffFormat(bytes('8BPS'))).toEqual({ kind: 'unsupported', name: 'PSD' });
  });

  it('reports a PNG with a damaged signature as corrupt, not unknown', () => {
    const damaged = bytes([0x89], 'PNG\r\r\x1a\r', [0, 0, 0, 13], 'IHDR');
    expect(sniffFormat(damaged)).toEqual({ kind: 'corrupt', reason: 'corrupt PNG (damaged file signature)' });
  });

  it('returns unknown for text and empty input', () => {
    expect(sniffFormat(bytes('<?xml version="1.0"?>'))).toEqual({ kind: 'unknown' });
    expect(sniffFormat(Buffer.alloc(0))).toEqual({ kind: 'unknown' });
  });
});
