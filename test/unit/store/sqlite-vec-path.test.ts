import { describe, expect, it } from 'vitest';
import { unpackedExtensionPath } from '../../../electron/core/store/open-library.js';

describe('unpackedExtensionPath', () => {
  it('points a packaged app at the unpacked copy of the extension', () => {
    expect(unpackedExtensionPath('/opt/Recollect/resources/app.asar/node_modules/sqlite-vec-linux-x64/vec0.so')).toBe(
      '/opt/Recollect/resources/app.asar.unpacked/node_modules/sqlite-vec-linux-x64/vec0.so',
    );
    expect(unpackedExtensionPath('C:\\Program Files\\Recollect\\resources\\app.asar\\node_modules\\x\\vec0.dll')).toBe(
      'C:\\Program Files\\Recollect\\resources\\app.asar.unpacked\\node_modules\\x\\vec0.dll',
    );
  });
  it('leaves a development path alone', () => {
    expect(unpackedExtensionPath('/work/node_modules/sqlite-vec-linux-x64/vec0.so')).toBe('/work/node_modules/sqlite-vec-linux-x64/vec0.so');
  });
});
