/**
 * Deterministic "photo-like" scenes of coloured shapes, drawn as SVG and rasterised by sharp.
 * One renderer makes both the training data of the shapes-clip fixture model and the photo
 * folders that tests index, so the model's vocabulary and the test photos cannot drift apart.
 */
import sharp, { type Sharp } from 'sharp';

export const SHAPES = ['circle', 'square', 'triangle', 'star', 'heart', 'cross'] as const;
export const COLOURS = [
  'red',
  'orange',
  'yellow',
  'green',
  'blue',
  'purple',
  'pink',
  'white',
  'black',
  'brown',
] as const;
export const BACKGROUNDS = ['plain', 'sky', 'grass', 'night', 'textured'] as const;
export const SIZES = ['small', 'medium', 'large'] as const;

export type Shape = (typeof SHAPES)[number];
export type Colour = (typeof COLOURS)[number];
export type Background = (typeof BACKGROUNDS)[number];
export type Size = (typeof SIZES)[number];

export interface SceneObject {
  shape: Shape;
  colour: Colour;
  size: Size;
}

/** A caption plus the facts it asserts, so a trainer can tell which other images it also describes. */
export interface Caption {
  text: string;
  claims: string[];
  /**
   * A bare word or two, as a person names an album or types a query ("hearts", "red things"),
   * rather than a description of this scene; the trainer draws these at their own rate.
   */
  word?: true;
}

export interface SceneOptions {
  /** Output width and height in pixels (default 224 x 224). */
  width?: number;
  height?: number;
  /** Upper bound on objects (1-3, default 3). */
  maxObjects?: number;
  /** Output encoding of `buffer` (default 'png'). 'raw' is 3-channel uint8 RGB. */
  format?: 'png' | 'jpeg' | 'webp' | 'raw';
  /** JPEG/WebP quality; default drawn from the seed (60-95). */
  quality?: number;
}

export interface RenderedScene {
  seed: number;
  width: number;
  height: number;
  /** Encoded image (or raw RGB when format is 'raw'), upright. */
  buffer: Buffer;
  format: 'png' | 'jpeg' | 'webp' | 'raw';
  /** One caption picked by the seed from `captions`. */
  caption: string;
  /** Every caption template that is true of the scene, with its claims. */
  captions: Caption[];
  objects: SceneObject[];
  background: Background;
  /** Every fact true of the scene (claims of any true caption are a subset of these). */
  facts: string[];
}

/** mulberry32: tiny, fast, good enough for picking scene parameters reproducibly. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const uniform = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng();
function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from empty list');
  return item;
}

/** Roughly Gaussian (sum of three uniforms, unit variance): cheap enough for every pixel of a 2000 px photo. */
function gauss(rng: Rng): number {
  return (rng() + rng() + rng() - 1.5) * 2;
}

// Colour ranges in HSL, narrow enough that any sample is unambiguously the named colour.
const COLOUR_HSL: Record<Colour, { h: [number, number]; s: [number, number]; l: [number, number] }> = {
  red: { h: [-6, 5], s: [75, 95], l: [42, 52] },
  orange: { h: [24, 32], s: [90, 100], l: [50, 56] },
  yellow: { h: [50, 57], s: [90, 100], l: [50, 58] },
  green: { h: [105, 135], s: [60, 80], l: [30, 42] },
  blue: { h: [212, 228], s: [75, 90], l: [40, 52] },
  purple: { h: [272, 288], s: [55, 72], l: [36, 48] },
  pink: { h: [325, 338], s: [75, 92], l: [72, 80] },
  white: { h: [0, 360], s: [0, 8], l: [94, 99] },
  black: { h: [0, 360], s: [0, 8], l: [4, 11] },
  brown: { h: [20, 30], s: [45, 62], l: [24, 32] },
};

// A shape whose colour matches the background would be hard even for a person to name.
const EXCLUDED: Record<Background, readonly Colour[]> = {
  plain: [],
  sky: ['blue', 'white'],
  grass: ['green'],
  night: ['black', 'purple'],
  textured: [],
};

const hsl = (h: number, s: number, l: number): string =>
  `hsl(${(((h % 360) + 360) % 360).toFixed(1)},${s.toFixed(1)}%,${l.toFixed(1)}%)`;

function colourFill(rng: Rng, colour: Colour): string {
  const c = COLOUR_HSL[colour];
  return hsl(uniform(rng, ...c.h), uniform(rng, ...c.s), uniform(rng, ...c.l));
}

