import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StyleJobDto, StyleProviderDto } from '../../../electron/contract/style-dto.js';
import { apiError } from '../../helpers/fake-api.js';
import { installFakeApi } from './install-fake-api.js';

const fake = installFakeApi();
const { StyleState, STRENGTH_DEBOUNCE_MS } = await import('../../../renderer/src/lib/state/style-state.svelte.js');
const { contentKeptInWords, lookChangeInWords } = await import('../../../renderer/src/lib/style-words.js');

const PROVIDERS: StyleProviderDto[] = [
  { id: 'clip-look', name: 'CLIP look finder', description: 'Finds a look.', needs: ['clip-model'], available: true, reason: null, settings: [] },
  { id: 'img2img-server', name: 'Image generation server', description: 'A server.', needs: ['server-url'], available: false, reason: 'Set the address.', settings: [{ key: 'url', label: 'Address', placeholder: '', value: '' }] },
];

function job(jobId: string, over: Partial<StyleJobDto> = {}): StyleJobDto {
  return { jobId, photoId: 7, prompt: 'a blue shape', provider: 'clip-look', strength: 1, running: true, fraction: 0, stage: 'Starting', result: null, error: null, ...over };
}

function done(jobId: string, strength = 1): StyleJobDto {
  const result = { provider: 'clip-look', image: 'data:image/png;base64,AAAA', width: 90, height: 60, recipe: { kind: 'look', version: 1, hue: 3 }, scores: { before: 0.25, after: 0.345, content: 0.91, directional: 0.2 } };
  return job(jobId, { running: false, fraction: 1, stage: 'Done', strength, result });
}

async function ready(): Promise<InstanceType<typeof StyleState>> {
  const style = new StyleState();
  style.connect();
  style.setPhoto(7);
  style.show();
  await vi.waitFor(() => expect(style.providers).toHaveLength(2));
  return style;
}

