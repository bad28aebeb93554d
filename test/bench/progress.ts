import { performance } from 'node:perf_hooks';

/**
 * One progress line on stderr (stdout stays clean for the results), redrawn in place on a
 * terminal and printed every few seconds otherwise, so CI logs do not fill with carriage returns.
 * It also samples RSS: `process.resourceUsage().maxRSS` is a whole-process high-water mark and
 * cannot tell which phase reached it.
 *
 * Redraws are driven by `update` as well as by a timer: PGlite runs queries synchronously on this
 * thread and chains its promises so tightly that timers can starve for a whole phase.
 */
export class Progress {
  private label = '';
  private total = 0;
  private done = 0;
  private started = 0;
  private timer: NodeJS.Timeout | null = null;
  private lastLog = 0;
  private lastDraw = 0;
  peakRssBytes = 0;
  private readonly tty = process.stderr.isTTY === true;

  start(label: string, total: number): void {
    this.label = label;
    this.total = total;
    this.done = 0;
    this.started = performance.now();
    this.lastLog = this.started;
    this.lastDraw = this.started;
    this.peakRssBytes = process.memoryUsage.rss();
    this.timer = setInterval(() => this.tick(), 200);
    this.timer.unref();
  }

  update(done: number): void {
    this.done = done;
    if (performance.now() - this.lastDraw >= 200) this.tick();
  }

  /** Ends the line and returns the highest RSS seen during the phase. */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    if (this.tty) process.stderr.write('\r\x1b[K');
    return this.peakRssBytes;
  }

  private sample(): void {
    this.peakRssBytes = Math.max(this.peakRssBytes, process.memoryUsage.rss());
  }

  private tick(): void {
    this.sample();
    const now = performance.now();
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const pct = this.total > 0 ? Math.floor((100 * this.done) / this.total) : 0;
    const line = `  ${this.label}: ${this.done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} events (${pct}%), ${Math.round(rate).toLocaleString('en-US')}/s, ${seconds.toFixed(1)} s`;
    if (this.tty) process.stderr.write(`\r\x1b[K${line}`);
    else if (now - this.lastLog >= 5000) {
      this.lastLog = now;
      process.stderr.write(`${line}\n`);
    }
  }
}
