/**
 * A sort plan: every file a sort would write, decided before anything is written, so a dry run
 * shows exactly what apply does. Each member photo of each album goes to
 * `<target>/<safe album folder>/<file name>` with its companion files; a name already taken by
 * other content gets a suffix (` (2)`) for the whole group, never an overwrite; a file already
 * there with the same content is skipped. Reads the file system (listings, stat, hashes of
 * possible duplicates), writes nothing.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SortMode } from '../store/sort-journal-store.js';
import { groupOf, withSuffix } from './companion-files.js';
import { checkPlan, nearestExisting, pathProblem } from './plan-checks.js';
import { folderKeyOf, safeFolderName } from './safe-folder-name.js';
import { sidecarContent } from './sidecar-content.js';
import { TargetNames, type ResolvedGroup } from './target-names.js';

export interface SortSource {
  /** Album name (also the keyword written into sidecars unless `keyword` is false). */
  album: string;
  photos: readonly { path: string; photoId: number }[];
  /** False for the Unsorted folder: "Unsorted" is no keyword. */
  keyword?: boolean;
}

export interface SortRequest {
  target: string;
  mode: SortMode;
  xmp: boolean;
  albums: readonly SortSource[];
  /** Library folders (a target inside one is refused). */
  libraryFolders: readonly string[];
  /** The library row of a file, so a moved companion that is a photo too follows as well. */
  photoIdOf: (filePath: string) => number | null;
}

export interface PlannedTransfer {
  kind: 'copy' | 'hardlink' | 'move';
  from: string;
  to: string;
  size: number;
  album: string;
  photoId: number | null;
  role: 'photo' | 'companion';
}

export interface PlannedSidecar {
  kind: 'xmp';
  /** The photo's own sidecar whose fields are kept (null: a new sidecar). */
  from: string | null;
  to: string;
  album: string;
  keywords: string[];
}

export interface PlanAlbum {
  name: string;
  folder: string;
  /** Why the folder name differs from the album name, in words. */
  renamed: string | null;
  photos: number;
  files: number;
  bytes: number;
}

export interface SortPlan {
  target: string;
  mode: SortMode;
  xmp: boolean;
  albums: PlanAlbum[];
  /** Folders the run creates, outermost first. */
  folders: string[];
  transfers: PlannedTransfer[];
  sidecars: PlannedSidecar[];
  skipped: { path: string; reason: string }[];
  conflicts: { from: string; to: string; reason: string }[];
  /** Size of the files the plan copies, links or moves. */
  bytes: number;
  /** Of which written as new data on the target (copies, moves across volumes). */
  bytesToWrite: number;
  notes: string[];
  /** Why the plan cannot be applied (checks before writing); empty when it can. */
  refusals: string[];
}

interface Claim {
  album: string;
}

/** One photo's group, its names resolved in an album folder. */
interface GroupPlacement {
  source: SortSource;
  folder: string;
  summary: PlanAlbum;
  dir: string;
  /** The member photo's file name (the rest of the group are companions). */
  photo: string;
  /** The group's own sidecar that keywords are merged into, if any. */
  ownSidecar: string | null;
  keywords: string[];
  resolved: ResolvedGroup;
}

/** Everything one build needs to remember across albums. */
class PlanBuilder {
  readonly plan: SortPlan;
  private readonly listings = new Map<string, string[]>();
  private readonly names = new TargetNames();
  private readonly moved = new Map<string, Claim>();
  private readonly inFolder = new Set<string>();
  private targetDev: number | null = null;
  private crossVolume = 0;

  constructor(
    private readonly req: SortRequest,
    private readonly keywordsOf: Map<string, string[]>,
  ) {
    this.plan = {
      target: path.resolve(req.target), mode: req.mode, xmp: req.xmp, albums: [], folders: [], transfers: [], sidecars: [],
      skipped: [], conflicts: [], bytes: 0, bytesToWrite: 0, notes: [], refusals: [],
    };
  }

