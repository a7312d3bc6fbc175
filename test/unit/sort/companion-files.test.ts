import { describe, expect, it } from 'vitest';
import { groupOf, newSidecarName, withSuffix } from '../../../electron/core/sort/companion-files.js';

const folder = ['IMG_1.JPG', 'IMG_1.CR2', 'IMG_1.JPG.xmp', 'IMG_1.CR2.xmp', 'IMG_2.HEIC', 'IMG_2.MOV', 'IMG_2.AAE', 'IMG_3.jpg', 'IMG_3.xmp', 'IMG_10.JPG', 'IMG_1 copy.JPG', 'notes.txt'];

describe('companion files travel with their photo', () => {
  it('a JPEG takes its RAW and its own sidecar; the RAW sidecar belongs to the RAW', () => {
    expect(groupOf('IMG_1.JPG', folder)).toEqual({ stem: 'IMG_1', names: ['IMG_1.JPG', 'IMG_1.CR2', 'IMG_1.JPG.xmp'], sidecar: 'IMG_1.JPG.xmp' });
    expect(groupOf('IMG_1.CR2', folder)).toEqual({ stem: 'IMG_1', names: ['IMG_1.CR2', 'IMG_1.CR2.xmp', 'IMG_1.JPG'], sidecar: 'IMG_1.CR2.xmp' });
  });

  it('a Live Photo takes its movie and its edit file', () => {
    expect(groupOf('IMG_2.HEIC', folder).names).toEqual(['IMG_2.HEIC', 'IMG_2.AAE', 'IMG_2.MOV']);
  });

  it('a Lightroom-style <stem>.xmp is the sidecar when there is no <name>.xmp', () => {
    expect(groupOf('IMG_3.jpg', folder)).toEqual({ stem: 'IMG_3', names: ['IMG_3.jpg', 'IMG_3.xmp'], sidecar: 'IMG_3.xmp' });
  });

  it('does not take files whose name only starts the same', () => {
    expect(groupOf('IMG_10.JPG', folder).names).toEqual(['IMG_10.JPG']);
    expect(groupOf('IMG_1 copy.JPG', folder).names).toEqual(['IMG_1 copy.JPG']);
  });

  it('two pixel files of one stem are not a pair (only RAW + pixel is)', () => {
    expect(groupOf('a.jpg', ['a.jpg', 'a.png']).names).toEqual(['a.jpg']);
  });

  it('a suffix goes after the stem so the group keeps one name', () => {
    expect(withSuffix('IMG_1.JPG.xmp', 'IMG_1', 2)).toBe('IMG_1 (2).JPG.xmp');
    expect(withSuffix('IMG_1.CR2', 'IMG_1', 3)).toBe('IMG_1 (3).CR2');
    expect(withSuffix('IMG_1.CR2', 'IMG_1', 1)).toBe('IMG_1.CR2');
    expect(newSidecarName('plage à midi.jpg')).toBe('plage à midi.jpg.xmp');
  });
});
