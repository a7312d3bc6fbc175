/**
 * Albums through the CLI, as a user would, with the fixture model on photos the test renders
 * (renderer seeds far from the training set's): zero-shot albums from words, categorize into the
 * six shape albums, an album that learns from accept/reject, a correction that contradicts its
 * prompt, bad input, and albums surviving a model switch and back. The figures are printed
 * (docs/albums.md in the project quotes them).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { chooseCorrections, learningSceneGroups, precisionRecall as prf } from '../helpers/album-learning-set.js';
import { writeScenes, type WrittenScene } from '../helpers/render-scenes.js';
import { jsonOf, REPO_ROOT, runCli } from '../helpers/cli-process.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

interface ShowJson {
  name: string;
  threshold: number;
  photos: { path: string; score: number; state: 'accepted' | 'suggested'; why: string }[];
}
interface ListJson {
  albums: { name: string; members: number | null; accepted: number; rejected: number }[];
}
interface CategorizeJson {
  assignments: { path: string; album: string | null; score: number; confidence: number }[];
}

const COMBINED_DIR = path.join(REPO_ROOT, 'test/fixtures/shapes-clip-combined');
const haveModel = fs.existsSync(path.join(FIXTURE_MODEL_DIR, 'onnx/vision_model.onnx'));
const SHAPES = ['circle', 'square', 'triangle', 'star', 'heart', 'cross'] as const;
const plural = (s: string): string => (s === 'cross' ? 'crosses' : `${s}s`);

describe.skipIf(!haveModel)('albums through the CLI (fixture model)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-albums-'));
  const photosDir = path.join(tmp, 'photos');
  const lib = path.join(tmp, 'library.db');
  let scenes: WrittenScene[] = [];
  let largeStarsOnGrass: WrittenScene[] = [];
  const cli = (args: string[]) => runCli([...args, '--library', lib], {}, 300_000);
  const json = async <T>(args: string[]): Promise<T> => jsonOf<T>(await cli([...args, '--json']));
  const members = async (name: string): Promise<Set<string>> => new Set((await json<ShowJson>(['album', 'show', name])).photos.map((p) => p.path));
  const where = (pred: (s: WrittenScene) => boolean): Set<string> => new Set(scenes.filter(pred).map((s) => s.path));

  beforeAll(async () => {
    const { random, targets, lookalikes: near } = learningSceneGroups(7_000_000);
    scenes = await writeScenes(photosDir, [...random, ...targets, ...near]);
    const byPath = new Map(scenes.map((s) => [s.path, s]));
    largeStarsOnGrass = targets.flatMap((s) => byPath.get(path.join(photosDir, `scene-${s.seed}.png`)) ?? []);
    const r = await json<{ indexed: number }>(['index', photosDir, '--model', FIXTURE_MODEL_DIR, '--device', 'cpu']);
    expect(r.indexed).toBe(scenes.length);
  }, 600_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('zero-shot albums from words: colour and background albums find their photos', async () => {
    const all = scenes.map((s) => s.path);
    await json(['album', 'create', 'Red things', '--prompt', 'red things']);
    await json(['album', 'create', 'Night', '--prompt', 'photos on a night background']);
    await json(['album', 'create', 'Hearts', '--prompt', 'hearts']);
    const red = prf(await members('Red things'), where((s) => s.facts.includes('c:red')), all);
    const night = prf(await members('Night'), where((s) => s.background === 'night'), all);
    const hearts = prf(await members('Hearts'), where((s) => s.facts.includes('s:heart')), all);
    const single = scenes.filter((s) => s.objects.length === 1).map((s) => s.path);
    const heartsSingle = prf(await members('Hearts'), where((s) => s.facts.includes('s:heart')), single);
    console.log('zero-shot albums', JSON.stringify({ red, night, hearts, heartsSingleObject: heartsSingle }));
    expect(red.precision).toBeGreaterThanOrEqual(0.9);
    expect(red.recall).toBeGreaterThanOrEqual(0.9);
    expect(night.f1).toBeGreaterThanOrEqual(0.75);
    // Shape albums on their own stay below the bar with this model (circles look like hearts to
    // it); categorize, which weighs albums against each other, sorts shapes well (next test).
    expect(hearts.recall).toBeGreaterThanOrEqual(0.9);
    const list = await json<ListJson>(['album', 'list']);
    expect(list.albums.map((a) => a.name)).toEqual(['Hearts', 'Night', 'Red things']);
    expect(list.albums.every((a) => (a.members ?? 0) > 0 && a.accepted === 0 && a.rejected === 0)).toBe(true);
    const show = await json<ShowJson>(['album', 'show', 'Red things', '-k', '3']);
    expect(show.photos).toHaveLength(3);
    expect(show.threshold).toBeGreaterThan(0);
    expect(show.photos[0]).toMatchObject({ state: 'suggested', why: expect.stringContaining('threshold') });
  });

  it('categorize into the six shape albums: single-object photos go to the right one; mixed scenes are not forced', async () => {
    for (const s of SHAPES) await json(['album', 'create', `Shape: ${plural(s)}`, '--prompt', `a photo of a ${s}`]);
    const result = await json<CategorizeJson>(['categorize', ...SHAPES.flatMap((s) => ['--album', `Shape: ${plural(s)}`])]);
    const byPath = new Map(scenes.map((s) => [s.path, s]));
    const single = result.assignments.filter((a) => byPath.get(a.path)?.objects.length === 1);
    const right = single.filter((a) => a.album === `Shape: ${plural(byPath.get(a.path)?.objects[0]?.shape ?? '')}`);
    const mixed = result.assignments.filter((a) => new Set(byPath.get(a.path)?.objects.map((o) => o.shape)).size > 1);
    const mixedSorted = mixed.filter((a) => a.album !== null);
    const mixedSure = mixed.filter((a) => a.album !== null && a.confidence >= 0.95);
    const mixedWrong = mixedSorted.filter((a) => !byPath.get(a.path)?.objects.some((o) => `Shape: ${plural(o.shape)}` === a.album));
    console.log('categorize', JSON.stringify({ single: single.length, right: right.length, mixed: mixed.length, mixedSorted: mixedSorted.length, mixedSure: mixedSure.length, mixedWrong: mixedWrong.length, wrongConfidence: mixedWrong.map((a) => Number(a.confidence.toFixed(2))) }));
    expect(right.length / single.length).toBeGreaterThanOrEqual(0.95);
    // A mixed scene that is sorted goes to one of the shapes it shows, with few exceptions, and an
    // exception is never a sure one.
    expect(mixedWrong.length).toBeLessThanOrEqual(Math.ceil(mixed.length * 0.15));
    expect(mixedWrong.every((a) => a.confidence < 0.99)).toBe(true);
  });

  it('an album with a meaningless name learns "large stars on grass" from the user\'s corrections', async () => {
    await json(['album', 'create', 'Favourites', '--prompt', 'nice']);
    const target = new Set(largeStarsOnGrass.map((s) => s.path));
    const labelled = new Set<string>();
    const rejected: string[] = [];
    const curve: { labels: string; f1: number; precision: number; recall: number }[] = [];
    const measure = async (labels: string) => {
      const rest = scenes.map((s) => s.path).filter((p) => !labelled.has(p));
      const r = prf(await members('Favourites'), target, rest);
      curve.push({ labels, f1: r.f1, precision: r.precision, recall: r.recall });
    };
    await measure('0+0');
    for (const n of [5, 10]) {
      // As a user fixes the album (chooseCorrections): reject the 5 wrong photos it shows highest,
      // accept 5 large stars on grass it missed, come across in the order the scenes were made.
      const shown = (await json<ShowJson>(['album', 'show', 'Favourites'])).photos.filter((p) => p.state === 'suggested').map((p) => p.path);
      const fix = chooseCorrections(shown, largeStarsOnGrass.map((s) => s.path), { n: 5, belongs: (p) => target.has(p), labelled });
      expect([fix.accept.length, fix.reject.length]).toEqual([5, 5]);
      await json(['album', 'accept', 'Favourites', ...fix.accept]);
      await json(['album', 'reject', 'Favourites', ...fix.reject]);
      for (const p of [...fix.accept, ...fix.reject]) labelled.add(p);
      rejected.push(...fix.reject);
      await measure(`${n}+${n}`);
    }
    console.log('learning curve', JSON.stringify(curve));
    // Measured 0.26 -> 0.61 -> 0.93. Not a tuned draw: over 20 random orders of coming across
    // the missed photos, on this set and five held-out ones, the median after 10 + 10 is
    // 0.80-0.95 and 105 of 120 reach 0.8 (npm run bench:album-learning, docs/albums.md).
    expect(curve[2]?.f1).toBeGreaterThanOrEqual(0.8);
    expect(curve[1]?.f1 ?? 0).toBeGreaterThan(curve[0]?.f1 ?? 0);
    // Accepted photos are always members and listed first.
    const show = await json<ShowJson>(['album', 'show', 'Favourites']);
    expect(show.photos.slice(0, 10).every((p) => p.state === 'accepted')).toBe(true);
    expect(show.photos.some((p) => rejected.includes(p.path))).toBe(false);
    const why = await json<{ text: string; label: string | null }>(['album', 'why', 'Favourites', rejected[0] ?? '']);
    expect(why).toMatchObject({ label: 'rejected', text: 'You rejected this photo from the album.' });
  });

  it('a correction that contradicts the prompt: rejected red triangles leave, other red shapes stay', async () => {
    const before = await members('Red things');
    const redTriangles = scenes.filter((s) => s.facts.includes('cs:red triangle') && before.has(s.path));
    expect(redTriangles.length).toBeGreaterThan(0);
    const otherRed = [...before].filter((p) => !redTriangles.some((t) => t.path === p));
    await json(['album', 'reject', 'Red things', ...redTriangles.map((s) => s.path)]);
    const after = await members('Red things');
    const trianglesLeft = redTriangles.filter((t) => after.has(t.path)).length;
    const otherKept = otherRed.filter((p) => after.has(p)).length;
    console.log('contradiction', JSON.stringify({ redTriangles: redTriangles.length, trianglesBefore: redTriangles.filter((t) => before.has(t.path)).length, trianglesLeft, otherRed: otherRed.length, otherKept }));
    expect(trianglesLeft).toBe(0);
    expect(otherKept / otherRed.length).toBeGreaterThanOrEqual(0.9);
  });

  it('bad input gets a clear message and changes nothing', async () => {
    const before = await json<ListJson>(['album', 'list']);
    const expectRefused = async (args: string[], pattern: RegExp) => {
      const r = await cli(args);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/unexpected error/);
    };
    await expectRefused(['album', 'create', 'Empty', '--prompt', '   '], /empty describing prompt/);
    await expectRefused(['album', 'create', 'Long', '--prompt', 'x'.repeat(2000)], /at most 300 characters/);
    await expectRefused(['album', 'create', 'red THINGS', '--prompt', 'red'], /exists already/);
    await expectRefused(['album', 'create', 'No prompt'], /needs --prompt/);
    await expectRefused(['album', 'accept', 'Hearts', scenes[0]?.path ?? '', path.join(tmp, 'nope.jpg')], /not an indexed photo.*nothing was changed/);
    await expectRefused(['album', 'show', 'Nonexistent'], /No album called "Nonexistent"/);
    const after = await json<ListJson>(['album', 'list']);
    expect(after).toEqual(before);
    // Before any model is chosen: the album is kept, and the message says when it fills.
    const fresh = path.join(tmp, 'fresh.db');
    const created = await runCli(['album', 'create', 'Cats', '--prompt', 'a cat', '--library', fresh]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/fills once a model is chosen/);
    // Listed with no count (nothing is scored yet), not refused.
    const listed = await runCli(['album', 'list', '--library', fresh]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/Cats: fills once a model is chosen/);
    expect(jsonOf<ListJson>(await runCli(['album', 'list', '--json', '--library', fresh]))).toEqual({
      albums: [{ name: 'Cats', members: null, accepted: 0, rejected: 0 }],
    });
  });

  it('albums and labels survive a model switch and back, with the same members', async () => {
    const names = ['Favourites', 'Red things', 'Hearts'];
    const before = await Promise.all(names.map(members));
    const r = await json<{ indexed: number }>(['index', photosDir, '--model', COMBINED_DIR, '--device', 'cpu']);
    expect(r.indexed).toBe(scenes.length);
    // Same weights in another file layout = another model id: albums are rebuilt from the user data.
    const onOther = await Promise.all(names.map(members));
    await json(['index', photosDir, '--model', FIXTURE_MODEL_DIR, '--device', 'cpu']);
    const back = await Promise.all(names.map(members));
    names.forEach((_, i) => {
      expect([...(onOther[i] ?? [])].sort()).toEqual([...(before[i] ?? [])].sort());
      expect([...(back[i] ?? [])].sort()).toEqual([...(before[i] ?? [])].sort());
    });
    const list = await json<ListJson>(['album', 'list']);
    expect(list.albums.find((a) => a.name === 'Favourites')).toMatchObject({ accepted: 10, rejected: 10 });
  });
});
