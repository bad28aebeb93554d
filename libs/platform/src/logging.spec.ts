import { Writable } from 'node:stream';
import { createLogger, resolvedLogFormat } from './logging.js';

/** A destination that keeps what pino writes. */
function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join(''), lines: () => chunks.join('').split('\n').filter(Boolean) };
}

describe('logging', () => {
  it('writes one JSON object per line: level name, time, context, message and the fields at the top level', () => {
    const out = capture();
    createLogger({ level: 'log', format: 'json' }, out.stream).log('POST /units 201', { status: 201, ms: 3.5 }, 'HttpAccess');
    const [line] = out.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(line).toMatchObject({ level: 'info', msg: 'POST /units 201', context: 'HttpAccess', status: 201, ms: 3.5, pid: process.pid });
    expect(new Date(line!.time as string).toISOString()).toBe(line!.time);
  });

  it('masks secrets at the top level and one level down', () => {
    const out = capture();
    createLogger({ level: 'log', format: 'json' }, out.stream).warn('settings', { authorization: 'Bearer abc', nested: { password: 'pw', databaseUrl: 'postgres://u:pw@db/x' } }, 'Main');
    expect(out.text()).not.toMatch(/abc|pw/);
    expect(JSON.parse(out.lines()[0]!)).toMatchObject({ authorization: '***', nested: { password: '***', databaseUrl: '***' } });
  });

  it("puts Nest's start-up lines (route mapping among them) at debug", () => {
    const quiet = capture();
    const logger = createLogger({ level: 'log', format: 'json' }, quiet.stream);
    logger.log('Mapped {/units, POST} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Nest application successfully started', 'NestApplication');
    expect(quiet.lines()).toEqual([]);

    const verbose = capture();
    createLogger({ level: 'debug', format: 'json' }, verbose.stream).log('Mapped {/units, POST} route', 'RouterExplorer');
    expect(JSON.parse(verbose.lines()[0]!)).toMatchObject({ level: 'debug', context: 'RouterExplorer', msg: 'Mapped {/units, POST} route' });
  });

  it('keeps LOG_LEVEL: below the level, nothing is written', () => {
    const out = capture();
    const logger = createLogger({ level: 'warn', format: 'json' }, out.stream);
    logger.log('not this', 'X');
    logger.warn('this', 'X');
    logger.error('and this', new Error('boom').stack, 'X');
    expect(out.lines().map((l) => (JSON.parse(l) as { level: string }).level)).toEqual(['warn', 'error']);
  });

  it('announces where a process listens whatever the level', () => {
    const out = capture();
    createLogger({ level: 'error', format: 'json' }, out.stream).announce('listening on http://127.0.0.1:3000', { url: 'http://127.0.0.1:3000' }, 'Main');
    expect(JSON.parse(out.lines()[0]!)).toMatchObject({ level: 'info', msg: 'listening on http://127.0.0.1:3000', url: 'http://127.0.0.1:3000', context: 'Main' });
  });

  it('writes pretty lines for a person: time, level, context and message on one line', () => {
    const out = capture();
    createLogger({ level: 'log', format: 'pretty' }, out.stream).log('GET /health/live 200', { status: 200 }, 'HttpAccess');
    const lines = out.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: HttpAccess: GET \/health\/live 200 \{"status":200\}$/);
  });

  it('chooses pretty for a terminal and JSON otherwise when LOG_FORMAT is auto', () => {
    expect(resolvedLogFormat('auto', true)).toBe('pretty');
    expect(resolvedLogFormat('auto', false)).toBe('json');
    expect(resolvedLogFormat('json', true)).toBe('json');
    expect(resolvedLogFormat('pretty', false)).toBe('pretty');
  });
});
