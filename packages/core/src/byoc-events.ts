import type { CustomCloud, HistoryEntry } from './custom-cloud-schema.js';

/** Emitted after a lifecycle transition is stored. */
export interface TransitionEvent extends HistoryEntry {
  readonly cloudId: string;
  readonly organizationId: string;
  /** The cloud as stored after the transition, its access without sealed secrets (`publicCloud`). */
  readonly cloud: CustomCloud;
}

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
