import type { RecordedEvent, Subscription } from '../event-store.port.js';
import { type LogPosition, isAfter } from './positions.js';

/**
 * The part of a client subscription this module uses (the client's AllStreamSubscription is one:
 * a Readable in object mode with `unsubscribe()`).
 */
export interface Feed<Raw> {
  on(event: 'data', listener: (raw: Raw) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'confirmation', listener: () => void): unknown;
  pause(): unknown;
  resume(): unknown;
  unsubscribe(): Promise<void>;
  /** Events received from the server and not yet handed on (a Readable's buffer). */
  readonly readableLength: number;
}

export interface ResilientSubscriptionOptions<Raw> {
  /**
   * Opens a server subscription that delivers what comes strictly after `from` (null: from the
   * start). The server's checkpoints (the position up to which a filtered subscription has looked)
   * are to be passed to `checkpointReached`.
   */
  readonly open: (from: LogPosition | null, checkpointReached: (position: LogPosition) => void) => Feed<Raw>;
  /** The event's `$all` position; null for something without one (skipped). */
  readonly positionOf: (raw: Raw) => LogPosition | null;
  /** The record event, or null to skip (system events, other categories). May throw: the subscription then fails. */
  readonly accept: (raw: Raw) => RecordedEvent | null;
  /** Exclusive start: the last position the caller has processed. */
  readonly from: LogPosition | null;
  readonly batchSize: number;
  /** Errors after which resubscribing cannot help (access denied, bad request…). */
  readonly isPermanent?: (error: Error) => boolean;
  /** Drops in a row (with no event or confirmation in between) before the iterator fails. */
  readonly maxConsecutiveDrops?: number;
  readonly backoffMs?: (dropsInARow: number) => number;
  readonly onClose?: () => void;
}

const PERMANENT_CLIENT_ERRORS = new Set(['access-denied', 'invalid-argument', 'unsupported']);

export function isPermanentClientError(error: Error): boolean {
  const type = (error as { type?: unknown }).type;
  return typeof type === 'string' && PERMANENT_CLIENT_ERRORS.has(type);
}

/**
 * Catch-up then live over a server subscription to `$all`, resubscribed by us when it drops.
 *
 * EventStoreDB's catch-up subscription does not survive a dropped connection or a server restart:
 * the caller must subscribe again from the last position it processed (the server's `fromPosition`
 * is exclusive). This class remembers the position of the last event *received* (delivered to the
 * queue, or filtered out) — or the server's latest checkpoint, when every event before it has been
 * received — and, on an error or an unexpected end, resubscribes after it with a capped
 * exponential backoff. Events already queued are still delivered, so nothing is skipped
 * and nothing is delivered twice (anything at or before the remembered position is dropped, in
 * case a server resends it).
 *
 * Batches: whatever has arrived, up to batchSize. While the queue is long the server subscription
 * is paused (gRPC flow control does the rest).
 */
export class ResilientSubscription<Raw> implements Subscription {
  private readonly queue: RecordedEvent[] = [];
  private lastSeen: LogPosition | null;
  private feed: Feed<Raw> | null = null;
  private paused = false;
  private closed = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private dropsInARow = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private iterator: AsyncGenerator<readonly RecordedEvent[]> | null = null;
  private readonly highWater: number;

  constructor(private readonly options: ResilientSubscriptionOptions<Raw>) {
    this.lastSeen = options.from;
    this.highWater = Math.max(options.batchSize * 4, 256);
  }

  /** How many server subscriptions were opened (1 + resubscriptions); for tests and diagnostics. */
  opened = 0;

  [Symbol.asyncIterator](): AsyncIterator<readonly RecordedEvent[]> {
    this.iterator ??= this.batches();
    return this.iterator;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.queue.length = 0;
    const feed = this.feed;
    this.feed = null;
    this.notify();
    this.options.onClose?.();
    if (feed) await feed.unsubscribe().catch(() => undefined);
  }

