/**
 * Opens the photo of a "more like this" query that is not in the library, with failures in words:
 * a path that does not exist is "no such file", not "not in the library" (issue 13, defect 7).
 */
import fs from 'node:fs/promises';
import { CoreError, describeError } from '../core-error.js';
import type { ClipModel } from '../embed/clip-model.js';
import { openImage } from '../image/open-image.js';
import { describeReadFailure } from '../scan/read-failure.js';

/** The model input for the photo at `resolved` (`shown`: the path as the user typed it). */
export async function queryImagePixels(model: Pick<ClipModel, 'preprocess'>, resolved: string, shown: string): Promise<Float32Array> {
  const stat = await fs.stat(resolved).catch((err: unknown) => {
    const code = err instanceof Error && 'code' in err ? err.code : undefined;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CoreError('PHOTO_NOT_FOUND', `No such file: ${shown}`, { cause: err });
    throw new CoreError('PHOTO_NOT_FOUND', `Cannot read ${shown}: ${describeReadFailure(err, 'file')?.reason ?? describeError(err)}`, { cause: err });
  });
  if (!stat.isFile()) throw new CoreError('INVALID_ARGUMENT', `${shown} is a folder; "similar" needs one photo.`);
  try {
    return await model.preprocess(await openImage(resolved));
  } catch (err) {
    const code = err instanceof CoreError ? err.code : 'DECODE_FAILED';
    throw new CoreError(code, `Cannot use ${shown} as an example: ${describeError(err)}`, { cause: err });
  }
}
