/**
 * Small distinct JPEG/PNG files for indexing tests where content does not matter, only identity.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

export async function writeNoisePhoto(file: string, seed: number, width = 320, height = 240): Promise<void> {
  const data = Buffer.alloc(width * height * 3);
  let s = seed * 2654435761 + 1;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    // Smooth-ish gradient plus noise, so JPEG keeps it distinct per seed.
    data[i] = ((i % (width * 3)) * (seed % 7 + 1) + (s >>> 24)) & 0xff;
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  const img = sharp(data, { raw: { width, height, channels: 3 } });
  await (file.endsWith('.png') ? img.png() : img.jpeg({ quality: 85 })).toFile(file);
}

export async function writeNoisePhotos(dir: string, count: number, firstSeed = 1): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `photo-${String(i).padStart(4, '0')}.jpg`);
    await writeNoisePhoto(file, firstSeed + i);
    files.push(file);
  }
  return files;
}

export type Colour = 'red' | 'green' | 'blue';
const RGB: Record<Colour, [number, number, number]> = { red: [220, 30, 30], green: [30, 200, 40], blue: [30, 40, 220] };

/** Plain colour photos (a little noise each, so every file has its own content hash). */
export async function writeColourPhotos(dir: string, counts: Partial<Record<Colour, number>>): Promise<Record<Colour, string[]>> {
  const out: Record<Colour, string[]> = { red: [], green: [], blue: [] };
  let seed = 1;
  for (const colour of ['red', 'green', 'blue'] as const) {
    for (let i = 0; i < (counts[colour] ?? 0); i++) {
      const [r, g, b] = RGB[colour];
      const width = 64;
      const height = 48;
      const data = Buffer.alloc(width * height * 3);
      for (let p = 0; p < width * height; p++) {
        const jitter = (seed * 31 + p * 7) % 9;
        data[p * 3] = r + jitter;
        data[p * 3 + 1] = g + jitter;
        data[p * 3 + 2] = b + jitter;
      }
      seed++;
      const file = path.join(dir, `${colour}-${i}.png`);
      await fs.mkdir(dir, { recursive: true });
      await sharp(data, { raw: { width, height, channels: 3 } }).png().toFile(file);
      out[colour].push(file);
    }
  }
  return out;
}