  private async *batches(): AsyncGenerator<readonly RecordedEvent[]> {
    try {
      if (!this.closed && !this.feed && !this.failure && !this.reconnectTimer) this.connect();
      for (;;) {
        if (this.closed) return;
        if (this.queue.length > 0) {
          const batch = this.queue.splice(0, this.options.batchSize);
          this.relieve();
          yield batch;
          continue;
        }
        if (this.failure) throw this.failure;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    } finally {
      await this.close();
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private connect(): void {
    this.reconnectTimer = null;
    if (this.closed || this.failure) return;
    let feed: Feed<Raw>;
    try {
      feed = this.options.open(this.lastSeen, (position) => this.checkpointed(feed, position));
    } catch (error) {
      this.dropped(null, toError(error));
      return;
    }
    this.opened += 1;
    this.feed = feed;
    this.paused = false;
    if (this.queue.length >= this.highWater) this.pause();
    feed.on('data', (raw) => this.received(feed, raw));
    feed.on('confirmation', () => {
      if (this.feed === feed) this.dropsInARow = 0;
    });
    feed.on('error', (error) => this.dropped(feed, error));
    feed.on('end', () => this.dropped(feed, null));
    feed.on('close', () => this.dropped(feed, null));
  }

  private received(feed: Feed<Raw>, raw: Raw): void {
    if (this.feed !== feed || this.closed) return;
    this.dropsInARow = 0;
    const position = this.options.positionOf(raw);
    if (position === null || !isAfter(position, this.lastSeen)) return;
    let event: RecordedEvent | null;
    try {
      event = this.options.accept(raw);
    } catch (error) {
      this.fail(toError(error));
      return;
    }
    this.lastSeen = position;
    if (!event) return;
    this.queue.push(event);
    if (this.queue.length >= this.highWater) this.pause();
    this.notify();
  }

  /**
   * The server looked up to `position` and found nothing more for us. It becomes the resume point
   * only when every event before it has reached us: events still in the feed's buffer would
   * otherwise be taken for already seen.
   */
  private checkpointed(feed: Feed<Raw> | undefined, position: LogPosition): void {
    if (!feed || this.feed !== feed || this.closed || feed.readableLength > 0) return;
    this.dropsInARow = 0;
    if (isAfter(position, this.lastSeen)) this.lastSeen = position;
  }

  private dropped(feed: Feed<Raw> | null, error: Error | null): void {
    if (feed !== null && this.feed !== feed) return; // an old feed, or one we ended ourselves
    this.feed = null;
    if (feed) void feed.unsubscribe().catch(() => undefined);
    if (this.closed || this.failure) return;
    if (error && (this.options.isPermanent ?? isPermanentClientError)(error)) {
      this.fail(error);
      return;
    }
    this.dropsInARow += 1;
    const limit = this.options.maxConsecutiveDrops ?? 60;
    if (this.dropsInARow > limit) {
      this.fail(new Error(`EventStoreDB subscription dropped ${this.dropsInARow} times in a row; last: ${error?.message ?? 'the server ended it'}`, { cause: error ?? undefined }));
      return;
    }
    const delay = (this.options.backoffMs ?? defaultBackoff)(this.dropsInARow);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private fail(error: Error): void {
    if (this.failure || this.closed) return;
    this.failure = error;
    const feed = this.feed;
    this.feed = null;
    if (feed) void feed.unsubscribe().catch(() => undefined);
    this.notify();
  }

  private pause(): void {
    if (this.paused || !this.feed) return;
    this.paused = true;
    this.feed.pause();
  }

  private relieve(): void {
    if (!this.paused || this.queue.length > this.highWater / 2) return;
    this.paused = false;
    this.feed?.resume();
  }
}

const defaultBackoff = (drops: number) => Math.min(100 * 2 ** (drops - 1), 5_000);

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
