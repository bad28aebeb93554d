import { shareRecord } from '#kernel';
import type { ComputePart } from '../domain/negotiation/state.js';

/**
 * The parts several states evolved by one event computed, by the inputs they were computed from:
 * a read model that folds one negotiation once per clearance level makes one per event and passes
 * its `part` to evolveNegotiationSharing for each state. A part is reused only when every input it
 * was computed from is the same object.
 */
export class SharedParts {
  private readonly done: { readonly slot: string; readonly inputs: readonly unknown[]; readonly result: unknown }[] = [];

  readonly part: ComputePart = <T>(slot: string, inputs: readonly unknown[], compute: () => T): T => {
    for (const entry of this.done) {
      // Held by a second state from now on: a later write to it copies it (see transiently).
      if (entry.slot === slot && entry.inputs.length === inputs.length && entry.inputs.every((input, i) => input === inputs[i])) return shareRecord(entry.result as T);
    }
    const result = compute();
    this.done.push({ slot, inputs, result });
    return result;
  };
}
