import type { Clock } from '#platform';

/** The system's "now" for a suite: starts at `start` and moves only when the suite sets it. */
export class MovableClock implements Clock {
  private current: Date;
  constructor(start: string) {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(instant: string): void {
    this.current = new Date(instant);
  }
}