/** SVG for a shape of radius r at (0,0); every shape covers a similar area at equal r. */
function shapePath(shape: Shape, r: number): string {
  const f = (n: number): string => n.toFixed(2);
  switch (shape) {
    case 'circle':
      return `<circle cx="0" cy="0" r="${f(r * 0.9)}"/>`;
    case 'square': {
      const h = r * 0.8;
      return `<rect x="${f(-h)}" y="${f(-h)}" width="${f(2 * h)}" height="${f(2 * h)}"/>`;
    }
    case 'triangle': {
      const pts = [0, 1, 2].map((i) => {
        const a = -Math.PI / 2 + (i * 2 * Math.PI) / 3;
        return `${f(Math.cos(a) * r * 1.1)},${f(Math.sin(a) * r * 1.1 + r * 0.15)}`;
      });
      return `<polygon points="${pts.join(' ')}"/>`;
    }
    case 'star': {
      const pts: string[] = [];
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const rr = i % 2 === 0 ? r * 1.05 : r * 0.45;
        pts.push(`${f(Math.cos(a) * rr)},${f(Math.sin(a) * rr)}`);
      }
      return `<polygon points="${pts.join(' ')}"/>`;
    }
    case 'heart': {
      const s = r / 1;
      return (
        `<path d="M 0 ${f(0.95 * s)} C ${f(-0.2 * s)} ${f(0.7 * s)} ${f(-1.05 * s)} ${f(0.25 * s)} ` +
        `${f(-1.0 * s)} ${f(-0.35 * s)} C ${f(-0.95 * s)} ${f(-0.95 * s)} ${f(-0.2 * s)} ${f(-1.0 * s)} ` +
        `0 ${f(-0.5 * s)} C ${f(0.2 * s)} ${f(-1.0 * s)} ${f(0.95 * s)} ${f(-0.95 * s)} ${f(1.0 * s)} ` +
        `${f(-0.35 * s)} C ${f(1.05 * s)} ${f(0.25 * s)} ${f(0.2 * s)} ${f(0.7 * s)} 0 ${f(0.95 * s)} Z"/>`
      );
    }
    case 'cross': {
      const a = r * 0.95;
      const b = r * 0.32;
      return (
        `<polygon points="${f(-b)},${f(-a)} ${f(b)},${f(-a)} ${f(b)},${f(-b)} ${f(a)},${f(-b)} ` +
        `${f(a)},${f(b)} ${f(b)},${f(b)} ${f(b)},${f(a)} ${f(-b)},${f(a)} ${f(-b)},${f(b)} ` +
        `${f(-a)},${f(b)} ${f(-a)},${f(-b)} ${f(-b)},${f(-b)}"/>`
      );
    }
  }
}

// Object diameter as a fraction of the image's short side.
const SIZE_RANGE: Record<Size, [number, number]> = {
  small: [0.2, 0.25],
  medium: [0.3, 0.36],
  large: [0.44, 0.55],
};

