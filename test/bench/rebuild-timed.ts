import type { EventStore } from '#event-store';
import { type DocumentProjection, type ReadStore, projectionId, rebuildProjection } from '#read-store';
import type { Progress } from './progress.js';

/** One projection rebuilt from the start, with a progress bar over `total` events: how many it applied and in how long. */
export async function rebuildTimed(
  events: EventStore,
  readStore: ReadStore,
  projection: DocumentProjection,
  progress: Progress,
  total: number,
): Promise<{ projection: string; events: number; seconds: number }> {
  const id = projectionId(projection);
  progress.start(`rebuild ${id}`, total);
  const began = performance.now();
  let applied = 0;
  await rebuildProjection(events, readStore, projection, {
    onProgress: (p) => {
      applied = p.events;
      progress.update(p.events);
    },
  }).finally(() => progress.stop());
  return { projection: id, events: applied, seconds: (performance.now() - began) / 1000 };
}