describe('StyleState', () => {
  beforeEach(() => {
    fake.reset();
    fake.handle('listStyleProviders', async () => PROVIDERS);
  });
  afterEach(() => vi.useRealTimers());

  it('chooses the first provider that can run and asks for words before previewing', async () => {
    const style = await ready();
    expect(style.providerId).toBe('clip-look');
    await style.preview();
    expect(style.error).toMatch(/Describe the look in words/);
    expect(fake.argsOf('previewStyle')).toEqual([]);
  });

  it('previews the suggestion at the slider strength and shows the result its last event carries', async () => {
    const style = await ready();
    style.strength = 40;
    style.suggest('warm vintage film');
    await vi.waitFor(() => expect(style.job?.jobId).toBe('job-1'));
    expect(fake.argsOf('previewStyle')).toEqual([[{ photoId: 7, prompt: 'warm vintage film', provider: 'clip-look', strength: 0.4 }]]);
    expect(style.running).toBe(true);
    fake.emit('styleProgress', job('job-1', { fraction: 0.5, stage: 'Searching for the look' }));
    expect(style.job?.stage).toBe('Searching for the look');
    fake.emit('styleProgress', done('job-1', 0.4));
    expect(style.running).toBe(false);
    expect(style.shown).toMatchObject({ prompt: 'a blue shape', strength: 40, result: { width: 90 } });
  });

  it('keeps an event that arrives before previewStyle answers (the stream and the reply race)', async () => {
    let answer: (j: StyleJobDto) => void = () => undefined;
    fake.handle('previewStyle', () => new Promise<StyleJobDto>((resolve) => (answer = resolve)));
    const style = await ready();
    style.prompt = 'a blue shape';
    const asked = style.preview();
    fake.emit('styleProgress', done('job-9'));
    answer(job('job-9'));
    await asked;
    expect(style.shown?.result.recipe).toEqual({ kind: 'look', version: 1, hue: 3 });
  });

  it('ignores events of other jobs', async () => {
    const style = await ready();
    style.prompt = 'a blue shape';
    await style.preview();
    fake.emit('styleProgress', done('someone-else'));
    expect(style.shown).toBeNull();
    expect(style.running).toBe(true);
  });

  it('shows a failure in words, but not a cancellation', async () => {
    const style = await ready();
    style.prompt = 'a blue shape';
    await style.preview();
    fake.emit('styleProgress', job('job-1', { running: false, stage: 'Failed', error: { code: 'STYLE_FAILED', message: 'The server answered HTTP 500.' } }));
    expect(style.error).toBe('The server answered HTTP 500.');
    await style.preview();
    fake.emit('styleProgress', job('job-1', { running: false, stage: 'Cancelled', error: { code: 'CANCELLED', message: 'Cancelled.' } }));
    expect(style.error).toBeNull();
  });

  it('cancel stops the job on the engine and says so; its late result is not shown', async () => {
    const style = await ready();
    style.prompt = 'a blue shape';
    await style.preview();
    await style.cancel();
    expect(fake.argsOf('cancelStylePreview')).toEqual([['job-1']]);
    expect(style.cancelled).toBe(true);
    expect(style.running).toBe(false);
    fake.emit('styleProgress', done('job-1'));
    expect(style.shown).toBeNull();
  });

  it('another photo cancels the running preview and hides the result', async () => {
    const style = await ready();
    style.prompt = 'a blue shape';
    await style.preview();
    fake.emit('styleProgress', done('job-1'));
    await style.preview();
    style.setPhoto(8);
    expect(fake.argsOf('cancelStylePreview')).toEqual([['job-1']]);
    expect(style.shown).toBeNull();
    expect(style.job).toBeNull();
    expect(style.open).toBe(true);
  });

  it('re-previews once the strength slider rests, only after a look was asked for', async () => {
    vi.useFakeTimers();
    const style = await ready();
    style.setStrength(30);
    vi.advanceTimersByTime(STRENGTH_DEBOUNCE_MS * 2);
    expect(fake.argsOf('previewStyle')).toEqual([]);
    style.prompt = 'a blue shape';
    await style.preview();
    fake.emit('styleProgress', done('job-1'));
    style.setStrength(50);
    style.setStrength(60);
    vi.advanceTimersByTime(STRENGTH_DEBOUNCE_MS - 1);
    expect(fake.argsOf('previewStyle')).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(fake.argsOf('previewStyle').at(-1)).toEqual([expect.objectContaining({ strength: 0.6 })]);
  });

  it('saves the copy named after the look shown, beside the original unless a folder is typed', async () => {
    const style = await ready();
    style.prompt = 'a blue shape';
    await style.preview();
    fake.emit('styleProgress', done('job-1'));
    await style.save();
    style.saveFolder = ' /home/you/Styled ';
    await style.save();
    expect(fake.argsOf('saveStyledCopy')).toEqual([
      [{ photoId: 7, provider: 'clip-look', recipe: { kind: 'look', version: 1, hue: 3 }, label: 'a blue shape' }],
      [{ photoId: 7, provider: 'clip-look', recipe: { kind: 'look', version: 1, hue: 3 }, label: 'a blue shape', folder: '/home/you/Styled' }],
    ]);
    expect(style.saved?.path).toMatch(/IMG_0001 \(styled\)\.jpg$/);
  });

  it("shows the engine's refusal to save in its own words", async () => {
    fake.handle('saveStyledCopy', async () => {
      throw apiError('STYLE_FAILED', 'The folder /nope does not exist.');
    });
    const style = await ready();
    style.prompt = 'a blue shape';
    await style.preview();
    fake.emit('styleProgress', done('job-1'));
    await style.save();
    expect(style.saveError).toBe('The folder /nope does not exist.');
    expect(style.saved).toBeNull();
  });

  it('answers a refused setting in words and keeps the choice when saved', async () => {
    fake.handle('setStyleProviderSettings', async () => {
      throw apiError('INVALID_ARGUMENT', 'The style provider "img2img-server" has no setting "port".');
    });
    const style = await ready();
    expect(await style.saveSettings('img2img-server', { port: '1' })).toMatch(/has no setting "port"/);
    fake.handle('setStyleProviderSettings', async () => PROVIDERS.map((p) => ({ ...p, available: true, reason: null })));
    expect(await style.saveSettings('img2img-server', { url: 'http://127.0.0.1:7860' })).toBeNull();
    expect(style.providers.every((p) => p.available)).toBe(true);
    expect(style.providerId).toBe('clip-look');
  });
});

describe('style scores in words', () => {
  const scores = { before: 0.25, after: 0.345, content: 0.914, directional: 0.2 };

  it('says how much more the preview looks like the words, relative to the photo', () => {
    expect(lookChangeInWords(scores, 'warm vintage film')).toBe('Looks 38 % more like “warm vintage film”');
    expect(lookChangeInWords({ ...scores, after: 0.2 }, 'golden hour')).toBe('Looks 20 % less like “golden hour”');
    expect(lookChangeInWords({ ...scores, after: 0.25 }, 'golden hour')).toBe('Looks about as much like “golden hour” as the photo did');
  });

  it('does not blow up a change from a photo that hardly matched at all', () => {
    expect(lookChangeInWords({ ...scores, before: 0.001, after: 0.05 }, 'x')).toBe('Looks 98 % more like “x”');
  });

  it('says how much of the photo is kept', () => {
    expect(contentKeptInWords(scores)).toBe('Keeps 91 % of the photo');
  });
});
