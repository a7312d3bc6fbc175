/**
 * The viewer's "Style" panel (issue 11, item 6): the look in words, the provider, the strength, the
 * preview job in progress (styleProgress events), its result with the before/after split, saving a
 * copy and copying the recipe. One photo at a time: another photo (or closing the panel) cancels a
 * preview still running and hides the result. The engine does the work and never overwrites a
 * file; this class only asks and shows what it answered.
 */
import type { SavedStyledCopyDto, StyleJobDto, StylePreviewResultDto, StyleProviderDto } from '../../../../electron/contract/style-dto.js';
import { api, errorMessage } from '../api.js';

/** Looks a user can start from (the ones the issue and style-preview.md name first). */
export const STYLE_SUGGESTIONS = ['warm vintage film', 'moody blue night', 'black and white, high contrast', 'soft pastel', 'golden hour', 'faded summer'] as const;

/** A strength change re-previews after the slider rests this long (the look finder caches its search, so each is fast). */
export const STRENGTH_DEBOUNCE_MS = 350;

/** Where the last result came from: saving names the copy after the look it shows. */
interface ShownResult {
  result: StylePreviewResultDto;
  prompt: string;
  strength: number;
}

export class StyleState {
  open = $state(false);
  /** The viewer's photo. */
  photoId = $state<number | null>(null);
  providers = $state.raw<StyleProviderDto[]>([]);
  providerId = $state<string | null>(null);
  prompt = $state('');
  /** 0..100 (%), as the slider shows it; the API takes 0..1. */
  strength = $state(100);
  /** Where the before/after line sits, 0..100 % from the left (left of it: the original). */
  split = $state(50);

  job = $state.raw<StyleJobDto | null>(null);
  /** previewStyle was asked and has not answered yet (its job has no id here yet). */
  requesting = $state(false);
  /** The user stopped the last preview (shown until the next one starts). */
  cancelled = $state(false);
  shown = $state.raw<ShownResult | null>(null);
  error = $state<string | null>(null);

  /** Folder for the copy; empty: beside the original. */
  saveFolder = $state('');
  saving = $state(false);
  saved = $state.raw<SavedStyledCopyDto | null>(null);
  saveError = $state<string | null>(null);
  copied = $state(false);

  running = $derived(this.requesting || this.job?.running === true);
  provider = $derived(this.providers.find((p) => p.id === this.providerId) ?? null);
  canPreview = $derived(this.photoId !== null && this.prompt.trim() !== '' && this.provider?.available === true);

  private loaded = false;
  private sequence = 0;
  /** Events that came before previewStyle answered with their job's id (SSE and the reply race); never drawn, so not reactive. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private early = new Map<string, StyleJobDto>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** Subscribes to the preview's events; the returned function unsubscribes (and cancels). */
  connect = (): (() => void) => {
    const off = api.onStyleProgress(this.progress);
    return () => {
      off();
      this.stop();
    };
  };

  toggle = (): void => {
    if (this.open) this.close();
    else this.show();
  };

  show = (): void => {
    this.open = true;
    if (!this.loaded) void this.loadProviders();
  };

  close = (): void => {
    this.open = false;
    this.stop();
  };

  /** The viewer moved to another photo: what was shown belongs to the old one. */
  setPhoto = (photoId: number): void => {
    if (photoId === this.photoId) return;
    this.stop();
    this.photoId = photoId;
  };

  choose = (providerId: string): void => {
    this.providerId = providerId;
  };

  suggest = (prompt: string): void => {
    this.prompt = prompt;
    void this.preview();
  };

