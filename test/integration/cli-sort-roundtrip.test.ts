/**
 * Sort to disk through the CLI, as a user would (issue 10 "What must be shown"): for each mode
 * (copy, hardlink, move), on a tree with nested folders, Unicode and spaces in names, the same
 * file name in two folders of one album, RAW+JPEG pairs, existing sidecars (darktable and
 * Lightroom naming) and a Live Photo (.MOV + .AAE): apply, check what landed where, then undo and
 * compare the whole tree (relative paths + sha256 of every file, and every folder) with before.
 * Also: a dry run writes nothing, a rerun finds everything in place, a move keeps the library's
 * labels and memberships attached, and exiftool reads the keywords (skipped without exiftool).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderScene } from '../../tools/fixture-model/render-scene.js';
import { jsonOf, runCli } from '../helpers/cli-process.js';
import { chooseScenes } from '../helpers/render-scenes.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';
import { filesOf, snapshotTree, type TreeSnapshot } from '../helpers/tree-snapshot.js';

interface SortJson {
  run: number | null;
  planned: { from: string; to: string }[];
  skipped: { path: string; reason: string }[];
  bytes: number;
  applied: boolean;
  albums: { name: string; folder: string; photos: number; files: number }[];
  conflicts: { from: string; to: string; reason: string }[];
  sidecars: { from: string | null; to: string; keywords: string[] }[];
  notes: string[];
  failed: { path: string; reason: string }[];
}
interface UndoJson {
  run: number;
  undone: number;
  kept: { path: string; reason: string }[];
}
interface ShowJson {
  photos: { path: string; state: string }[];
}

const haveModel = fs.existsSync(path.join(FIXTURE_MODEL_DIR, 'onnx/vision_model.onnx'));
const haveExiftool = (() => {
  try {
    execFileSync('exiftool', ['-ver'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

const EXISTING_SIDECAR = `<?xpacket begin='\uFEFF' id='W5M0MpCehiHzreSzNTczkc9d'?>
<x:xmpmeta xmlns:x='adobe:ns:meta/' x:xmptk='Image::ExifTool 12.57'>
<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>

 <rdf:Description rdf:about=''
  xmlns:dc='http://purl.org/dc/elements/1.1/'>
  <dc:creator>
   <rdf:Seq>
    <rdf:li>Ada Lovelace</rdf:li>
   </rdf:Seq>
  </dc:creator>
  <dc:subject>
   <rdf:Bag>
    <rdf:li>Holiday</rdf:li>
   </rdf:Bag>
  </dc:subject>
 </rdf:Description>

 <rdf:Description rdf:about=''
  xmlns:xmp='http://ns.adobe.com/xap/1.0/'>
  <xmp:Rating>4</xmp:Rating>
 </rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end='w'?>`;

const LIGHTROOM_SIDECAR = `<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="Zürich"/>
 </rdf:RDF>
</x:xmpmeta>
`;

describe.skipIf(!haveModel)('sort to disk through the CLI: apply and undo are byte-identical round trips', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-sort-'));
  const tree = path.join(tmp, 'tree');
  const photos = path.join(tree, 'photos');
  const target = path.join(tree, 'Sorted albums');
  const lib = path.join(tmp, 'library.db');
  const cli = (args: string[]) => runCli([...args, '--library', lib], {}, 300_000);
  const json = async <T>(args: string[]): Promise<T> => jsonOf<T>(await cli([...args, '--json']));
  const STARS = 'Stars ★ été';
  const ODD = 'Red: things?';
  const albumArgs = ['--album', STARS, '--album', ODD];
  const p = (...parts: string[]) => path.join(photos, ...parts);

  beforeAll(async () => {
    const [stars, reds] = chooseScenes(
      [
        { count: 5, accept: (s) => s.objects.length === 1 && s.objects[0]?.shape === 'star' },
        { count: 3, accept: (s) => s.objects.length === 1 && s.objects[0]?.colour === 'red' && s.objects[0]?.shape !== 'star' },
      ],
      9_100_000,
      1,
    );
    const jpeg = async (seed: number, file: string) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, (await renderScene(seed, { width: 160, height: 120, maxObjects: 1, format: 'jpeg' })).buffer);
    };
    const [s0, s1, s2, s3, s4] = (stars ?? []).map((s) => s.seed);
    const [r0, r1, r2] = (reds ?? []).map((s) => s.seed);
    if (s4 === undefined || r2 === undefined || s0 === undefined || s1 === undefined || s2 === undefined || s3 === undefined || r0 === undefined || r1 === undefined) throw new Error('scenes');
    await jpeg(s0, p('Ferien 2024', 'Café Été', 'plage à midi.jpg'));
    // RAW+JPEG pair with a darktable-style sidecar; the RAW is not decodable (it only has to travel).
    await jpeg(s1, p('a', 'IMG_0001.JPG'));
    fs.writeFileSync(p('a', 'IMG_0001.CR2'), Buffer.from('not really a raw file, but its bytes must round-trip'));
    fs.writeFileSync(p('a', 'IMG_0001.JPG.xmp'), EXISTING_SIDECAR);
    // Same file name in another folder of the same album.
    await jpeg(s2, p('b', 'IMG_0001.JPG'));
    // Live Photo: still + movie + edit file.
    await jpeg(s3, p('b', 'IMG_0002.JPG'));
    fs.writeFileSync(p('b', 'IMG_0002.MOV'), Buffer.alloc(50_000, 7));
    fs.writeFileSync(p('b', 'IMG_0002.AAE'), '<?xml version="1.0"?><plist><dict/></plist>');
    // Deep folder, Lightroom-style sidecar (<stem>.xmp, properties as attributes).
    await jpeg(s4, p('c', 'deep', 'er', 'IMG_0003.jpg'));
    fs.writeFileSync(p('c', 'deep', 'er', 'IMG_0003.xmp'), LIGHTROOM_SIDECAR);
    await jpeg(r0, p('c', 'red one.jpg'));
    await jpeg(r1, p('c', 'red two.jpg'));
    await jpeg(r2, p('Ferien 2024', 'red three.jpg'));
    fs.writeFileSync(p('notes.txt'), 'not a photo; never touched');
    const r = await json<{ indexed: number }>(['index', photos, '--model', FIXTURE_MODEL_DIR, '--device', 'cpu']);
    expect(r.indexed).toBe(8);
    await json(['album', 'create', STARS, '--prompt', 'a photo of a star']);
    await json(['album', 'create', ODD, '--prompt', 'red things']);
    // Accepted photos are members whatever the classifier says: the test knows what goes where.
    await json(['album', 'accept', STARS, p('Ferien 2024', 'Café Été', 'plage à midi.jpg'), p('a', 'IMG_0001.JPG'), p('b', 'IMG_0001.JPG'), p('b', 'IMG_0002.JPG'), p('c', 'deep', 'er', 'IMG_0003.jpg')]);
    await json(['album', 'accept', ODD, p('c', 'red one.jpg'), p('c', 'red two.jpg'), p('Ferien 2024', 'red three.jpg'), p('Ferien 2024', 'Café Été', 'plage à midi.jpg')]);
  }, 600_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('a dry run shows the whole plan and writes nothing', async () => {
    const before = snapshotTree(tmp);
    const plan = await json<SortJson>(['sort', '--into', target, ...albumArgs, '--dry-run']);
    expect(plan).toMatchObject({ run: null, applied: false });
    const stars = path.join(target, 'Stars ★ été');
    expect(plan.planned).toEqual(
      expect.arrayContaining([
        { from: p('a', 'IMG_0001.JPG'), to: path.join(stars, 'IMG_0001.JPG') },
        { from: p('a', 'IMG_0001.CR2'), to: path.join(stars, 'IMG_0001.CR2') },
        { from: p('b', 'IMG_0001.JPG'), to: path.join(stars, 'IMG_0001 (2).JPG') },
        { from: p('b', 'IMG_0002.MOV'), to: path.join(stars, 'IMG_0002.MOV') },
        { from: p('b', 'IMG_0002.AAE'), to: path.join(stars, 'IMG_0002.AAE') },
      ]),
    );
    expect(plan.conflicts).toEqual(expect.arrayContaining([expect.objectContaining({ from: p('b', 'IMG_0001.JPG'), to: path.join(stars, 'IMG_0001 (2).JPG') })]));
    // The Windows-illegal album name becomes a portable folder name, and the plan says why.
    expect(plan.albums.map((a) => path.basename(a.folder))).toEqual(['Stars ★ été', 'Red_ things_']);
    expect(plan.notes.join('\n')).toMatch(/"Red: things\?" goes to the folder "Red_ things_": characters Windows does not allow/);
    expect(plan.bytes).toBeGreaterThan(50_000);
    expect(snapshotTree(tmp)).toEqual(before);
    expect((await json<{ runs: unknown[] }>(['sort', '--history'])).runs).toEqual([]);
  });

  for (const mode of ['copy', 'hardlink', 'move'] as const) {
    it(`${mode}: apply puts every photo and companion in its album folder; undo restores the exact tree`, async () => {
      const before = snapshotTree(tree);
      const sourcesBefore = snapshotTree(photos);
      const result = await json<SortJson>(['sort', '--into', target, ...albumArgs, '--mode', mode]);
      expect(result.applied).toBe(true);
      expect(result.failed).toEqual([]);
      expect(typeof result.run).toBe('number');
      const stars = path.join(target, 'Stars ★ été');
      const red = path.join(target, 'Red_ things_');
      const sorted = snapshotTree(target);
      const expectSame = (from: string, to: string) => expect(sorted[path.relative(target, to)], to).toBe(before[path.relative(tree, from)]);
      expectSame(p('a', 'IMG_0001.JPG'), path.join(stars, 'IMG_0001.JPG'));
      expectSame(p('a', 'IMG_0001.CR2'), path.join(stars, 'IMG_0001.CR2'));
      expectSame(p('b', 'IMG_0001.JPG'), path.join(stars, 'IMG_0001 (2).JPG'));
      expectSame(p('b', 'IMG_0002.MOV'), path.join(stars, 'IMG_0002.MOV'));
      expectSame(p('b', 'IMG_0002.AAE'), path.join(stars, 'IMG_0002.AAE'));
      expectSame(p('c', 'red one.jpg'), path.join(red, 'red one.jpg'));
      expectSame(p('Ferien 2024', 'Café Été', 'plage à midi.jpg'), path.join(stars, 'plage à midi.jpg'));
      expect(fs.existsSync(path.join(target, 'notes.txt'))).toBe(false);
      if (mode === 'move') {
        // A move puts a photo in one folder: the second album skips it and says why.
        expect(result.skipped).toEqual(expect.arrayContaining([expect.objectContaining({ path: p('Ferien 2024', 'Café Été', 'plage à midi.jpg'), reason: expect.stringMatching(/a move puts a photo in one folder/) })]));
        expect(fs.existsSync(p('a', 'IMG_0001.JPG'))).toBe(false);
        expect(fs.existsSync(p('a', 'IMG_0001.CR2'))).toBe(false);
        // Sidecars travel unchanged (no keywords on a move).
        expectSame(p('a', 'IMG_0001.JPG.xmp'), path.join(stars, 'IMG_0001.JPG.xmp'));
        // The library follows: the album lists the photos at their new place, still accepted.
        const show = await json<ShowJson>(['album', 'show', STARS]);
        const accepted = show.photos.filter((x) => x.state === 'accepted').map((x) => x.path).sort();
        expect(accepted).toEqual([path.join(stars, 'IMG_0001 (2).JPG'), path.join(stars, 'IMG_0001.JPG'), path.join(stars, 'IMG_0002.JPG'), path.join(stars, 'IMG_0003.jpg'), path.join(stars, 'plage à midi.jpg')].sort());
        const similar = await cli(['similar', path.join(stars, 'IMG_0002.JPG'), '--json']);
        expect(similar.code, similar.stderr).toBe(0);
      } else {
        // Sources are never touched by a copy or a hardlink run.
        expect(snapshotTree(photos)).toEqual(sourcesBefore);
        expectSame(p('Ferien 2024', 'Café Été', 'plage à midi.jpg'), path.join(red, 'plage à midi.jpg'));
        // Sidecars: the existing one merged (its own fields kept), new ones for photos without.
        const merged = fs.readFileSync(path.join(stars, 'IMG_0001.JPG.xmp'), 'utf8');
        expect(merged).toContain('<rdf:li>Holiday</rdf:li>');
        expect(merged).toContain('<rdf:li>Stars ★ été</rdf:li>');
        expect(merged).toContain('<rdf:li>Recollect|Stars ★ été</rdf:li>');
        expect(merged.startsWith(EXISTING_SIDECAR.slice(0, EXISTING_SIDECAR.indexOf('    <rdf:li>Holiday</rdf:li>')))).toBe(true);
        expect(fs.readFileSync(path.join(stars, 'IMG_0002.JPG.xmp'), 'utf8')).toContain('Recollect|Stars ★ été');
        // A photo in both albums has both keywords in both copies.
        expect(fs.readFileSync(path.join(red, 'plage à midi.jpg.xmp'), 'utf8')).toMatch(/Recollect\|Stars ★ été[\s\S]*Recollect\|Red: things\?/);
        if (mode === 'hardlink') {
          expect(fs.statSync(path.join(stars, 'IMG_0001.CR2')).ino).toBe(fs.statSync(p('a', 'IMG_0001.CR2')).ino);
          // The sidecar with keywords is a new file, never a link to the original it was merged from.
          expect(fs.statSync(path.join(stars, 'IMG_0001.JPG.xmp')).ino).not.toBe(fs.statSync(p('a', 'IMG_0001.JPG.xmp')).ino);
        }
      }
      // A rerun finds everything in place and writes nothing.
      const again = await json<SortJson>(['sort', '--into', target, ...albumArgs, '--mode', mode]);
      expect(again.planned).toEqual([]);
      expect(again.run).toBeNull();
      expect(snapshotTree(target)).toEqual(sorted);

      const undo = await json<UndoJson>(['sort', '--undo', String(result.run)]);
      expect(undo.kept).toEqual([]);
      expect(undo.undone).toBeGreaterThan(0);
      expect(snapshotTree(tree)).toEqual(before);
      if (mode === 'move') {
        const show = await json<ShowJson>(['album', 'show', STARS]);
        expect(show.photos.filter((x) => x.state === 'accepted').map((x) => x.path)).toContain(p('a', 'IMG_0001.JPG'));
      }
    });
  }

  it('undo leaves a copy the user changed since, lists it, and the history shows every run', async () => {
    const before = snapshotTree(tree);
    const result = await json<SortJson>(['sort', '--into', target, '--album', ODD, '--no-xmp']);
    const edited = path.join(target, 'Red_ things_', 'red one.jpg');
    fs.appendFileSync(edited, 'edited by the user');
    const undo = await json<UndoJson>(['sort', '--undo', String(result.run)]);
    expect(undo.kept).toEqual(
      expect.arrayContaining([
        { path: edited, reason: expect.stringMatching(/changed since the run/) },
        { path: path.dirname(edited), reason: expect.stringMatching(/holds files the run did not make/) },
      ]),
    );
    const after = snapshotTree(tree);
    const extra = filesOf(after).filter((f) => !(f in before));
    expect(extra).toEqual([path.relative(tree, edited)]);
    const { [path.relative(tree, edited)]: _e, [`${path.relative(tree, target)}/`]: _t, [`${path.relative(tree, path.dirname(edited))}/`]: _d, ...rest } = after;
    expect(rest).toEqual(before satisfies TreeSnapshot);
    fs.rmSync(target, { recursive: true });
    const history = await json<{ runs: { run: number; mode: string; state: string; files: number; kept: number }[] }>(['sort', '--history']);
    expect(history.runs.map((r) => [r.mode, r.state])).toEqual([['copy', 'undone'], ['move', 'undone'], ['hardlink', 'undone'], ['copy', 'undone']]);
    expect(history.runs[0]?.kept).toBe(1);
  });

  it.skipIf(!haveExiftool)('exiftool reads the album keywords, and the fields of the pre-existing sidecar are still there', async () => {
    const result = await json<SortJson>(['sort', '--into', target, ...albumArgs]);
    const read = (file: string) =>
      JSON.parse(execFileSync('exiftool', ['-j', '-XMP-dc:Subject', '-XMP-lr:HierarchicalSubject', '-XMP-dc:Creator', '-XMP-xmp:Rating', '-XMP-photoshop:City', file], { encoding: 'utf8' }))[0] as Record<string, unknown>;
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
    const merged = read(path.join(target, 'Stars ★ été', 'IMG_0001.JPG.xmp'));
    expect(list(merged.Subject).sort()).toEqual(['Holiday', 'Stars ★ été']);
    expect(list(merged.HierarchicalSubject)).toEqual(['Recollect|Stars ★ été']);
    expect(list(merged.Creator)).toEqual(['Ada Lovelace']);
    expect(merged.Rating).toBe(4);
    const lightroom = read(path.join(target, 'Stars ★ été', 'IMG_0003.xmp'));
    expect(lightroom.City).toBe('Zürich');
    expect(list(lightroom.Subject)).toEqual(['Stars ★ été']);
    const both = read(path.join(target, 'Red_ things_', 'plage à midi.jpg.xmp'));
    expect(list(both.Subject).sort()).toEqual(['Red: things?', 'Stars ★ été'].sort());
    expect(list(both.HierarchicalSubject).sort()).toEqual(['Recollect|Red: things?', 'Recollect|Stars ★ été'].sort());
    // Originals (photos and their own sidecars) are never modified.
    expect(fs.readFileSync(p('a', 'IMG_0001.JPG.xmp'), 'utf8')).toBe(EXISTING_SIDECAR);
    await json(['sort', '--undo', String(result.run)]);
    expect(fs.existsSync(target)).toBe(false);
  });
});
