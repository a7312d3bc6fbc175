/**
 * Dev harness: installs the fake bridge as `window.recollect` (as the Electron preload would), then
 * starts the app. Open /dev/?photos=100000&firstRun=1&indexing=1&shell=1&picker=1&restart=1500
 * under `npm run dev:renderer`.
 */
import { createFakeLibrary } from './fake-library.js';

const params = new URLSearchParams(location.search);
const flag = (name: string): boolean => params.get(name) === '1';

window.recollect = createFakeLibrary({
  photos: Number(params.get('photos') ?? 100_000),
  firstRun: flag('firstRun'),
  indexing: flag('indexing'),
  shell: flag('shell'),
  picker: flag('picker'),
  restartAfterMs: Number(params.get('restart') ?? 0),
});

await import('../src/main.js');
