/**
 * The running half of a model folder: its ONNX sessions, each opened when its tower is first used
 * (a text search opens only the text tower; the first image to embed opens the vision tower; a
 * combined graph is one session and opens whole), on the execution provider that passed the CPU
 * self-check (select-execution-provider.ts), with the family's encoders over them and the probe
 * that proves a tower's output size equals config.json's projection_dim before any vector it
 * gives is stored. Owned by onnx-clip-model.ts; nothing opens when a model is only identified
 * (identify-clip-model.ts): a rescan with nothing to embed and `recollect status` never pay for it.
 *
 * Provider rule (issue 14, goal 5): the tower that opens first chooses the provider as a whole
 * model did (every GPU the platform has, then CPU). The second tower tries only that provider,
 * with its own self-check against CPU, and falls back to CPU when it fails there (device 'gpu':
 * the "No GPU works here" error instead). So the towers share a provider except in that fallback,
 * and `device` names a GPU only while every open tower runs on it: a tower that fell back makes it
 * 'cpu', and the attempts say which tower did not pass and why.
 */
import { CoreError } from '../core-error.js';
import type { Logger } from '../logger.js';
import type { DeviceChoice } from '../onnx/device-choice.js';
import { CPU_PROVIDER } from '../onnx/execution-providers.js';
import type { OnnxSession } from '../onnx/onnx-session.js';
import type { ProviderAttempt } from '../onnx/provider-attempt.js';
import { selectExecutionProvider, type ProviderSelection } from '../onnx/select-execution-provider.js';
import type { ImageTowerEncoder, TextTowerEncoder } from './model-family.js';
import { buildEncoders, probeEncoders, type PartEncoders } from './model-towers.js';
import type { ModelFolder } from './read-model-folder.js';
import { SELF_CHECK_TEXT } from './self-check-inputs.js';
import { openPartSession, partFor, towersOf, type SessionPart, type Tower } from './tower-sessions.js';
import { cosineSimilarity } from './vector-math.js';

export interface ClipRuntimeOptions {
  device: DeviceChoice;
  threads: number | undefined;
}

interface OpenPart {
  part: SessionPart;
  provider: string;
  session: OnnxSession;
  encoders: PartEncoders;
}

const TOWER_LABEL: Record<SessionPart, string> = { text: 'the text tower', vision: 'the image tower', combined: 'the model' };

export class ClipRuntime {
  readonly #folder: ModelFolder;
  readonly #options: ClipRuntimeOptions;
  readonly #logger: Logger;
  /** Each part's open, kept once it succeeds; a failed one is dropped, so the next use tries again. */
  readonly #opening = new Map<SessionPart, Promise<OpenPart>>();
  /** The parts that opened, in order: the first one's provider is the one the second tries. */
  readonly #open: OpenPart[] = [];
  #attempts: ProviderAttempt[] = [];
  // One part opens at a time, so the second tower knows the provider the first chose.
  #queue: Promise<unknown> = Promise.resolve();
  #released = false;

  constructor(folder: ModelFolder, options: ClipRuntimeOptions, logger: Logger) {
    this.#folder = folder;
    this.#options = options;
    this.#logger = logger;
  }

  /** The provider of the towers open so far (null: none); 'cpu' when one fell back (see the header). */
  get device(): string | null {
    const [first] = this.#open;
    if (!first) return null;
    return this.#open.every((p) => p.provider === first.provider) ? first.provider : CPU_PROVIDER;
  }

  /** How each provider fared, for each tower as it opened (a second tower adds only its failures). */
  get attempts(): readonly ProviderAttempt[] {
    return this.#attempts;
  }

