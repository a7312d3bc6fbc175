/**
 * Photo folders chosen scene by scene (not at random): scans renderer seeds with planScene (cheap,
 * nothing drawn) and renders only the scenes a test asks for, so a test can have, say, 30 large
 * stars on grass among 200 photos. Same renderer as the fixture model's training (render-scene.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { planScene, renderScene, sceneFacts, type Background, type SceneObject } from '../../tools/fixture-model/render-scene.js';

export interface PlannedScene {
  seed: number;
  objects: SceneObject[];
  background: Background;
  facts: string[];
}

export interface SceneWish {
  /** How many scenes with this property. */
  count: number;
  accept: (scene: PlannedScene) => boolean;
}

/** Seeds from `firstSeed` on, filling each wish in order (a scene is used once). */
export function chooseScenes(wishes: readonly SceneWish[], firstSeed: number, maxObjects = 3): PlannedScene[][] {
  const out: PlannedScene[][] = wishes.map(() => []);
  for (let seed = firstSeed; out.some((o, i) => o.length < (wishes[i]?.count ?? 0)); seed++) {
    if (seed - firstSeed > 2_000_000) throw new Error('chooseScenes: wishes cannot be met');
    const plan = planScene(seed, maxObjects);
    const objects = plan.objects.map(({ shape, colour, size }) => ({ shape, colour, size }));
    const scene = { seed, objects, background: plan.background, facts: sceneFacts(objects, plan.background) };
    const i = wishes.findIndex((w, k) => (out[k]?.length ?? 0) < w.count && w.accept(scene));
    if (i >= 0) out[i]?.push(scene);
  }
  return out;
}

export interface WrittenScene extends PlannedScene {
  path: string;
}

/** Renders the scenes as PNG files named by seed (224 px: fast, the model's own input size). */
export async function writeScenes(dir: string, scenes: readonly PlannedScene[], maxObjects = 3, size = 224): Promise<WrittenScene[]> {
  await mkdir(dir, { recursive: true });
  const out: WrittenScene[] = [];
  for (const s of scenes) {
    const r = await renderScene(s.seed, { width: size, height: size, maxObjects, format: 'png' });
    const file = path.join(dir, `scene-${s.seed}.png`);
    await writeFile(file, r.buffer);
    out.push({ ...s, path: file });
  }
  return out;
}
