/**
 * The pixels a photo can be asked for (thumbnail, viewer preview, full resolution for the viewer's
 * 1:1 zoom) and how a photo id is written in
 * a URL: one definition for the protocol handler, the browser host, the worker, the preload and
 * the assets cache. Pure data and guards (contract module).
 */
export const PHOTO_ASSET_KINDS = ['thumb', 'preview', 'full'] as const;

export type PhotoAssetKind = (typeof PHOTO_ASSET_KINDS)[number];

export function isPhotoAssetKind(value: unknown): value is PhotoAssetKind {
  return value === 'thumb' || value === 'preview' || value === 'full';
}

/** Regular-expression sources for URL patterns: `(thumb|preview|full)` and a positive id of up to 16 digits. */
export const PHOTO_ASSET_KIND_PATTERN = PHOTO_ASSET_KINDS.join('|');
export const PHOTO_ID_PATTERN = '[1-9][0-9]{0,15}';

const ID = new RegExp(`^${PHOTO_ID_PATTERN}$`);

/** A photo id as written in a URL, or null for anything else (leading zeros, signs, huge numbers). */
export function parsePhotoId(raw: string): number | null {
  if (!ID.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}

export function isPhotoId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
