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
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<E extends RecollectEventName>(event: E, payload: RecollectEventMap[E]): void {
    for (const l of this.listeners.get(event) ?? []) (l as Listener<E>)(payload);
  }
}
