/**
 * Typed in-process event emitter for the contract's events; hosts forward it (IPC, SSE).
 */
import type { RecollectEventMap, RecollectEventName, Unsubscribe } from '../contract/events.js';

type Listener<E extends RecollectEventName> = (payload: RecollectEventMap[E]) => void;

export class EventHub {
  private readonly listeners = new Map<RecollectEventName, Set<(payload: never) => void>>();

  on<E extends RecollectEventName>(event: E, listener: Listener<E>): Unsubscribe {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- one Map holds every event's listeners; TypeScript cannot correlate the key with its payload type
    const stored = listener as (payload: never) => void;
    set.add(stored);
    return () => set.delete(stored);
  }

  emit<E extends RecollectEventName>(event: E, payload: RecollectEventMap[E]): void {
    // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- stored under `event` by on<E>() above, so the payload type matches
    for (const l of this.listeners.get(event) ?? []) (l as Listener<E>)(payload);
  }
}
