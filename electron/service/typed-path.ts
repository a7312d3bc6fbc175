/**
 * A folder path as a person types it into the app, made absolute on the machine the engine runs
 * on. `~` is the home folder (a shell would expand it; the app has no shell: `~/Pictures` became
 * `<server cwd>/~/Pictures`, issue 13). A relative path is refused: it would resolve against the
 * engine's working directory, which means nothing to the person typing.
 */
import os from 'node:os';
import path from 'node:path';
import { CoreError } from '../core/core-error.js';

export function resolveTypedPath(typed: string, home: string = os.homedir()): string {
  const trimmed = typed.trim();
  if (trimmed === '~') return home;
  if (trimmed.startsWith('~/') || trimmed.startsWith(`~${path.sep}`)) return path.join(home, trimmed.slice(2));
  if (!path.isAbsolute(trimmed)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `"${trimmed}" is not a full path. Type the whole path (for example ${path.join(home, 'Pictures')} or ~/Pictures), or use Browse.` +
        ` Seen from the folder Recollect was started in, it would be ${path.resolve(trimmed)}.`,
    );
  }
  return path.resolve(trimmed);
}
