import { ProgressBar } from '../../apps/cli/src/progress-bar.js';

/**
 * A benchmark phase's progress on stderr (stdout stays clean for the results), through the CLI's
 * progress bar: redrawn in place on a terminal, a line every few seconds in a log. It also samples
 * RSS: `process.resourceUsage().maxRSS` is a whole-process high-water mark and cannot tell which
 * phase reached it. Samples are taken on updates as well as by a timer, which PGlite can starve.
 */
export class Progress {
  private bar: ProgressBar | null = null;
  private started = 0;
  private timer: NodeJS.Timeout | null = null;
  private sampledAt = 0;
  peakRssBytes = 0;

  start(label: string, total: number): void {
    this.started = performance.now();
    this.peakRssBytes = process.memoryUsage.rss();
    this.bar = new ProgressBar(`  ${label}: {value}/{total} events ({percentage}%), {rate}/s, {duration}s`, process.stderr, { clearOnComplete: true });
    this.bar.start(total, 0, { rate: 0 });
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
  }

  update(done: number): void {
    const now = performance.now();
    // The bar and the RSS sample at most once per 20 ms: on every append they were a measurable
    // part of the client's CPU (a /proc read, a locale-formatted rate), the same for every store.
    if (now - this.sampledAt < 20) return;
    this.sample();
    const seconds = (now - this.started) / 1000;
    this.bar?.update(done, { rate: Math.round(seconds > 0 ? done / seconds : 0).toLocaleString('en-US') });
  }

  /** Ends the phase's progress and returns the highest RSS seen during it. */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    this.bar?.stop();
    this.bar = null;
    return this.peakRssBytes;
  }

  private sample(): void {
    this.sampledAt = performance.now();
    this.peakRssBytes = Math.max(this.peakRssBytes, process.memoryUsage.rss());
  }
}
