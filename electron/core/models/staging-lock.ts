/**
 * One download of a model at a time, across processes (the app and the CLI share the models
 * folder): a lock file beside the staging folder names the process that holds it. A lock whose
 * process is gone (killed, crashed) is taken over, so a crash never blocks the resume.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { CoreError } from '../core-error.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}

async function holder(lockFile: string): Promise<number | null> {
  const pid = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Takes the lock or says who has it; returns the release function. */
export async function lockStaging(lockFile: string, what: string): Promise<() => Promise<void>> {
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fh = await open(lockFile, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      return () => rm(lockFile, { force: true });
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) throw err;
      const pid = await holder(lockFile);
      if (pid !== null && alive(pid)) {
        throw new CoreError('MODEL_IN_USE', `${what} is already being downloaded${pid === process.pid ? '' : ` by another Recollect (process ${pid})`}; wait for it to finish or cancel it.`);
      }
      await rm(lockFile, { force: true });
    }
  }
  throw new CoreError('MODEL_DOWNLOAD_FAILED', `Could not take the download lock ${lockFile}.`);
}
