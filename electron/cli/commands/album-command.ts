/**
 * `recollect album ...` and `recollect categorize` (issue 9 item 8; the --json shapes are a
 * contract):
 *   album list --json        { albums: [{ name, members, accepted, rejected }] }
 *   album show --json        { name, threshold, photos: [{ path, score, state, why }] }  (members, accepted first)
 *   categorize --json        { assignments: [{ path, album, score }] }  (album null = Unsorted)
 */
import path from 'node:path';
import type { RecollectCore } from '../../core/create-core.js';
import { findStarter, STARTER_ALBUMS } from '../../core/albums/starter-albums.js';
import { positiveInt, UsageError } from '../cli-args.js';
import { openCore, type CliContext } from '../cli-context.js';

const r4 = (n: number): number => Number(n.toFixed(4));

function needName(ctx: CliContext, usage: string): string {
  const name = ctx.positionals[1];
  if (name === undefined) throw new UsageError(`album ${ctx.positionals[0] ?? ''} needs an album name: recollect ${usage}`);
  return name;
}

async function withCore(ctx: CliContext, fn: (core: RecollectCore) => Promise<void>): Promise<void> {
  const core = openCore(ctx);
  try {
    await fn(core);
  } finally {
    await core.close();
  }
}

async function create(ctx: CliContext, core: RecollectCore): Promise<void> {
  const name = needName(ctx, 'album create "<name>" --prompt "<text>"');
  const starter = ctx.flags.prompt ? undefined : findStarter(name);
  const include = ctx.flags.prompt ?? starter?.include ?? [];
  const exclude = ctx.flags.exclude ?? starter?.exclude ?? [];
  if (include.length === 0) {
    throw new UsageError(`album create needs --prompt "<what its photos show>" (or a starter name: ${STARTER_ALBUMS.map((s) => s.id).join(', ')})`);
  }
  const album = core.albums.create(starter?.name ?? name, include, exclude);
  const summary = await core.albums.summary(album.id);
  if (ctx.flags.json) {
    ctx.out(JSON.stringify({ name: album.name, prompts: album.include, exclude: album.exclude, members: summary?.members ?? null }));
    return;
  }
  ctx.out(`Created album "${album.name}" (${album.include.length} prompt${album.include.length === 1 ? '' : 's'}${album.exclude.length > 0 ? `, ${album.exclude.length} exclusion(s)` : ''}).`);
  ctx.out(summary.members !== null ? `${summary.members} photos fit it now. See them: recollect album show "${album.name}"` : 'It fills once a model is chosen: recollect index <folder> --model <model folder>');
}

async function list(ctx: CliContext, core: RecollectCore): Promise<void> {
  const albums = await core.albums.list();
  if (ctx.flags.json) {
    ctx.out(JSON.stringify({ albums: albums.map(({ name, members, accepted, rejected }) => ({ name, members, accepted, rejected })) }));
    return;
  }
  if (albums.length === 0) ctx.out('No albums yet. Create one: recollect album create "Cats" --prompt "a cat"   (or a starter: recollect album starters)');
  for (const a of albums) {
    const members = a.members === null ? 'fills once a model is chosen' : `${a.members} photos`;
    ctx.out(`${a.name}: ${members} (${a.accepted} accepted, ${a.rejected} rejected by you)`);
  }
  if (albums.some((a) => a.members === null)) ctx.out('Choose a model to fill them: recollect index <folder> --model <model folder>');
}

async function show(ctx: CliContext, core: RecollectCore): Promise<void> {
  const name = needName(ctx, 'album show "<name>"');
  const k = positiveInt(ctx.flags.k, '-k');
  const view = await core.albums.show(name, { k });
  if (ctx.flags.json) {
    ctx.out(
      JSON.stringify({
        name: view.album.name,
        threshold: r4(view.threshold),
        learned: view.learned,
        members: view.album.members,
        photos: view.photos.map((p) => ({ path: p.photo.path, score: r4(p.score), probability: r4(p.probability), state: p.state, why: p.why })),
      }),
    );
    return;
  }
  ctx.out(`${view.album.name}: ${view.total} photos (threshold ${view.threshold.toFixed(3)}${view.learned ? ', learned from your choices' : ''})`);
  view.photos.forEach((p, i) => ctx.out(`${String(i + 1).padStart(4)}. ${p.score.toFixed(3)} ${p.state === 'accepted' ? 'accepted ' : 'suggested'}  ${p.photo.path}`));
  if (view.photos.length < view.total) ctx.out(`… ${view.total - view.photos.length} more (raise -k)`);
}

