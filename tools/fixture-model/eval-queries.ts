/**
 * The evaluation protocol of the shapes-clip fixture, shared by the build's printout and the
 * gate test so both measure the same thing: zero-shot shape/colour on single-object photos and
 * text-to-image retrieval with compositional queries whose relevant photos are known from the scene.
 */
import { BACKGROUNDS, COLOURS, SHAPES, article, type Colour, type Shape } from './render-scene.js';

export interface PhotoFacts {
  facts: readonly string[];
  objects: readonly { shape: Shape; colour: Colour }[];
}

export interface RetrievalQuery {
  text: string;
  /** Indexes of the photos the query describes. */
  relevant: number[];
}

export const shapePrompt = (s: Shape): string => `a photo of a ${s}`;
export const colourPrompt = (c: Colour): string => `a photo of ${article(c)} ${c} shape`;
export const SHAPE_PROMPTS = SHAPES.map(shapePrompt);
export const COLOUR_PROMPTS = COLOURS.map(colourPrompt);

/**
 * 20 queries picked deterministically from what the photo set contains: 8 colour+shape,
 * 6 colour+shape+background, 6 shape+background. A colour+shape+background combination is rare
 * in 300 photos, so those need only 3 relevant photos; precision@5 divides by min(5, relevant).
 */
export function pickQueries(photos: readonly PhotoFacts[]): RetrievalQuery[] {
  const relevant = (fact: string): number[] =>
    photos.flatMap((p, i) => (p.facts.includes(fact) ? [i] : []));
  const cands = (items: { text: string; fact: string }[], min: number, take: number): RetrievalQuery[] =>
    items
      .map(({ text, fact }) => ({ text, relevant: relevant(fact) }))
      .filter((q) => q.relevant.length >= min)
      .sort((a, b) => b.relevant.length - a.relevant.length || (a.text < b.text ? -1 : 1))
      // Spread the picks instead of taking the most frequent combinations only.
      .filter((_, i, all) => i % Math.max(1, Math.floor(all.length / take)) === 0)
      .slice(0, take);
  const cs = SHAPES.flatMap((s) =>
    COLOURS.map((c) => ({ text: `${article(c)} ${c} ${s}`, fact: `cs:${c} ${s}` })),
  );
  const bcs = BACKGROUNDS.flatMap((b) =>
    SHAPES.flatMap((s) =>
      COLOURS.map((c) => ({ text: `${article(c)} ${c} ${s} on a ${b} background`, fact: `bcs:${b} ${c} ${s}` })),
    ),
  );
  const bs = BACKGROUNDS.flatMap((b) =>
    SHAPES.map((s) => ({ text: `a ${s} on a ${b} background`, fact: `bs:${b} ${s}` })),
  );
  return [...cands(cs, 5, 8), ...cands(bcs, 3, 6), ...cands(bs, 5, 6)];
}

/** Hits in the top 5 over min(5, number of relevant photos). */
export function precisionAt5(ranking: readonly number[], relevant: readonly number[]): number {
  const top = ranking.slice(0, 5);
  const hits = top.filter((i) => relevant.includes(i)).length;
  return hits / Math.min(5, relevant.length);
}

/** Index of the largest score. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? -Infinity) > (values[best] ?? -Infinity)) best = i;
  return best;
}