  async listing(dir: string): Promise<string[]> {
    let names = this.listings.get(dir);
    if (!names) {
      names = await fs.readdir(dir).catch(() => []);
      this.listings.set(dir, names);
    }
    return names;
  }

  async init(): Promise<void> {
    const { dir } = await nearestExisting(this.plan.target);
    this.targetDev = (await fs.stat(dir)).dev;
  }

  albumFolders(): { source: SortSource; folder: string; renamed: string | null }[] {
    const used = new Set<string>();
    return this.req.albums.map((source) => {
      const safe = safeFolderName(source.album);
      let name = safe.name;
      for (let n = 2; used.has(folderKeyOf(name)); n++) name = `${safe.name} (${n})`;
      used.add(folderKeyOf(name));
      const renamed = name !== safe.name ? [safe.changed, `another album has the folder "${safe.name}"`].filter(Boolean).join('; ') : safe.changed;
      return { source, folder: path.join(this.plan.target, name), renamed };
    });
  }

  /** Adds one photo (and its group) of an album to the plan. */
  async addPhoto(source: SortSource, folder: string, summary: PlanAlbum, photoPath: string): Promise<void> {
    const { plan, req } = this;
    const dir = path.dirname(photoPath);
    const name = path.basename(photoPath);
    if (this.inFolder.has(`${folder}\n${photoPath}`)) return; // came along with a photo already planned here
    const st = await fs.stat(photoPath).catch(() => null);
    if (!st) {
      plan.skipped.push({ path: photoPath, reason: 'not on disk any more (moved or deleted since it was indexed)' });
      return;
    }
    const claim = this.moved.get(photoPath);
    if (claim) {
      plan.skipped.push({ path: photoPath, reason: `also in "${source.album}", but a move puts a photo in one folder: it goes to "${claim.album}" (use --mode copy for both)` });
      return;
    }
    const group = groupOf(name, await this.listing(dir));
    const keywords = source.keyword === false ? [] : (this.keywordsOf.get(photoPath) ?? [source.album]);
    let content: string | null = null;
    if (req.xmp && req.mode !== 'move' && keywords.length > 0) {
      const own = group.sidecar ? path.join(dir, group.sidecar) : null;
      content = await sidecarContent(own, keywords).catch((err: unknown) => {
        plan.notes.push(`${own ?? photoPath}: keywords not added, the sidecar is copied as it is (${err instanceof Error ? err.message : String(err)}).`);
        return null;
      });
    }
    const resolved = await this.names.resolve(group, dir, folder, content);
    await this.planGroup({ source, folder, summary, dir, photo: name, ownSidecar: group.sidecar, keywords, resolved });
    if (resolved.suffix > 1) {
      plan.conflicts.push({
        from: photoPath,
        to: path.join(folder, withSuffix(name, group.stem, resolved.suffix)),
        reason: `"${name}" is taken in ${path.basename(folder)} by a different file: named with " (${resolved.suffix})"`,
      });
    }
    summary.photos++;
  }

  /** The transfers (and the sidecar step) of one resolved group. */
  private async planGroup(g: GroupPlacement): Promise<void> {
    const { plan, req } = this;
    const { source, folder, summary, dir, ownSidecar, keywords, resolved } = g;
    for (const r of resolved.files) {
      const from = path.join(dir, r.name);
      this.inFolder.add(`${folder}\n${from}`);
      if (r.inPlace) {
        plan.skipped.push({ path: from, reason: `already in place at ${r.to} (same content)` });
        // A photo a move already put here stays here: another album must not move it on.
        if (req.mode === 'move' && from === r.to) this.moved.set(from, { album: source.album });
        continue;
      }
      const other = this.moved.get(from);
      if (other) {
        plan.skipped.push({ path: from, reason: `goes with a photo moved to "${other.album}"` });
        continue;
      }
      const problem = pathProblem(r.to);
      if (problem) {
        plan.skipped.push({ path: from, reason: `cannot be written: ${problem}` });
        continue;
      }
      await this.addTransfer(source.album, from, r.to, r.name === g.photo ? 'photo' : 'companion', summary);
    }
    if (resolved.sidecar?.inPlace) plan.skipped.push({ path: resolved.sidecar.to, reason: 'sidecar with these keywords already in place' });
    if (resolved.sidecar && !resolved.sidecar.inPlace) {
      const from = ownSidecar ? path.join(dir, ownSidecar) : null;
      this.names.claim(resolved.sidecar.to);
      plan.sidecars.push({ kind: 'xmp', from, to: resolved.sidecar.to, album: source.album, keywords });
      summary.files++;
    }
  }

