import type { TransitionEvent } from '../domain/index.js';

/** The events a service emits, by name. */
export interface ByocEvents {
  transition: TransitionEvent;
}

/** A small typed emitter; a listener that throws is reported, never breaks the operation. */
export function createEmitter(onListenerError: (error: unknown) => void) {
  const listeners = new Map<keyof ByocEvents, Set<(event: never) => void>>();
  return {
    on<Name extends keyof ByocEvents>(name: Name, listener: (event: ByocEvents[Name]) => void): () => void {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (event: never) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (event: never) => void);
    },
    emit<Name extends keyof ByocEvents>(name: Name, event: ByocEvents[Name]): void {
      for (const listener of listeners.get(name) ?? []) {
        try {
          (listener as (event: ByocEvents[Name]) => void)(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
  };
}
