/**
 * How the model manager's numbers read on screen: download sizes ("about" while the catalog's
 * size is an unchecked estimate), languages by name, download progress in one line.
 */
import type { CatalogModelDto, ModelDownloadJobDto } from '../../../electron/contract/model-manager-dto.js';
import { formatBytes, formatDuration } from './format.js';

const languageNames = new Intl.DisplayNames(undefined, { type: 'language' });

export function languagesText(codes: string[]): string {
  return codes.map((code) => languageNames.of(code) ?? code).join(', ');
}

/** The download size of a variant; null when the model has no such variant. */
export function downloadSizeText(model: CatalogModelDto, quantized: boolean): string | null {
  const bytes = quantized ? model.bytes.quantized : model.bytes.fp32;
  if (bytes === null) return null;
  return `${model.verified ? '' : 'about '}${formatBytes(bytes)}`;
}

/** "12 MB of 580 MB · 4.1 MB/s · 2 min 20 s left". */
export function progressText(job: ModelDownloadJobDto): string {
  const parts = [`${formatBytes(job.bytesDone)} of ${formatBytes(job.bytesTotal)}`];
  if (job.state === 'running' && job.bytesPerSecond > 0) parts.push(`${formatBytes(job.bytesPerSecond)}/s`);
  if (job.state === 'running' && job.etaSeconds !== null) parts.push(`${formatDuration(job.etaSeconds)} left`);
  return parts.join(' · ');
}