  setStrength = (percent: number): void => {
    this.strength = Math.min(100, Math.max(0, Math.round(percent)));
    if (this.timer) clearTimeout(this.timer);
    // Only a look already asked for follows the slider; before that, the slider just sets it.
    if (!this.shown && !this.running) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.preview();
    }, STRENGTH_DEBOUNCE_MS);
  };

  setSplit = (percent: number): void => {
    this.split = Math.min(100, Math.max(0, percent));
  };

  loadProviders = async (): Promise<void> => {
    try {
      this.applyProviders(await api.listStyleProviders());
      this.loaded = true;
    } catch (err) {
      this.error = `The styles could not be listed: ${errorMessage(err)}`;
    }
  };

  preview = async (): Promise<void> => {
    const photoId = this.photoId;
    const prompt = this.prompt.trim();
    if (photoId === null) return;
    if (prompt === '') {
      this.error = 'Describe the look in words first (for example “warm vintage film”), or pick a suggestion.';
      return;
    }
    const provider = this.provider;
    if (!provider?.available) {
      this.error = provider ? `${provider.name} cannot run now: ${provider.reason ?? 'it is not available'}` : 'Choose a style provider first.';
      return;
    }
    const seq = ++this.sequence;
    this.error = null;
    this.saved = null;
    this.saveError = null;
    this.early.clear();
    this.job = null;
    this.cancelled = false;
    this.requesting = true;
    try {
      const job = await api.previewStyle({ photoId, prompt, provider: provider.id, strength: this.strength / 100 });
      if (seq !== this.sequence) {
        // Replaced or cancelled while asking: this job is nobody's now.
        if (job.running) void api.cancelStylePreview(job.jobId).catch(() => undefined);
        return;
      }
      this.job = job;
      const early = this.early.get(job.jobId);
      this.early.clear();
      if (early) this.progress(early);
    } catch (err) {
      if (seq === this.sequence) this.error = errorMessage(err);
    } finally {
      if (seq === this.sequence) this.requesting = false;
    }
  };

  cancel = async (): Promise<void> => {
    const job = this.job;
    const wasRunning = this.running;
    this.sequence++;
    this.requesting = false;
    if (!wasRunning) return;
    this.cancelled = true;
    // Still asking: the job the reply names is cancelled when it comes (preview()).
    if (!job?.running) return;
    this.job = { ...job, running: false, stage: 'Cancelled' };
    try {
      await api.cancelStylePreview(job.jobId);
    } catch (err) {
      this.error = `The preview could not be stopped: ${errorMessage(err)}`;
    }
  };

  /** A styleProgress event: only the job this panel asked for moves it. */
  progress = (job: StyleJobDto): void => {
    if (this.job?.jobId !== job.jobId) {
      if (this.requesting) this.early.set(job.jobId, job);
      return;
    }
    // Cancelled here already: the host's last word is "Cancelled" too, nothing to show.
    if (!this.job.running) return;
    this.job = job;
    if (job.running) return;
    if (job.result) {
      this.shown = { result: job.result, prompt: job.prompt, strength: Math.round(job.strength * 100) };
      this.copied = false;
    } else if (job.error && job.error.code !== 'CANCELLED') this.error = job.error.message;
  };

  /** Saves one provider's settings; answers the engine's refusal in words, or null when saved. */
  saveSettings = async (providerId: string, values: Record<string, string>): Promise<string | null> => {
    try {
      this.applyProviders(await api.setStyleProviderSettings({ provider: providerId, settings: values }));
      return null;
    } catch (err) {
      return errorMessage(err);
    }
  };

  save = async (): Promise<void> => {
    const shown = this.shown;
    if (!shown || this.photoId === null || this.saving) return;
    const folder = this.saveFolder.trim();
    this.saving = true;
    this.saved = null;
    this.saveError = null;
    try {
      this.saved = await api.saveStyledCopy({ photoId: this.photoId, provider: shown.result.provider, recipe: shown.result.recipe, label: shown.prompt, ...(folder ? { folder } : {}) });
    } catch (err) {
      this.saveError = errorMessage(err);
    } finally {
      this.saving = false;
    }
  };

  copyRecipe = async (): Promise<void> => {
    const shown = this.shown;
    if (!shown) return;
    try {
      await navigator.clipboard.writeText(JSON.stringify(shown.result.recipe, null, 2));
      this.copied = true;
    } catch (err) {
      this.copied = false;
      this.error = `The recipe could not be copied: ${errorMessage(err)}. Select the text below and copy it instead.`;
    }
  };

  /** Cancels what runs and forgets what was shown (another photo, panel closed, viewer closed). */
  private stop = (): void => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.cancel();
    this.cancelled = false;
    this.job = null;
    this.shown = null;
    this.error = null;
    this.saved = null;
    this.saveError = null;
    this.copied = false;
    this.split = 50;
  };

  private applyProviders = (providers: StyleProviderDto[]): void => {
    this.providers = providers;
    // The chosen one stays while it can run; otherwise the first that can (a provider just set up wins no choice by itself).
    const current = providers.find((p) => p.id === this.providerId && p.available);
    if (!current) this.providerId = (providers.find((p) => p.available) ?? providers[0])?.id ?? null;
  };
}
