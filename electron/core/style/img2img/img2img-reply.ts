/**
 * The part of an AUTOMATIC1111 / Forge `/sdapi/v1/img2img` reply Recollect reads: `images` (base64
 * PNGs, the first is the result; some builds prefix a data: URL) and `info` (a JSON string holding
 * the seed actually used). Everything else is ignored.
 */
import { z } from 'zod';

export const img2imgReplySchema = z.object({
  images: z.array(z.string()).min(1, { message: 'the reply has no image' }),
  info: z.string().optional(),
});

/** The seed the server used, when its `info` says (A1111 returns it as a JSON string). */
export function seedOf(info: string | undefined): number | undefined {
  if (!info) return undefined;
  try {
    const parsed = z.object({ seed: z.number() }).safeParse(JSON.parse(info));
    return parsed.success ? parsed.data.seed : undefined;
  } catch {
    return undefined;
  }
}

/** base64 (optionally a data: URL) to bytes; null when it is not base64. */
export function decodeBase64Image(text: string): Buffer | null {
  const body = text.startsWith('data:') ? text.slice(text.indexOf(',') + 1) : text;
  const clean = body.replace(/\s+/g, '');
  if (clean.length === 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return null;
  return Buffer.from(clean, 'base64');
}