async function label(ctx: CliContext, core: RecollectCore, value: 1 | -1 | null): Promise<void> {
  const verb = ctx.positionals[0] ?? 'accept';
  const name = needName(ctx, `album ${verb} "<name>" <photo>...`);
  const paths = ctx.positionals.slice(2).map((p) => path.resolve(p));
  if (paths.length === 0) throw new UsageError(`album ${verb} needs at least one photo: recollect album ${verb} "${name}" ~/Pictures/cat.jpg`);
  const before = await core.albums.summary(name);
  const { changed } = core.albums.label(name, paths, value);
  const after = await core.albums.summary(before.id);
  if (ctx.flags.json) {
    ctx.out(JSON.stringify({ album: after.name, changed, members: after.members }));
    return;
  }
  const done = value === 1 ? 'accepted into' : value === -1 ? 'rejected from' : 'unlabelled in';
  ctx.out(`${changed} photo${changed === 1 ? '' : 's'} ${done} "${after.name}".`);
  if (before.members !== null && after.members !== null) ctx.out(`The album learned from it: ${before.members} -> ${after.members} photos.`);
}

async function why(ctx: CliContext, core: RecollectCore): Promise<void> {
  const name = needName(ctx, 'album why "<name>" <photo>');
  const photo = ctx.positionals[2];
  if (!photo) throw new UsageError(`album why needs a photo: recollect album why "${name}" ~/Pictures/cat.jpg`);
  const w = await core.albums.why(name, path.resolve(photo));
  if (ctx.flags.json) {
    const { photo: rec, ...rest } = w;
    ctx.out(JSON.stringify({ path: rec.path, ...rest }));
    return;
  }
  ctx.out(w.text);
}

export async function runAlbum(ctx: CliContext): Promise<void> {
  const sub = ctx.positionals[0];
  if (sub === 'starters') {
    if (ctx.flags.json) ctx.out(JSON.stringify({ starters: STARTER_ALBUMS }));
    else for (const s of STARTER_ALBUMS) ctx.out(`${s.id.padEnd(12)} ${s.name}: ${s.include.join(', ')}`);
    return;
  }
  await withCore(ctx, async (core) => {
    switch (sub) {
      case 'create':
        return create(ctx, core);
      case 'list':
        return list(ctx, core);
      case 'show':
        return show(ctx, core);
      case 'accept':
        return label(ctx, core, 1);
      case 'reject':
        return label(ctx, core, -1);
      case 'unlabel':
        return label(ctx, core, null);
      case 'why':
        return why(ctx, core);
      case 'rename': {
        const name = needName(ctx, 'album rename "<name>" "<new name>"');
        const to = ctx.positionals[2];
        if (!to) throw new UsageError('album rename needs the new name: recollect album rename "Cats" "My cats"');
        const album = core.albums.rename(name, to);
        if (ctx.flags.json) ctx.out(JSON.stringify({ name: album.name }));
        else ctx.out(`Renamed "${name}" to "${album.name}".`);
        return;
      }
      case 'delete': {
        const name = needName(ctx, 'album delete "<name>"');
        core.albums.delete(name);
        if (ctx.flags.json) ctx.out(JSON.stringify({ deleted: name }));
        else ctx.out(`Deleted album "${name}" (its photos are untouched).`);
        return;
      }
      default:
        throw new UsageError('album needs one of: create, list, show, accept, reject, unlabel, why, rename, delete, starters');
    }
  });
}

export async function runCategorize(ctx: CliContext): Promise<void> {
  await withCore(ctx, async (core) => {
    const result = await core.albums.categorize(ctx.flags.album ?? []);
    const photos = core.library.photos.getMany(result.assignments.map((a) => a.photoId));
    const rows = result.assignments.flatMap((a) => {
      const p = photos.get(a.photoId);
      const album = a.album === null ? null : (result.albums[a.album]?.name ?? null);
      return p ? [{ path: p.path, album, score: r4(a.score), confidence: r4(a.confidence) }] : [];
    });
    if (ctx.flags.json) {
      ctx.out(JSON.stringify({ assignments: rows }));
      return;
    }
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.album ?? 'Unsorted', (counts.get(r.album ?? 'Unsorted') ?? 0) + 1);
    for (const a of result.albums) ctx.out(`${a.name}: ${counts.get(a.name) ?? 0} photos`);
    ctx.out(`Unsorted: ${counts.get('Unsorted') ?? 0} photos (no album fits them confidently)`);
  });
}
