import { Writable } from 'node:stream';
import { jest } from '@jest/globals';
import { ProgressBar } from './progress-bar.js';

function stream(isTTY: boolean) {
  let text = '';
  const out = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString();
        done();
      },
    }),
    { isTTY },
  );
  return { out, text: () => text };
}

/** 100 updates over 20 seconds, as a rebuild would send them. */
function run(bar: ProgressBar): void {
  bar.start(100, 0, { rate: 0 });
  for (let done = 1; done <= 100; done++) {
    jest.advanceTimersByTime(200);
    bar.update(done, { rate: done * 5 });
  }
  bar.stop();
}

describe('progress bars', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('written to a log, print a line every five seconds and at the end, not one per update', () => {
    const log = stream(false);
    run(new ProgressBar('rebuild {value}/{total} events | {rate}/s', log.out));
    const lines = log.text().split('\n').filter(Boolean);
    // at the start, after 5, 10, 15 and 20 seconds, and at the end
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.length).toBeLessThanOrEqual(6);
    expect(lines.at(-1)).toBe('rebuild 100/100 events | 500/s');
    expect(log.text()).not.toMatch(/\r|\x1b/);
  });

  it('written to a log, still print when timers starve (updates arrive, timers do not run)', () => {
    const log = stream(false);
    const bar = new ProgressBar('{value}/{total}', log.out);
    bar.start(100, 0);
    for (let done = 1; done <= 100; done++) {
      jest.setSystemTime(done * 200); // time passes, no timer fires
      bar.update(done);
    }
    bar.stop();
    expect(log.text().split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(4);
  });

  it('on a terminal, redraw one line in place', () => {
    const terminal = stream(true);
    run(new ProgressBar('rebuild {value}/{total} events', terminal.out));
    expect(terminal.text()).toMatch(/\x1b\[/);
    expect(terminal.text().split('\n').length).toBeLessThanOrEqual(2);
    expect(terminal.text()).toContain('rebuild 100/100 events');
  });
});
