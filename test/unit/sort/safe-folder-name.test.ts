import { describe, expect, it } from 'vitest';
import { MAX_FOLDER_BYTES, safeFolderName } from '../../../electron/core/sort/safe-folder-name.js';

describe('album names as folder names that work on Windows, macOS and Linux', () => {
  it('keeps an ordinary name, spaces and Unicode included', () => {
    expect(safeFolderName('Summer 2024 ★ été')).toEqual({ name: 'Summer 2024 ★ été', changed: null });
  });

  it('replaces the characters Windows forbids and says so', () => {
    const safe = safeFolderName('Red: things? <a|b> "x" *\\/');
    expect(safe.name).toBe('Red_ things_ _a_b_ _x_ ___');
    expect(safe.changed).toMatch(/Windows does not allow/);
  });

  it('replaces control characters', () => {
    expect(safeFolderName('tab\there\u0001').name).toBe('tab_here_');
  });

  it('drops trailing dots and spaces, which Windows silently strips', () => {
    expect(safeFolderName('Holidays... ').name).toBe('Holidays');
  });

  it('never yields a reserved device name, with or without an extension', () => {
    for (const n of ['CON', 'con', 'Nul', 'COM1', 'lpt9', 'AUX.txt', 'PRN.tar.gz']) {
      const safe = safeFolderName(n);
      expect(safe.name).toBe(`${n}_`);
      expect(safe.changed).toMatch(/reserved/);
    }
    expect(safeFolderName('CONTACTS').name).toBe('CONTACTS');
  });

  it('normalises to NFC, so a decomposed "Café" from macOS is the same folder', () => {
    expect(safeFolderName('Cafe\u0301').name).toBe('Café');
  });

  it('shortens long names on a code point boundary', () => {
    const safe = safeFolderName('é'.repeat(200));
    expect(Buffer.byteLength(safe.name)).toBeLessThanOrEqual(MAX_FOLDER_BYTES);
    expect(safe.name).toBe('é'.repeat(MAX_FOLDER_BYTES / 2));
    expect(safeFolderName('😀'.repeat(100)).name).toBe('😀'.repeat(MAX_FOLDER_BYTES / 4));
  });

  it('never yields an empty name or a dot folder', () => {
    expect(safeFolderName('...').name).toBe('_');
    expect(safeFolderName('   ').name).toBe('_');
  });
});
