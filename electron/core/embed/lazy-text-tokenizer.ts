/**
 * A TextTokenizer built on its first use. Why: building @huggingface/tokenizers' BPE from CLIP's
 * 3.6 MB tokenizer.json took ~165 ms of every `recollect status` and rescan here (profile of one
 * status with the ViT-B/32 bench model, docs/benchmarks.md: object_to_map, BPE), though neither
 * tokenizes anything. The family still reads and checks the tokenizer files up front (a missing
 * or unparsable file is named when the model is identified); only the build waits, and a build
 * that fails (a pad token the vocabulary lacks) throws the family's error, naming tokenizer.json,
 * at the first tokenize: the text tower's probe, before any vector of a model new to a library is
 * stored (model-slot.ts). Must not import onnxruntime or sharp.
 */
import type { TextTokenizer } from './model-family.js';

export class LazyTextTokenizer implements TextTokenizer {
  readonly #build: () => TextTokenizer;
  #built: TextTokenizer | undefined;

  /** `build` throws the error to show (each use tries again: a folder fixed on disk is not reread, so it fails alike). */
  constructor(build: () => TextTokenizer) {
    this.#build = build;
  }

  get padId(): number {
    return this.#tokenizer().padId;
  }

  tokenize(text: string): number[] {
    return this.#tokenizer().tokenize(text);
  }

  pad(ids: readonly number[], length: number): number[] {
    return this.#tokenizer().pad(ids, length);
  }

  #tokenizer(): TextTokenizer {
    return (this.#built ??= this.#build());
  }
}
