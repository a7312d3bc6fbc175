/**
 * The model manager in the app (issue 12, item 7): the catalog and installed models
 * (listModels), downloads as jobs whose progress arrives as `modelDownloadProgress` events, and
 * the actions of the Models page and the first-run screen: download (optionally "use it when it
 * is done"), cancel, resume, use, remove, import. A failed action keeps its message and a hint
 * with what to do, per model, until the next try.
 */
import type { DeviceChoiceDto, LibraryStatusDto } from '../../../../electron/contract/dto.js';
import type { ApiErrorDto } from '../../../../electron/contract/errors.js';
import type { CatalogModelDto, ModelDownloadJobDto, ModelListDto } from '../../../../electron/contract/model-manager-dto.js';
import { SvelteSet } from 'svelte/reactivity';
import { api, errorCode, errorMessage } from '../api.js';

/** What to do after a download or model action failed, by error code. */
const HINTS: Partial<Record<string, string>> = {
  MODEL_DOWNLOAD_FAILED:
    'Check that this computer is online (a firewall, proxy or the hub itself may be down; a mirror can be set with HF_ENDPOINT), then press Try again: it resumes where it stopped.',
  MODEL_ACCESS_DENIED:
    'This model is gated or private: accept its terms on huggingface.co with your account, then start Recollect with HF_TOKEN set to an access token of that account.',
  DISK_FULL: 'Free some space on that disk (or choose another models folder with RECOLLECT_MODELS_DIR), then press Try again.',
  MODEL_VERIFY_FAILED: 'Nothing was installed. Press Try again; if it fails again, the hub or mirror is serving damaged files.',
  MODEL_INVALID: 'Pick a folder that holds config.json, preprocessor_config.json, tokenizer.json and an onnx/ folder.',
  MODEL_MISSING_FILE: 'Pick a folder that holds config.json, preprocessor_config.json, tokenizer.json and an onnx/ folder.',
  PROVIDER_FAILED: 'The device could not run this model. Choose Device: CPU under “Use a model folder I have”, then try again.',
};

export interface ModelProblem {
  message: string;
  hint: string | null;
}

export function problemOf(err: ApiErrorDto | unknown): ModelProblem {
  return { message: errorMessage(err), hint: HINTS[errorCode(err) ?? ''] ?? null };
}

export class ModelManagerState {
  /** The Models page is shown. */
  open = $state(false);
  list = $state.raw<ModelListDto | null>(null);
  loadError = $state<string | null>(null);
  /** The latest download job of each model folder id. */
  jobs = $state.raw<Record<string, ModelDownloadJobDto>>({});
  /** A failed action (start, use, remove) per model id; 'import' for the import field. */
  problems = $state.raw<Record<string, ModelProblem>>({});
  /** Model ids with an action in flight. */
  readonly busy = new SvelteSet<string>();
  /** The last import, for "Imported …". */
  imported = $state<string | null>(null);

  /** Models to choose (setModel) as soon as their download is done: the first-run download. */
  private readonly useWhenDone = new SvelteSet<string>();

  constructor(
    private readonly onStatus: (status: LibraryStatusDto) => void,
    private readonly device: () => DeviceChoiceDto,
  ) {}

  recommended = $derived(this.list?.catalog.find((m) => m.recommended) ?? this.list?.catalog[0] ?? null);

  show = (): void => {
    this.open = true;
    void this.load();
  };

  close = (): void => {
    this.open = false;
  };

  load = async (): Promise<void> => {
    try {
      const list = await api.listModels();
      this.list = list;
      this.loadError = null;
      // Jobs started before this page was (re)loaded: the newest per model.
      const jobs = { ...this.jobs };
      for (const job of list.downloads) {
        const known = jobs[job.id];
        if (!known || known.startedAt <= job.startedAt) jobs[job.id] = job;
      }
      this.jobs = jobs;
    } catch (err) {
      this.loadError = errorMessage(err);
    }
  };

  /** A modelDownloadProgress event. */
  progress = (job: ModelDownloadJobDto): void => {
    const known = this.jobs[job.id];
    if (known && known.jobId !== job.jobId && known.startedAt > job.startedAt) return;
    this.jobs = { ...this.jobs, [job.id]: job };
    if (job.state === 'running') return;
    void this.load();
    if (job.state === 'done' && job.dir && this.useWhenDone.delete(job.id)) void this.use(job.id, job.dir);
    if (job.state === 'failed' || job.state === 'cancelled') this.useWhenDone.delete(job.id);
  };

  /** Starts (or resumes: the engine keeps what arrived) the download of a catalog model. */
  download = async (model: CatalogModelDto, options: { quantized?: boolean; useWhenDone?: boolean } = {}): Promise<void> => {
    this.setProblem(model.id, null);
    if (options.useWhenDone) this.useWhenDone.add(model.id);
    await this.withBusy(model.id, async () => {
      const job = await api.startModelDownload({ id: model.id, quantized: options.quantized ?? false });
      // An event may already have brought a later state of this job.
      if (this.jobs[job.id]?.jobId !== job.jobId) this.jobs = { ...this.jobs, [job.id]: job };
    }, () => this.useWhenDone.delete(model.id));
  };

  cancel = async (job: ModelDownloadJobDto): Promise<void> => {
    this.useWhenDone.delete(job.id);
    await this.withBusy(job.id, async () => {
      const after = await api.cancelModelDownload(job.jobId);
      if (after) this.progress(after);
    });
  };

  /** Chooses an installed model: the engine starts re-embedding the library with it. */
  use = async (id: string, dir: string): Promise<void> => {
    this.setProblem(id, null);
    await this.withBusy(id, async () => {
      this.onStatus(await api.setModel({ dir, device: this.device() }));
      await this.load();
    });
  };

  remove = async (id: string, vectors: boolean): Promise<boolean> => {
    this.setProblem(id, null);
    let removed = false;
    await this.withBusy(id, async () => {
      await api.removeModel({ id, vectors });
      removed = true;
      await this.load();
    });
    return removed;
  };

  importFolder = async (path: string): Promise<boolean> => {
    const trimmed = path.trim();
    this.imported = null;
    if (!trimmed) {
      this.setProblem('import', { message: 'Type the path of a model folder, or use Browse….', hint: null });
      return false;
    }
    this.setProblem('import', null);
    let done = false;
    await this.withBusy('import', async () => {
      const imported = await api.importModelFolder(trimmed);
      this.imported = imported.id;
      done = true;
      await this.load();
    });
    return done;
  };

  private withBusy = async (id: string, action: () => Promise<void>, onError?: () => void): Promise<void> => {
    this.busy.add(id);
    try {
      await action();
    } catch (err) {
      onError?.();
      this.setProblem(id, problemOf(err));
    } finally {
      this.busy.delete(id);
    }
  };

  private setProblem = (id: string, problem: ModelProblem | null): void => {
    const next = { ...this.problems };
    if (problem) next[id] = problem;
    else delete next[id];
    this.problems = next;
  };
}
