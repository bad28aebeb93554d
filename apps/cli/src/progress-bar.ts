import cliProgress from 'cli-progress';

/** How often a log (not a terminal) gets a progress line. */
export const LOG_LINE_EVERY_MS = 5_000;

/**
 * A cli-progress bar that redraws in place only on a terminal; written to a log it prints a line
 * every five seconds (and when it stops), never one per redraw. Updates draw too, not only the
 * timer: PGlite runs its queries on this thread and can starve timers for a whole phase.
 */
export class ProgressBar {
  private readonly bar: cliProgress.SingleBar;
  private readonly terminal: boolean;

  /** `clearOnComplete`: on a terminal, remove the bar when it stops (a log keeps its last line). */
  constructor(format: string, stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr, options: { clearOnComplete?: boolean } = {}) {
    this.terminal = stream.isTTY === true;
    this.bar = new cliProgress.SingleBar(
      { format, stream, hideCursor: this.terminal, noTTYOutput: true, notTTYSchedule: LOG_LINE_EVERY_MS, gracefulExit: false, clearOnComplete: options.clearOnComplete === true && this.terminal },
      cliProgress.Presets.shades_classic,
    );
  }

  start(total: number, value = 0, payload: Record<string, unknown> = {}): void {
    this.bar.start(total, value, payload);
  }

  setTotal(total: number): void {
    this.bar.setTotal(total);
  }

  update(value: number, payload: Record<string, unknown> = {}): void {
    this.bar.update(value, payload);
    // On a terminal cli-progress redraws from update() itself; written to a log it would wait for its timer.
    const drawn = (this.bar as unknown as { lastRedraw: number }).lastRedraw;
    if (!this.terminal && Date.now() - drawn >= LOG_LINE_EVERY_MS) this.bar.render();
  }

  stop(): void {
    this.bar.stop();
  }
}
