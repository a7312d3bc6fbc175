/**
 * `recollect style` (issue 11 item 5; the --json shapes are a contract):
 *   style <photo> --prompt "<look>" [--provider ID] [--strength 0..1] [--out FILE] [--json]
 *     -> { provider, recipe, score_before, score_after, content, out, seconds }
 *        score_before / score_after: CLIP similarity of the photo / the styled preview to the
 *        prompt; content: cosine of the styled preview to the original; out: the full-size copy
 *        written (null without --out; an existing FILE is never overwritten). Also: directional.
 *   style --providers [--json] -> { providers: [{ id, name, description, needs, available, reason }] }
 * The photo is only read. Providers come from styleRegistryFor (built-ins; tests pass more).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RecollectCore } from '../../core/create-core.js';
import { BUILTIN_STYLE_PROVIDERS } from '../../core/style/builtin-providers.js';
import { createStyleRegistry, StyleEngine, type StyleProviderInfo } from '../../core/style/style-engine.js';
import type { StyleProviderFactory } from '../../core/style/style-provider.js';
import type { StyleProviderRegistry } from '../../core/style/style-provider-registry.js';
import { UsageError } from '../cli-args.js';
import { openCore, type CliContext } from '../cli-context.js';
import { StyleSettings } from '../../service/style-settings.js';
import { ProgressBar } from '../progress-bar.js';

/** The CLI's providers: the built-ins, or the list a test passes (there is no flag or env for it). */
export function styleRegistryFor(ctx: CliContext, core: RecollectCore, factories: readonly StyleProviderFactory[] = BUILTIN_STYLE_PROVIDERS): StyleProviderRegistry {
  return createStyleRegistry({ clipModel: core.modelDir ? () => core.model() : undefined, logger: ctx.logger, factories, settingsFor: librarySettings(core) });
}

/** The provider settings the app keeps in the library (a style folder, a server address): the CLI uses the same. */
function librarySettings(core: RecollectCore): (id: string) => Readonly<Record<string, unknown>> {
  const settings = new StyleSettings(core.library.settings, core.library.file);
  return (id) => settings.for(id);
}

function parseStrength(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!value.trim() || !Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--strength expects a number from 0 to 1 (got "${value}")`);
  return n;
}

function printProviders(ctx: CliContext, providers: StyleProviderInfo[]): void {
  if (ctx.flags.json) {
    ctx.out(JSON.stringify({ providers }));
    return;
  }
  for (const p of providers) {
    ctx.out(`${p.id.padEnd(14)} ${p.name}${p.available ? '' : `  (unavailable: ${p.reason ?? 'unknown reason'})`}`);
    ctx.out(`${''.padEnd(14)} ${p.description}`);
  }
}

function progressLine(fraction: number, stage: string, width = 24): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `Styling [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%  ${stage}`;
}

async function stylePhoto(ctx: CliContext, engine: StyleEngine, photo: string): Promise<void> {
  const prompts = ctx.flags.prompt ?? [];
  const prompt = prompts[0];
  if (prompts.length !== 1 || !prompt?.trim()) throw new UsageError('style needs one --prompt "<look>" (for example --prompt "warm vintage film")');
  const strength = parseStrength(ctx.flags.strength);
  // Said before the search runs; the exclusive create in saveCopy still guards a file made meanwhile.
  if (ctx.flags.out !== undefined && existsSync(path.resolve(ctx.flags.out))) throw new UsageError(`--out ${ctx.flags.out} exists already; choose another file name (nothing is ever overwritten)`);
  const started = performance.now();
  const bar = ctx.flags.json ? null : new ProgressBar();
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await engine.preview(photo, {
      prompt,
      provider: ctx.flags.provider,
      strength,
      signal: controller.signal,
      onProgress: (p) => bar?.draw(() => progressLine(p.fraction, p.stage), p.fraction < 1),
    });
    bar?.clear();
    const out = ctx.flags.out === undefined ? null : (await engine.saveCopy(photo, { provider: result.provider, recipe: result.recipe, label: prompt, target: ctx.flags.out, signal: controller.signal })).path;
    const seconds = Math.round(performance.now() - started) / 1000;
    const s = result.scores;
    if (ctx.flags.json) {
      ctx.out(JSON.stringify({ provider: result.provider, recipe: result.recipe, score_before: s?.before ?? null, score_after: s?.after ?? null, content: s?.content ?? null, out, seconds, directional: s?.directional ?? null, strength }));
      return;
    }
    ctx.out(`Look "${prompt}" by ${result.provider}, strength ${strength}, in ${seconds.toFixed(1)} s`);
    if (s) {
      const more = s.before > 0 ? ((s.after - s.before) / s.before) * 100 : 0;
      ctx.out(`Looks ${Math.abs(more).toFixed(0)} % ${more >= 0 ? 'more' : 'less'} like "${prompt}" (CLIP similarity ${s.before.toFixed(3)} -> ${s.after.toFixed(3)}); content kept: ${s.content.toFixed(3)}`);
    }
    ctx.out(`Recipe: ${JSON.stringify(result.recipe)}`);
    ctx.out(out ? `Saved the styled copy: ${out}` : 'Nothing was written. Add --out FILE to save the styled copy.');
  } finally {
    process.removeListener('SIGINT', onSigint);
    bar?.clear();
  }
}

export async function runStyle(ctx: CliContext, factories: readonly StyleProviderFactory[] = BUILTIN_STYLE_PROVIDERS): Promise<void> {
  const wantsList = ctx.flags.providers === true;
  const [photo, ...extra] = ctx.positionals;
  if (wantsList && photo !== undefined) throw new UsageError('style --providers takes no photo');
  if (!wantsList && photo === undefined) throw new UsageError('style needs a photo: recollect style <photo> --prompt "<look>" (or --providers)');
  if (extra.length > 0) throw new UsageError('style takes one photo at a time');
  const core = openCore(ctx);
  const engine = new StyleEngine(styleRegistryFor(ctx, core, factories), librarySettings(core));
  try {
    if (wantsList) printProviders(ctx, await engine.providers());
    else if (photo !== undefined) await stylePhoto(ctx, engine, photo);
  } finally {
    await engine.dispose();
    await core.close();
  }
}
