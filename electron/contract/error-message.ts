/**
 * Words for anything a `catch` receives. `throw` accepts any value, so `(err as Error).message`
 * is a lie waiting to print "undefined": this reads an Error's message, a plain `{ message }`
 * object's (an ApiErrorDto after IPC), a thrown string as is, and anything else as String() gives it.
 * Contract module: pure, no imports, so every layer (core, hosts, tests) may use it.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') return err.message;
  try {
    return String(err);
  } catch {
    // An object without a prototype has no toString (String() throws on it).
    return Object.prototype.toString.call(err);
  }
}
