import { Inject, Injectable, type LoggerService, type OnApplicationBootstrap, type OnModuleDestroy, Optional } from '@nestjs/common';
import type { EventStore } from '#event-store';
import { APP_LOGGER, CLOCK, type Clock, EVENT_STORE } from '#platform';
import { loadBundleSigner } from '../bundle/signing-key.js';
import { RECORDS_OPTIONS, type RecordsOptions } from '../export/negotiation-exports.js';
import { RecordCheckpointer } from './checkpointer.js';

/**
 * Checkpoints the record every `checkpoints.intervalMs` (CHECKPOINT_INTERVAL_MINUTES) while the API
 * runs, into `checkpoints.directory` (CHECKPOINT_DIR). A checkpoint that fails (the database away, a
 * full disk) is logged and tried again at the next interval; it never stops the process. With a
 * time-stamp authority (CHECKPOINT_TSA_URL), a checkpoint it gave no token for is logged as such.
 */
@Injectable()
export class CheckpointSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private checkpointer: RecordCheckpointer | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(RECORDS_OPTIONS) private readonly options: RecordsOptions,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(APP_LOGGER) private readonly logger?: LoggerService,
  ) {}

  onApplicationBootstrap(): void {
    const schedule = this.options.checkpoints;
    if (!schedule || schedule.intervalMs <= 0) return;
    const { dataDir, signingKeyFile } = this.options;
    this.checkpointer = new RecordCheckpointer(this.store, () => loadBundleSigner({ dataDir, ...(signingKeyFile !== undefined && { signingKeyFile }) }), schedule.directory, schedule.timestampAuthority);
    this.timer = setInterval(() => void this.tick(), schedule.intervalMs);
    this.timer.unref();
  }

  /** One checkpoint, unless one is still being taken; resolves when it is done (or failed, logged). */
  tick(): Promise<void> {
    if (!this.checkpointer) return Promise.resolve();
    this.running ??= this.checkpointer
      .checkpoint(this.clock.now())
      .then(
        (published) => {
          if (!published) return;
          const { checkpoint, path } = published;
          this.logger?.log(`checkpoint of ${checkpoint.events} events in ${checkpoint.streams.length} streams written to ${path}${checkpoint.timestamp ? `, time-stamped ${checkpoint.timestamp.genTime} by ${checkpoint.timestamp.tsa}` : ''}`, 'Checkpoints');
          if (checkpoint.timestampFailure) this.logger?.warn(`checkpoint ${path} has no time-stamp, asked again at the next interval: ${checkpoint.timestampFailure.reason}`, 'Checkpoints');
        },
        (error: unknown) => this.logger?.warn(`checkpoint not taken, tried again in the next interval: ${error instanceof Error ? error.message : String(error)}`, 'Checkpoints'),
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
