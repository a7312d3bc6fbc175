/** Photo id -> row: the same answers whether the ids are dense (typed array) or far apart (map). */
import { describe, expect, it } from 'vitest';
import { RowLookup } from '../../../electron/core/search/accel/row-lookup.js';

describe('row lookup', () => {
  for (const [name, ids] of [
    ['dense ids', Array.from({ length: 5000 }, (_, i) => i + 1)],
    ['ids far apart', Array.from({ length: 50 }, (_, i) => i * 1_000_003 + 7)],
  ] as const) {
    it(`finds, replaces and forgets rows (${name})`, () => {
      const lookup = new RowLookup();
      ids.forEach((id, row) => lookup.set(id, row));
      lookup.set(ids[3] ?? 0, 99);
      lookup.delete(ids[4] ?? 0);
      lookup.delete(123_456_789_000);
      expect(lookup.size).toBe(ids.length - 1);
      expect([lookup.get(ids[3] ?? 0), lookup.get(ids[4] ?? 0), lookup.get(ids[5] ?? 0), lookup.get(-1)]).toEqual([99, undefined, 5, undefined]);
      expect(lookup.keys().sort((a, b) => a - b)).toEqual(ids.filter((_, i) => i !== 4));
    });

    it(`picks every n-th id as keys() lists them, up to a limit (${name})`, () => {
      const lookup = new RowLookup();
      ids.forEach((id, row) => lookup.set(id, row));
      lookup.delete(ids[2] ?? 0);
      const keys = lookup.keys();
      for (const [step, limit] of [[1, 10], [7, 1000], [3, 4], [1000, 5]] as const) {
        expect(lookup.everyNth(step, limit)).toEqual(keys.filter((_, i) => i % step === 0).slice(0, limit));
      }
    });
  }
});