function backgroundSvg(rng: Rng, bg: Background, w: number, h: number, unit: number): string {
  const f = (n: number): string => n.toFixed(1);
  switch (bg) {
    case 'plain': {
      const g = uniform(rng, 42, 78);
      return `<rect width="${w}" height="${h}" fill="${hsl(uniform(rng, 0, 360), uniform(rng, 0, 12), g)}"/>`;
    }
    case 'sky': {
      const top = hsl(uniform(rng, 200, 215), uniform(rng, 55, 75), uniform(rng, 48, 60));
      const bottom = hsl(uniform(rng, 190, 205), uniform(rng, 45, 65), uniform(rng, 75, 86));
      return (
        `<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/>` +
        `<stop offset="1" stop-color="${bottom}"/></linearGradient></defs>` +
        `<rect width="${w}" height="${h}" fill="url(#bg)"/>`
      );
    }
    case 'grass': {
      const top = hsl(uniform(rng, 85, 110), uniform(rng, 40, 60), uniform(rng, 38, 48));
      const bottom = hsl(uniform(rng, 95, 120), uniform(rng, 45, 65), uniform(rng, 20, 28));
      let blades = '';
      for (let i = 0; i < 70; i++) {
        const x = uniform(rng, 0, w);
        const y = uniform(rng, 0, h);
        const len = uniform(rng, 4, 12) * unit;
        const col = hsl(uniform(rng, 80, 125), uniform(rng, 40, 70), uniform(rng, 18, 50));
        blades += `<line x1="${f(x)}" y1="${f(y)}" x2="${f(x + uniform(rng, -2, 2) * unit)}" y2="${f(y - len)}" stroke="${col}" stroke-width="${f(unit * 1.2)}"/>`;
      }
      return (
        `<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/>` +
        `<stop offset="1" stop-color="${bottom}"/></linearGradient></defs>` +
        `<rect width="${w}" height="${h}" fill="url(#bg)"/>${blades}`
      );
    }
    case 'night': {
      const top = hsl(uniform(rng, 220, 245), uniform(rng, 40, 60), uniform(rng, 4, 9));
      const bottom = hsl(uniform(rng, 215, 235), uniform(rng, 35, 55), uniform(rng, 12, 20));
      let stars = '';
      for (let i = 0; i < 40; i++) {
        stars += `<circle cx="${f(uniform(rng, 0, w))}" cy="${f(uniform(rng, 0, h))}" r="${f(uniform(rng, 0.4, 1.0) * unit)}" fill="#fff" fill-opacity="${uniform(rng, 0.4, 0.9).toFixed(2)}"/>`;
      }
      return (
        `<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/>` +
        `<stop offset="1" stop-color="${bottom}"/></linearGradient></defs>` +
        `<rect width="${w}" height="${h}" fill="url(#bg)"/>${stars}`
      );
    }
    case 'textured': {
      const hue = uniform(rng, 20, 45);
      let blotches = `<rect width="${w}" height="${h}" fill="${hsl(hue, uniform(rng, 8, 25), uniform(rng, 45, 62))}"/>`;
      for (let i = 0; i < 90; i++) {
        const col = hsl(hue + uniform(rng, -10, 10), uniform(rng, 5, 30), uniform(rng, 30, 75));
        blotches += `<ellipse cx="${f(uniform(rng, 0, w))}" cy="${f(uniform(rng, 0, h))}" rx="${f(uniform(rng, 3, 14) * unit)}" ry="${f(uniform(rng, 2, 8) * unit)}" fill="${col}" fill-opacity="${uniform(rng, 0.3, 0.7).toFixed(2)}"/>`;
      }
      return blotches;
    }
  }
}

/** "an orange ..." but "a red ...": captions read as a person would write them. */
export const article = (word: string): string => (/^[aeiou]/.test(word) ? 'an' : 'a');
const plural = (s: Shape): string => (s === 'cross' ? 'crosses' : `${s}s`);
const NUMBER_WORDS = ['zero', 'one', 'two', 'three'] as const;

/** Facts true of a scene; caption claims are subsets of these. */
export function sceneFacts(objects: readonly SceneObject[], background: Background): string[] {
  const facts = new Set<string>([`b:${background}`, `n:${objects.length}`]);
  for (const o of objects) {
    facts.add(`s:${o.shape}`);
    facts.add(`c:${o.colour}`);
    facts.add(`cs:${o.colour} ${o.shape}`);
    if (o.size !== 'medium') facts.add(`zcs:${o.size} ${o.colour} ${o.shape}`);
    facts.add(`bs:${background} ${o.shape}`);
    facts.add(`bcs:${background} ${o.colour} ${o.shape}`);
    const nShape = objects.filter((p) => p.shape === o.shape).length;
    const nBoth = objects.filter((p) => p.shape === o.shape && p.colour === o.colour).length;
    facts.add(`ns:${nShape} ${o.shape}`);
    facts.add(`ncs:${nBoth} ${o.colour} ${o.shape}`);
  }
  return [...facts].sort();
}

