/**
 * The "New album" dialog: the starter list, and an album described in words with a live preview
 * of what it would hold (debounced like search; an older preview's reply is dropped). Prompts are
 * one per line; the engine checks them again and answers refusals in words.
 */
import type { AlbumPreviewDto, AlbumSummaryDto, StarterAlbumDto } from '../../../../electron/contract/album-dto.js';
import { api, errorCode, errorMessage } from '../api.js';

const TYPING_DELAY_MS = 300;
export const PREVIEW_PHOTOS = 24;

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

export class AlbumDraftState {
  open = $state(false);
  starters = $state.raw<StarterAlbumDto[]>([]);
  name = $state('');
  include = $state('');
  exclude = $state('');
  preview = $state.raw<AlbumPreviewDto | null>(null);
  /** Why there is no preview (no model yet, a prompt refused): words, not an error banner. */
  previewNote = $state<string | null>(null);
  previewing = $state(false);
  error = $state<string | null>(null);
  busy = $state(false);

  prompts = $derived(lines(this.include));
  exclusions = $derived(lines(this.exclude));
  canCreate = $derived(this.name.trim() !== '' && this.prompts.length > 0 && !this.busy);

  private timer: ReturnType<typeof setTimeout> | undefined;
  private sequence = 0;

  /** `created` is told about each album made, so the list and the view follow. */
  constructor(private readonly created: (album: AlbumSummaryDto) => void) {}

  show = async (): Promise<void> => {
    this.open = true;
    this.error = null;
    try {
      this.starters = await api.listStarterAlbums();
    } catch (err) {
      this.error = errorMessage(err);
    }
  };

  close = (): void => {
    this.open = false;
    clearTimeout(this.timer);
    this.sequence++;
    this.name = '';
    this.include = '';
    this.exclude = '';
    this.preview = null;
    this.previewNote = null;
    this.error = null;
  };

  /** Any edit of the words: the preview follows once typing pauses. */
  edited = (): void => {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runPreview(), TYPING_DELAY_MS);
  };

  /** A starter fills the form (the user may still edit it) and previews at once. */
  useStarter = (starter: StarterAlbumDto): void => {
    this.name = starter.name;
    this.include = starter.include.join('\n');
    this.exclude = starter.exclude.join('\n');
    clearTimeout(this.timer);
    void this.runPreview();
  };

  /** One click: creates the starter album as it is. */
  createStarter = async (starter: StarterAlbumDto): Promise<void> => {
    await this.createWith(starter.name, starter.include, starter.exclude);
  };

  create = async (): Promise<void> => {
    if (!this.canCreate) return;
    await this.createWith(this.name, this.prompts, this.exclusions);
  };

  private createWith = async (name: string, include: string[], exclude: string[]): Promise<void> => {
    this.busy = true;
    this.error = null;
    try {
      const album = await api.createAlbum({ name, include, exclude });
      this.created(album);
      this.close();
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  };

  private runPreview = async (): Promise<void> => {
    const seq = ++this.sequence;
    if (this.prompts.length === 0) {
      this.preview = null;
      this.previewNote = null;
      return;
    }
    this.previewing = true;
    try {
      const preview = await api.previewAlbum({ include: this.prompts, exclude: this.exclusions, limit: PREVIEW_PHOTOS });
      if (seq !== this.sequence) return;
      this.preview = preview;
      this.previewNote = null;
    } catch (err) {
      if (seq !== this.sequence) return;
      this.preview = null;
      this.previewNote =
        errorCode(err) === 'MODEL_NOT_CONFIGURED' ? 'The preview appears once a model is chosen; the album can be created now.' : errorMessage(err);
    } finally {
      if (seq === this.sequence) this.previewing = false;
    }
  };
}
