import { describe, expect, it } from 'vitest';
import { bicubicResizeRgb } from '../../../electron/core/embed/bicubic-resize.js';

// Golden values from Pillow 9.4: Image.frombytes('RGB', (5, 4), SOURCE).resize(size, Image.BICUBIC).
const SOURCE = [0, 217, 178, 115, 76, 37, 230, 191, 152, 89, 50, 11, 204, 165, 126, 167, 128, 89, 26, 243, 204, 141, 102, 63, 0, 217, 178, 115, 76, 37, 78, 39, 0, 193, 154, 115, 52, 13, 230, 167, 128, 89, 26, 243, 204, 245, 206, 167, 104, 65, 26, 219, 180, 141, 78, 39, 0, 193, 154, 115];
const PILLOW_11x9 = [0, 241, 202, 0, 203, 164, 66, 110, 71, 135, 63, 24, 205, 140, 101, 238, 199, 160, 177, 128, 89, 101, 39, 0, 128, 72, 33, 196, 154, 115, 223, 187, 148, 22, 218, 179, 29, 193, 154, 65, 131, 92, 113, 97, 58, 183, 145, 105, 221, 182, 140, 159, 134, 93, 81, 73, 34, 109, 92, 53, 178, 141, 102, 206, 161, 122, 118, 167, 128, 99, 171, 132, 61, 182, 144, 55, 182, 142, 131, 161, 111, 182, 143, 86, 113, 150, 100, 28, 159, 119, 59, 137, 100, 138, 107, 68, 169, 94, 55, 181, 111, 72, 149, 140, 100, 72, 211, 172, 31, 240, 202, 90, 161, 127, 136, 97, 66, 78, 148, 114, 7, 216, 177, 32, 177, 137, 95, 98, 59, 120, 66, 27, 123, 54, 21, 121, 88, 47, 117, 174, 125, 108, 210, 179, 93, 116, 167, 81, 42, 147, 81, 96, 147, 84, 181, 150, 73, 188, 139, 58, 165, 124, 52, 157, 118, 66, 26, 0, 93, 55, 13, 159, 126, 70, 186, 155, 131, 111, 75, 195, 51, 12, 227, 99, 50, 169, 162, 122, 98, 121, 180, 123, 43, 228, 186, 12, 250, 211, 133, 96, 65, 142, 100, 59, 163, 111, 60, 168, 111, 83, 137, 90, 160, 111, 72, 207, 125, 69, 138, 144, 81, 52, 125, 135, 84, 93, 203, 162, 80, 232, 193, 232, 196, 159, 210, 171, 132, 150, 109, 67, 117, 75, 38, 164, 124, 104, 199, 160, 153, 152, 110, 91, 93, 50, 13, 112, 82, 41, 161, 150, 111, 181, 177, 138, 255, 237, 197, 238, 199, 161, 146, 107, 69, 98, 59, 19, 175, 136, 82, 235, 196, 133, 163, 126, 72, 74, 36, 0, 108, 60, 23, 189, 129, 91, 222, 157, 118];
const PILLOW_3x7 = [44, 158, 119, 184, 125, 86, 162, 115, 76, 66, 168, 129, 145, 143, 98, 127, 119, 80, 106, 179, 140, 81, 166, 123, 69, 131, 92, 118, 130, 91, 88, 115, 159, 66, 171, 132, 130, 88, 49, 118, 66, 173, 87, 192, 153, 170, 126, 87, 145, 98, 110, 127, 134, 95, 192, 153, 114, 159, 121, 70, 149, 98, 59];

describe('bicubicResizeRgb (Pillow-exact antialiased bicubic)', () => {
  it('matches Pillow byte for byte when upscaling both axes', () => {
    expect(Array.from(bicubicResizeRgb(Uint8Array.from(SOURCE), 5, 4, 11, 9))).toEqual(PILLOW_11x9);
  });

  it('matches Pillow when one axis shrinks (antialiased) and the other grows', () => {
    expect(Array.from(bicubicResizeRgb(Uint8Array.from(SOURCE), 5, 4, 3, 7))).toEqual(PILLOW_3x7);
  });

  it('computes a window with the same bytes as resizing everything and cropping', () => {
    const window = { left: 3, top: 2, width: 6, height: 5 };
    const expected: number[] = [];
    for (let y = window.top; y < window.top + window.height; y++) {
      expected.push(...PILLOW_11x9.slice((y * 11 + window.left) * 3, (y * 11 + window.left + window.width) * 3));
    }
    expect(Array.from(bicubicResizeRgb(Uint8Array.from(SOURCE), 5, 4, 11, 9, window))).toEqual(expected);
    expect(() => bicubicResizeRgb(Uint8Array.from(SOURCE), 5, 4, 11, 9, { ...window, left: 6 })).toThrow(/inside/);
  });

  it('returns the input unchanged when the size does not change', () => {
    expect(Array.from(bicubicResizeRgb(Uint8Array.from(SOURCE), 5, 4, 5, 4))).toEqual(SOURCE);
  });
});
