import { describe, expect, it } from 'vitest';
import { isCandidateImagePath, isRawPath, isSidecarPath } from '../../../electron/core/image/supported-formats.js';

describe('isCandidateImagePath', () => {
  it('accepts photo and RAW extensions, case-insensitively', () => {
    for (const path of ['a.jpg', 'b.JPEG', 'c.png', 'd.webp', 'e.gif', 'f.TIF', 'g.avif', 'h.HEIC', 'i.heif', 'j.dng', 'k.CR2', 'l.nef', 'm.arw', 'n.raf', 'o.rw2', 'p.orf', 'q.KDC']) {
      expect(isCandidateImagePath(`/photos/${path}`), path).toBe(true);
    }
  });

  it('rejects sidecars, text and extension-less files', () => {
    for (const path of ['a.xmp', 'b.AAE', 'c.txt', 'README', 'LICENSE', 'photo.jpg.json', 'clip.mp4']) {
      expect(isCandidateImagePath(`/photos/${path}`), path).toBe(false);
    }
  });

  it('classifies sidecars and RAWs', () => {
    expect(isSidecarPath('/p/IMG_4120.AAE')).toBe(true);
    expect(isSidecarPath('/p/canon_eos_6d.xmp')).toBe(true);
    expect(isSidecarPath('/p/photo.jpg')).toBe(false);
    expect(isRawPath('/p/x.DNG')).toBe(true);
    expect(isRawPath('/p/x.tif')).toBe(false);
  });
});
