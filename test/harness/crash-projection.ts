import type { DocumentProjection } from '#read-store';

export interface AppliedEvents {
  readonly ids: readonly string[];
}

/** Each stream's document lists the ids of the events applied to it, in order. Slow on purpose, so kills land mid-batch. */
export function crashProjection(category: string): DocumentProjection<AppliedEvents> {
  return {
    name: `crash-${category}`,
    version: 1,
    categories: [category],
    keys: (event) => [event.stream],
    evolve: (doc, event) => {
      const until = performance.now() + 0.4;
      while (performance.now() < until);
      return { ids: [...(doc?.ids ?? []), event.eventId] };
    },
  };
}
