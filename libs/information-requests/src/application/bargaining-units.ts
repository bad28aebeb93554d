import { Inject, Injectable } from '@nestjs/common';
import { type EventStore, RehearsableEventStore, StreamNotFound } from '#event-store';
import { EVENT_STORE } from '#platform';
import { unitStream } from '#bargaining';
import { isUnitId, unitNotFound } from './errors.js';

/** Whether a unit exists, as the bargaining context recorded it. */
@Injectable()
export class BargainingUnits {
  /** Units seen registered: a registration is never undone (events are immutable), so a yes is final. */
  private readonly registered = new Set<string>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** DOMAIN.md: a reference to a unit that does not exist is refused (404 UNIT_NOT_FOUND). */
  async requireRegistered(unitId: string): Promise<void> {
    if (!isUnitId(unitId)) throw unitNotFound(unitId);
    if (this.registered.has(unitId)) return;
    try {
      const [first] = await this.store.readStream(unitStream(unitId), { maxCount: 1 });
      if (first?.type === 'UnitRegistered') {
        // A unit registered only in a rehearsal (an import's dry run) is no unit for real commands.
        if (RehearsableEventStore.rehearsing) return;
        if (this.registered.size >= 10_000) this.registered.clear();
        this.registered.add(unitId);
        return;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
    throw unitNotFound(unitId);
  }
}