  /** True once both towers are open and probed. */
  get complete(): boolean {
    return (['text', 'vision'] as const).every((tower) => this.#open.some((p) => towersOf(p.part).includes(tower)));
  }

  async textEncoder(): Promise<TextTowerEncoder> {
    const { encoders } = await this.#openTower('text');
    if (!encoders.textEncoder) throw new CoreError('INTERNAL', 'the text session has no text encoder');
    return encoders.textEncoder;
  }

  async imageEncoder(): Promise<ImageTowerEncoder> {
    const { encoders } = await this.#openTower('vision');
    if (!encoders.imageEncoder) throw new CoreError('INTERNAL', 'the vision session has no image encoder');
    return encoders.imageEncoder;
  }

  /**
   * Opens both towers. Vision first: it is the tower whose provider matters (indexing runs on it),
   * and a folder with two broken files names the vision file, as loading always did.
   */
  async openAll(): Promise<void> {
    await this.#openTower('vision');
    await this.#openTower('text');
  }

  /** Releases every session opened (waiting for one being opened); the runtime is unusable after. */
  async release(): Promise<void> {
    this.#released = true;
    const parts = await Promise.all([...this.#opening.values()].map((p) => p.catch(() => null)));
    await Promise.all(parts.map((p) => p?.session.release()));
  }

  #openTower(tower: Tower): Promise<OpenPart> {
    if (this.#released) return Promise.reject(new CoreError('INTERNAL', `the sessions of ${this.#folder.dir} were used after release`));
    const part = partFor(this.#folder.onnx, tower);
    const existing = this.#opening.get(part);
    if (existing) return existing;
    const opening = this.#queue.then(() => this.#openPart(part));
    this.#queue = opening.catch(() => undefined);
    this.#opening.set(part, opening);
    opening.catch(() => {
      if (this.#opening.get(part) === opening) this.#opening.delete(part);
    });
    return opening;
  }

  /** Rejects with the folder's MODEL_INVALID error (naming the ONNX file) when the part cannot load or embed. */
  async #openPart(part: SessionPart): Promise<OpenPart> {
    const started = performance.now();
    const folder = this.#folder;
    const lead = this.#open[0];
    const probe = async (session: OnnxSession): Promise<Float32Array[]> => probeEncoders(folder, buildEncoders(folder, part, session));
    // Builds the tokenizer if it is not yet (lazy-text-tokenizer.ts) before any session: a tokenizer
    // that cannot be built is the folder's fault, never to be recorded as a provider's self-check failure.
    if (part !== 'vision') folder.tokenizer.tokenize(SELF_CHECK_TEXT);
    const selection = await selectExecutionProvider(
      lead?.provider === CPU_PROVIDER ? 'cpu' : this.#options.device,
      process.platform,
      {
        create: (provider) => openPartSession(folder.dir, folder.onnx, part, provider, this.#options.threads),
        selfCheck: async (candidate, cpu) => minCosine(await probe(candidate), await probe(cpu)),
        release: (session) => session.release(),
        logger: this.#logger,
      },
      lead ? [lead.provider] : undefined,
    );
    try {
      const encoders = buildEncoders(folder, part, selection.sessions);
      // Proves the output size equals projection_dim (and warms the session) before any vector is stored.
      await probeEncoders(folder, encoders);
      const opened = { part, provider: selection.provider, session: selection.sessions, encoders };
      this.#open.push(opened);
      this.#attempts = [...this.#attempts, ...newAttempts(selection, part, lead)];
      this.#logger.info('model session opened', { dir: folder.dir, part, device: selection.provider, ms: Math.round(performance.now() - started) });
      return opened;
    } catch (err) {
      await selection.sessions.release();
      throw err;
    }
  }
}

/** A second tower on the first one's provider is no new choice; only its failures (labelled) say something. */
function newAttempts(selection: ProviderSelection<OnnxSession>, part: SessionPart, lead: OpenPart | undefined): ProviderAttempt[] {
  if (!lead) return selection.attempts;
  if (selection.provider === lead.provider && selection.attempts.every((a) => a.ok)) return [];
  return selection.attempts.map((a) => (a.ok || a.reason === undefined ? a : { ...a, reason: `${TOWER_LABEL[part]}: ${a.reason}` }));
}

function minCosine(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  return Math.min(...a.map((v, i) => cosineSimilarity(v, b[i] ?? new Float32Array(v.length))));
}
