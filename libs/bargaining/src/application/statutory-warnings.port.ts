import type { RecordedEvent } from '#event-store';
import type { Warning } from '#kernel';

/**
 * Port: the breaches of statute and ground rules that facts just recorded on a negotiation's stream
 * raise, returned with the command's answer and never stored. The statutory rules live in
 * #compliance, which implements this (StatutoryWarningsModule); bargaining only declares what it asks.
 */
export abstract class StatutoryWarnings {
  /** `appended`: the events the command stored on `stream`, in revision order. */
  abstract raisedBy(stream: string, appended: readonly RecordedEvent[]): Promise<readonly Warning[]>;
}
