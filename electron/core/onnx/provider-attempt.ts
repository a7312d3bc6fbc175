/** One try of an execution provider during selection, kept so the user can see why GPU was not used. Types only. */
export interface ProviderAttempt {
  provider: string;
  ok: boolean;
  /** Why it failed (init error, self-check cosine too low, ...). */
  reason?: string;
  /** Self-check cosine vs CPU, when one was run. */
  cosine?: number;
  /** What ONNX Runtime (and the driver) wrote, for --verbose and a "details" disclosure. */
  detail?: string;
}