/** Every caption template that is true of the scene, each with the facts it asserts. */
export function sceneCaptions(objects: readonly SceneObject[], background: Background, options: { words?: boolean } = {}): Caption[] {
  const bgText = `on a ${background} background`;
  const first = objects[0];
  if (!first) throw new Error('scene without objects');
  const out: Caption[] = [];
  const add = (text: string, claims: string[]): void => {
    out.push({ text, claims });
  };
  const allSame = objects.every((o) => o.shape === first.shape && o.colour === first.colour);
  if (objects.length === 1) {
    const { shape: s, colour: c, size: z } = first;
    const cs = `cs:${c} ${s}`;
    add(`${article(c)} ${c} ${s}`, [cs]);
    add(`a photo of ${article(c)} ${c} ${s}`, [cs]);
    add(`a ${s}`, [`s:${s}`]);
    add(`a photo of a ${s}`, [`s:${s}`]);
    add(`${article(c)} ${c} shape`, [`c:${c}`]);
    add(`a photo of ${article(c)} ${c} shape`, [`c:${c}`]);
    add(`${article(c)} ${c} ${s} ${bgText}`, [`bcs:${background} ${c} ${s}`]);
    add(`a photo of ${article(c)} ${c} ${s} ${bgText}`, [`bcs:${background} ${c} ${s}`]);
    add(`a ${s} ${bgText}`, [`bs:${background} ${s}`]);
    if (z !== 'medium') {
      add(`a ${z} ${c} ${s}`, [`zcs:${z} ${c} ${s}`]);
      add(`a ${z} ${c} ${s} ${bgText}`, [`zcs:${z} ${c} ${s}`, `b:${background}`]);
    }
  } else if (allSame) {
    const n = NUMBER_WORDS[objects.length] ?? 'some';
    const { shape: s, colour: c } = first;
    const ncs = `ncs:${objects.length} ${c} ${s}`;
    add(`${n} ${c} ${plural(s)}`, [ncs]);
    add(`a photo of ${n} ${c} ${plural(s)}`, [ncs]);
    add(`${n} ${plural(s)}`, [`ns:${objects.length} ${s}`]);
    add(`${n} ${c} ${plural(s)} ${bgText}`, [ncs, `b:${background}`]);
    add(`${article(c)} ${c} ${s}`, [`cs:${c} ${s}`]);
    add(`${article(c)} ${c} ${s} ${bgText}`, [`bcs:${background} ${c} ${s}`]);
  } else {
    const parts = objects.map((o) => `${article(o.colour)} ${o.colour} ${o.shape}`);
    const csClaims = objects.map((o) => `cs:${o.colour} ${o.shape}`);
    const joined = parts.length === 2 ? parts.join(' and ') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
    add(joined, [...csClaims, `n:${objects.length}`]);
    add(`a photo of ${joined}`, [...csClaims, `n:${objects.length}`]);
    add(`${joined} ${bgText}`, [...csClaims, `n:${objects.length}`, `b:${background}`]);
    for (const o of objects) {
      add(`${article(o.colour)} ${o.colour} ${o.shape}`, [`cs:${o.colour} ${o.shape}`]);
      add(`${article(o.colour)} ${o.colour} ${o.shape} ${bgText}`, [`bcs:${background} ${o.colour} ${o.shape}`]);
    }
  }
  // Plural names and colour words, true of any scene that shows one (opt-in: the committed model
  // is trained without them; docs/albums.md "Fixture models that know bare words" says why).
  if (!options.words) return out;
  for (const s of new Set(objects.map((o) => o.shape))) {
    out.push({ text: plural(s), claims: [`s:${s}`], word: true });
    out.push({ text: `a photo of ${plural(s)}`, claims: [`s:${s}`], word: true });
  }
  for (const c of new Set(objects.map((o) => o.colour))) {
    out.push({ text: `${c} things`, claims: [`c:${c}`], word: true });
    out.push({ text: `a photo of ${c} things`, claims: [`c:${c}`], word: true });
  }
  return out;
}

interface Placed extends SceneObject {
  x: number;
  y: number;
  r: number;
  rot: number;
  fill: string;
}

