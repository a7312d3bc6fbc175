import { describe, expect, it } from 'vitest';
import {
  coordinatesFromRecipe,
  identityRecipe,
  isIdentityRecipe,
  LOOK_PARAMETERS,
  parseLookRecipe,
  recipeFromCoordinates,
  scaleRecipe,
} from '../../../electron/core/style/look/look-recipe.js';

describe('look recipe', () => {
  it('identity is every parameter at its do-nothing value (gamma 1, the rest 0)', () => {
    const id = identityRecipe();
    expect(id.kind).toBe('look');
    expect(id.gamma).toBe(1);
    for (const p of LOOK_PARAMETERS) expect(id[p.name]).toBe(p.identity);
    expect(isIdentityRecipe(id)).toBe(true);
  });

  it('maps the optimiser coordinates onto the bounds: 0 identity, +1 max, -1 min, beyond clamped', () => {
    const n = LOOK_PARAMETERS.length;
    const top = recipeFromCoordinates(new Float64Array(n).fill(1));
    const bottom = recipeFromCoordinates(new Float64Array(n).fill(-1));
    const beyond = recipeFromCoordinates(new Float64Array(n).fill(7));
    for (const p of LOOK_PARAMETERS) {
      expect(top[p.name]).toBeCloseTo(p.max, 10);
      expect(bottom[p.name]).toBeCloseTo(p.min, 10);
      expect(beyond[p.name]).toBeCloseTo(p.max, 10);
    }
    expect(isIdentityRecipe(recipeFromCoordinates(new Float64Array(n)))).toBe(true);
  });

  it('round-trips coordinates inside the box', () => {
    const u = Float64Array.from(LOOK_PARAMETERS, (p, i) => (p.min === p.identity ? 0.3 : i % 2 ? -0.4 : 0.6));
    const back = coordinatesFromRecipe(recipeFromCoordinates(u));
    back.forEach((v, i) => expect(v).toBeCloseTo(u[i] ?? 0, 10));
  });

  it('strength 0 is identity, 1 is the look, 0.5 halfway for every parameter', () => {
    const look = { ...identityRecipe(), exposure: 0.8, gamma: 1.4, hue: -90, vignette: 0.6 };
    expect(isIdentityRecipe(scaleRecipe(look, 0))).toBe(true);
    expect(scaleRecipe(look, 1)).toEqual(look);
    const half = scaleRecipe(look, 0.5);
    expect(half.exposure).toBeCloseTo(0.4, 4);
    expect(half.gamma).toBeCloseTo(1.2, 4);
    expect(half.hue).toBeCloseTo(-45, 4);
    expect(half.vignette).toBeCloseTo(0.3, 4);
    expect(scaleRecipe(look, 3)).toEqual(look);
  });

  it('parses a recipe it wrote, filling missing parameters with identity', () => {
    const look = scaleRecipe({ ...identityRecipe(), saturation: -1, contrast: 0.5 }, 0.75);
    expect(parseLookRecipe(JSON.parse(JSON.stringify(look)))).toEqual({ ok: true, recipe: look });
    const partial = parseLookRecipe({ kind: 'look', hue: 30 });
    expect(partial.ok && partial.recipe.hue).toBe(30);
    expect(partial.ok && partial.recipe.gamma).toBe(1);
  });

  it('refuses out-of-bounds, unknown, non-numeric and foreign recipes with the reason', () => {
    const reason = (v: unknown) => {
      const r = parseLookRecipe(v);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason({ kind: 'look', exposure: 5 })).toMatch(/exposure must be between -1 and 1/);
    expect(reason({ kind: 'look', hue: Number.NaN })).toMatch(/hue must be a number/);
    expect(reason({ kind: 'look', exposure: '0.5' })).toMatch(/exposure must be a number/);
    expect(reason({ kind: 'look', sparkle: 1 })).toMatch(/unknown look parameter\(s\): sparkle/);
    expect(reason({ kind: 'look', version: 2 })).toMatch(/version 2 is not supported/);
    expect(reason({ style: 'mosaic' })).toMatch(/kind must be "look"/);
    expect(reason([1, 2])).toMatch(/JSON object/);
  });
});
