import { describe, expect, it } from 'vitest';
import { maxPathLength, pathProblem } from '../../../electron/core/sort/plan-checks.js';

describe('path limits a sort checks before writing', () => {
  it('accepts ordinary paths', () => {
    expect(pathProblem('/home/ada/Sorted/Cats/IMG_0001.JPG', 'linux')).toBeNull();
  });

  it('refuses a path longer than the platform allows, in words', () => {
    const deep = `C:\\Users\\ada\\Sorted\\${'x'.repeat(250)}\\IMG_0001.JPG`;
    expect(pathProblem(deep, 'win32')).toMatch(/characters long, more than this system's limit of 259/);
    expect(pathProblem(`/a/${'x/'.repeat(600)}f.jpg`, 'darwin')).toMatch(/limit of 1023/);
    expect(maxPathLength('linux')).toBe(4095);
  });

  it('refuses a file name over 255 bytes (UTF-8 counts, not characters)', () => {
    expect(pathProblem(`/a/${'é'.repeat(130)}.jpg`, 'linux')).toMatch(/longer than 255 bytes/);
    expect(pathProblem(`/a/${'e'.repeat(130)}.jpg`, 'linux')).toBeNull();
  });
});