/** Everything the seed decides about a scene, before any pixels. */
export function planScene(seed: number, maxObjects = 3): { objects: Placed[]; background: Background } {
  const rng = mulberry32(seed ^ 0x5eed);
  const background = pick(rng, BACKGROUNDS);
  const allowed = COLOURS.filter((c) => !EXCLUDED[background].includes(c));
  const kindRoll = rng();
  // Single objects dominate: they carry most caption variety (size, colour-only, shape-only).
  const count = maxObjects <= 1 || kindRoll < 0.6 ? 1 : maxObjects >= 3 && rng() < 0.35 ? 3 : 2;
  const same = count > 1 && rng() < 0.5;
  const specs: SceneObject[] = [];
  for (let i = 0; i < count; i++) {
    const prev = specs[0];
    if (same && prev) {
      specs.push({ ...prev, size: pick(rng, ['small', 'medium'] as const) });
      continue;
    }
    let shape = pick(rng, SHAPES);
    while (specs.some((o) => o.shape === shape)) shape = pick(rng, SHAPES);
    const size = count === 1 ? pick(rng, SIZES) : pick(rng, ['small', 'medium'] as const);
    specs.push({ shape, colour: pick(rng, allowed), size });
  }
  // Positions in unit coordinates of the central square, so a centre crop keeps every object.
  const objects: Placed[] = [];
  for (const spec of specs) {
    const [lo, hi] = SIZE_RANGE[spec.size];
    const r = uniform(rng, lo, hi) / 2;
    let x = 0.5;
    let y = 0.5;
    for (let attempt = 0; attempt < 60; attempt++) {
      x = uniform(rng, r + 0.03, 1 - r - 0.03);
      y = uniform(rng, r + 0.03, 1 - r - 0.03);
      if (objects.every((o) => Math.hypot(o.x - x, o.y - y) > o.r + r + 0.03)) break;
    }
    objects.push({ ...spec, x, y, r, rot: uniform(rng, -15, 15), fill: colourFill(rng, spec.colour) });
  }
  return { objects, background };
}

/** The scene as an upright sharp pipeline of the given size (blur, noise, no encoding yet). */
export async function renderSceneRaw(
  seed: number,
  width: number,
  height: number,
  maxObjects = 3,
): Promise<{ raw: Buffer; objects: SceneObject[]; background: Background }> {
  const { objects, background } = planScene(seed, maxObjects);
  const rng = mulberry32(seed ^ 0xc0ffee);
  const side = Math.min(width, height);
  const ox = (width - side) / 2;
  const oy = (height - side) / 2;
  // Backgrounds are drawn in units of 1/224 of the short side so they look alike at any size.
  const unit = side / 224;
  let body = backgroundSvg(rng, background, width, height, unit);
  for (const o of objects) {
    const cx = ox + o.x * side;
    const cy = oy + o.y * side;
    const r = o.r * side;
    const shadow = r * 0.08;
    body +=
      `<g transform="translate(${(cx + shadow).toFixed(1)},${(cy + shadow).toFixed(1)}) rotate(${o.rot.toFixed(1)})" fill="#000" fill-opacity="0.25">${shapePath(o.shape, r)}</g>` +
      `<g transform="translate(${cx.toFixed(1)},${cy.toFixed(1)}) rotate(${o.rot.toFixed(1)})" fill="${o.fill}">${shapePath(o.shape, r)}</g>`;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;
  let pipeline: Sharp = sharp(Buffer.from(svg)).removeAlpha();
  const sigma = uniform(rng, 0.3, 1.1) * unit;
  if (sigma >= 0.3) pipeline = pipeline.blur(sigma);
  const raw = await pipeline.raw().toBuffer();
  // Sensor-like noise: per-pixel Gaussian, strength drawn per image.
  const amp = uniform(rng, 1, 7);
  const noise = mulberry32(seed ^ 0xbada55);
  for (let i = 0; i < raw.length; i++) {
    const v = (raw[i] ?? 0) + amp * gauss(noise);
    raw[i] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
  }
  return { raw, objects: objects.map(({ shape, colour, size }) => ({ shape, colour, size })), background };
}

/** Renders a scene deterministically from `seed`. */
export async function renderScene(seed: number, options: SceneOptions = {}): Promise<RenderedScene> {
  const width = options.width ?? 224;
  const height = options.height ?? 224;
  const format = options.format ?? 'png';
  const { raw, objects, background } = await renderSceneRaw(seed, width, height, options.maxObjects ?? 3);
  const rng = mulberry32(seed ^ 0xa11ce);
  const quality = options.quality ?? Math.round(uniform(rng, 60, 95));
  const img = sharp(raw, { raw: { width, height, channels: 3 } });
  let buffer: Buffer;
  if (format === 'raw') buffer = raw;
  else if (format === 'jpeg') buffer = await img.jpeg({ quality }).toBuffer();
  else if (format === 'webp') buffer = await img.webp({ quality }).toBuffer();
  else buffer = await img.png().toBuffer();
  const captions = sceneCaptions(objects, background);
  const caption = pick(rng, captions).text;
  return {
    seed,
    width,
    height,
    buffer,
    format,
    caption,
    captions,
    objects,
    background,
    facts: sceneFacts(objects, background),
  };
}
