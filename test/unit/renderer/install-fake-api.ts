/**
 * Puts a FakeApi where the Electron preload puts the real bridge (`window.recollect`), so
 * renderer/src/lib/api.ts picks it up as it would in the app. Import the state modules after this
 * (dynamic import): api.ts reads `window.recollect` once, when it is first loaded.
 */
import { vi } from 'vitest';
import { FakeApi } from '../../helpers/fake-api.js';

export function installFakeApi(): FakeApi {
  const fake = new FakeApi();
  vi.stubGlobal('window', { recollect: fake.bridge, confirm: () => true });
  return fake;
}
