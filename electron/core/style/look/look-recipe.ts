/**
 * The CLIP look finder's recipe: a dozen bounded photo adjustments as plain JSON (issue 11,
 * style-preview.md). Owns the parameter space: names, bounds, identity, the normalised coordinates
 * the optimiser searches in, `strength` interpolation and parsing a recipe that came back from a
 * user or the API. Pure data; rendering is render-look.ts, searching look-search.ts.
 */

/** One adjustment: its range, and the value that leaves the photo unchanged. */
export interface LookParameter {
  readonly name: LookParameterName;
  readonly min: number;
  readonly max: number;
  readonly identity: number;
  /** What it does, for the docs and the recipe shown to users. */
  readonly meaning: string;
}

export const LOOK_PARAMETER_NAMES = [
  'exposure',
  'contrast',
  'gamma',
  'fade',
  'saturation',
  'hue',
  'temperature',
  'tint',
  'vignette',
  'grain',
  'sharpness',
] as const;

export type LookParameterName = (typeof LOOK_PARAMETER_NAMES)[number];

/** The recipe: every parameter by name (plain JSON, reproducible, copyable). */
export type LookRecipe = { readonly kind: 'look'; readonly version: 1 } & Readonly<Record<LookParameterName, number>>;

/**
 * Ranges chosen so that every corner still reads as a photo: +-1 stop of exposure, contrast and
 * gamma that keep shadows, fade that lifts blacks to a quarter grey at most. Hue turns all the way
 * round (+-180 degrees) because a colour look ("a red shape" on a blue one) needs it; the content
 * floor of the search is what keeps a real photo recognisable.
 */
export const LOOK_PARAMETERS: readonly LookParameter[] = [
  { name: 'exposure', min: -1, max: 1, identity: 0, meaning: 'brightness in stops (x 2^exposure)' },
  { name: 'contrast', min: -0.5, max: 0.6, identity: 0, meaning: 'slope around mid-grey (1 + contrast)' },
  { name: 'gamma', min: 0.6, max: 1.6, identity: 1, meaning: 'midtones: > 1 brightens, < 1 darkens' },
  { name: 'fade', min: 0, max: 0.25, identity: 0, meaning: 'lifted blacks (film fade), fraction of white' },
  { name: 'saturation', min: -1, max: 1, identity: 0, meaning: 'colourfulness: -1 black and white, +1 double' },
  { name: 'hue', min: -180, max: 180, identity: 0, meaning: 'hue rotation in degrees' },
  { name: 'temperature', min: -1, max: 1, identity: 0, meaning: 'white balance: + warmer (red up, blue down), - cooler' },
  { name: 'tint', min: -1, max: 1, identity: 0, meaning: 'white balance: + magenta (green down), - green' },
  { name: 'vignette', min: 0, max: 1, identity: 0, meaning: 'darkened corners, 1 = corners at 30 %' },
  { name: 'grain', min: 0, max: 1, identity: 0, meaning: 'film grain, 1 = noise of 8 % of white' },
  { name: 'sharpness', min: -1, max: 1, identity: 0, meaning: '- soft-focus blur, + sharpening' },
];

export const LOOK_DIMENSIONS = LOOK_PARAMETERS.length;

export function identityRecipe(): LookRecipe {
  return fromEntries((p) => p.identity);
}

function fromEntries(value: (p: LookParameter) => number): LookRecipe {
  const values = Object.fromEntries(LOOK_PARAMETERS.map((p) => [p.name, value(p)]));
  return { kind: 'look', version: 1, ...pickNumbers(values) };
}

/** Typed record of every parameter from a plain object whose keys were built from LOOK_PARAMETERS. */
function pickNumbers(values: Readonly<Record<string, number>>): Record<LookParameterName, number> {
  return {
    exposure: values.exposure ?? 0,
    contrast: values.contrast ?? 0,
    gamma: values.gamma ?? 1,
    fade: values.fade ?? 0,
    saturation: values.saturation ?? 0,
    hue: values.hue ?? 0,
    temperature: values.temperature ?? 0,
    tint: values.tint ?? 0,
    vignette: values.vignette ?? 0,
    grain: values.grain ?? 0,
    sharpness: values.sharpness ?? 0,
  };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * The optimiser's coordinates: u = 0 is identity, u = +1 the parameter's max, u = -1 its min
 * (piecewise linear, so a one-sided parameter like fade maps every u <= 0 to identity). Searching
 * in u makes one step size fit every parameter, whatever its unit.
 */
export function recipeFromCoordinates(u: ArrayLike<number>): LookRecipe {
  return fromEntries((p) => {
    const x = clamp(u[LOOK_PARAMETERS.indexOf(p)] ?? 0, -1, 1);
    return x >= 0 ? p.identity + x * (p.max - p.identity) : p.identity + x * (p.identity - p.min);
  });
}

export function coordinatesFromRecipe(recipe: LookRecipe): Float64Array {
  return Float64Array.from(LOOK_PARAMETERS, (p) => {
    const v = recipe[p.name];
    if (v >= p.identity) return p.max === p.identity ? 0 : (v - p.identity) / (p.max - p.identity);
    return p.min === p.identity ? 0 : (v - p.identity) / (p.identity - p.min);
  });
}

/** `strength` 0..1 between identity (0) and the found look (1), parameter by parameter. */
export function scaleRecipe(recipe: LookRecipe, strength: number): LookRecipe {
  const s = clamp(strength, 0, 1);
  return fromEntries((p) => roundParameter(p.identity + s * (recipe[p.name] - p.identity)));
}

/** Four decimals: the recipe is shown and copied; more digits change nothing visible. */
function roundParameter(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}

export function roundRecipe(recipe: LookRecipe): LookRecipe {
  return fromEntries((p) => roundParameter(recipe[p.name]));
}

export function isIdentityRecipe(recipe: LookRecipe): boolean {
  return LOOK_PARAMETERS.every((p) => recipe[p.name] === p.identity);
}

/**
 * A recipe from untrusted JSON (the API, a pasted recipe): every parameter must be a finite number
 * inside its bounds; missing ones are identity (a recipe from a future version with more
 * parameters than this one knows is refused, not half-applied). Returns the reason when it is not.
 */
export function parseLookRecipe(value: unknown): { ok: true; recipe: LookRecipe } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'a look recipe is a JSON object' };
  const entries = new Map(Object.entries(value));
  if (entries.get('kind') !== 'look') return { ok: false, reason: 'not a look recipe (kind must be "look")' };
  if (entries.has('version') && entries.get('version') !== 1) return { ok: false, reason: `look recipe version ${String(entries.get('version'))} is not supported (this version reads 1)` };
  const known = new Set<string>(['kind', 'version', ...LOOK_PARAMETER_NAMES]);
  const unknown = [...entries.keys()].filter((k) => !known.has(k));
  if (unknown.length > 0) return { ok: false, reason: `unknown look parameter(s): ${unknown.join(', ')}` };
  const values: Record<string, number> = {};
  for (const p of LOOK_PARAMETERS) {
    const v = entries.get(p.name) ?? p.identity;
    if (typeof v !== 'number' || !Number.isFinite(v)) return { ok: false, reason: `${p.name} must be a number` };
    if (v < p.min || v > p.max) return { ok: false, reason: `${p.name} must be between ${p.min} and ${p.max} (got ${v})` };
    values[p.name] = v;
  }
  return { ok: true, recipe: { kind: 'look', version: 1, ...pickNumbers(values) } };
}
