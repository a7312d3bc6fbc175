/**
 * The optional `name.json` beside a `name.onnx` style network: what the menu shows and how to feed
 * the network. Parsed with zod; a bad sidecar makes that one style unusable with a reason, never
 * the folder.
 */
import { z } from 'zod';

const range = z.tuple([z.number(), z.number()]).refine(([lo, hi]) => hi > lo, { message: 'must be [low, high] with high > low' });

export const styleSidecarSchema = z.strictObject({
  /** Shown in menus; default: the file name. */
  name: z.string().min(1).max(80).optional(),
  /** What the style looks like, in words: matched against the prompt with CLIP. */
  description: z.string().max(300).optional(),
  /** Values the network reads for black..white: [0, 255] (the ONNX model zoo's style models) or [0, 1]. */
  inputRange: range.optional(),
  outputRange: range.optional(),
  /** Longest edge the network runs at: the photo is downsized to it first, the result scaled back. */
  size: z.number().int().min(16).max(8192).optional(),
});

export type StyleSidecar = z.infer<typeof styleSidecarSchema>;