  private async addTransfer(album: string, from: string, to: string, role: 'photo' | 'companion', summary: PlanAlbum): Promise<void> {
    const { plan, req } = this;
    const st = await fs.stat(from).catch(() => null);
    if (!st) {
      plan.skipped.push({ path: from, reason: 'could not be read' });
      return;
    }
    let kind: PlannedTransfer['kind'] = req.mode;
    const sameVolume = st.dev === this.targetDev;
    if (kind === 'hardlink' && !sameVolume) {
      kind = 'copy';
      this.crossVolume++;
    }
    plan.transfers.push({ kind, from, to, size: st.size, album, photoId: req.photoIdOf(from), role });
    if (req.mode === 'move') this.moved.set(from, { album });
    this.names.claim(to);
    plan.bytes += st.size;
    if (kind === 'copy' || (kind === 'move' && !sameVolume)) plan.bytesToWrite += st.size;
    summary.files++;
    summary.bytes += st.size;
  }

  finishNotes(): void {
    if (this.crossVolume > 0) this.plan.notes.push(`Hardlinks need the target on the same drive as the photos: ${this.crossVolume} files are copied instead.`);
    for (const a of this.plan.albums) if (a.renamed) this.plan.notes.push(`Album "${a.name}" goes to the folder "${path.basename(a.folder)}": ${a.renamed}.`);
  }
}

/** Folders to create for the plan's files, outermost first (the target's missing parents too). */
async function foldersToCreate(target: string, albumFolders: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const { dir } = await nearestExisting(target);
  for (let p = path.resolve(target); p !== dir && p !== path.dirname(p); p = path.dirname(p)) out.unshift(p);
  for (const f of albumFolders) if (!(await fs.stat(f).catch(() => null))) out.push(f);
  return out;
}

export async function buildSortPlan(req: SortRequest): Promise<SortPlan> {
  const keywordsOf = new Map<string, string[]>();
  for (const a of req.albums) {
    if (a.keyword === false) continue;
    for (const p of a.photos) keywordsOf.set(p.path, [...(keywordsOf.get(p.path) ?? []), a.album]);
  }
  const b = new PlanBuilder(req, keywordsOf);
  await b.init();
  const { plan } = b;
  for (const { source, folder, renamed } of b.albumFolders()) {
    const summary: PlanAlbum = { name: source.album, folder, renamed, photos: 0, files: 0, bytes: 0 };
    plan.albums.push(summary);
    for (const p of [...source.photos].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0))) {
      await b.addPhoto(source, folder, summary, p.path);
    }
  }
  b.finishNotes();
  const used = plan.albums.filter((a) => a.files > 0).map((a) => a.folder);
  plan.folders = await foldersToCreate(plan.target, used);
  const sourceDirs = new Set(plan.transfers.map((t) => path.dirname(t.from)));
  plan.refusals = await checkPlan({
    target: plan.target,
    folders: plan.albums.map((a) => a.folder),
    sources: [...req.libraryFolders, ...sourceDirs],
    bytesToWrite: plan.bytesToWrite,
    sidecars: plan.sidecars.length,
  });
  return plan;
}
