import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLibraryFile } from '../../../electron/paths/library-location.js';
import { resolveModelsDir } from '../../../electron/paths/models-location.js';

describe('models location', () => {
  it('is a models folder beside the default library, per platform', () => {
    expect(resolveModelsDir({}, 'linux')).toBe(path.join(os.homedir(), '.config', 'Recollect', 'models'));
    expect(resolveModelsDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux')).toBe(path.join(path.dirname(defaultLibraryFile('linux', { XDG_CONFIG_HOME: '/x/cfg' })), 'models'));
    expect(resolveModelsDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toBe(path.join('C:\\Users\\a\\AppData\\Roaming', 'Recollect', 'models'));
  });
  it('honours RECOLLECT_MODELS_DIR', () => {
    expect(resolveModelsDir({ RECOLLECT_MODELS_DIR: '/data/models' }, 'linux')).toBe('/data/models');
  });
});
