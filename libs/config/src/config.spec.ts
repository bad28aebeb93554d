import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '#config';

function problem(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a ConfigError');
}

const oidc = { AUTH_ISSUER: 'https://id.example.org/', AUTH_AUDIENCE: 'lrr', AUTH_JWKS_URL: 'https://id.example.org/jwks' };

describe('loadConfig', () => {
  it('applies the defaults to an empty environment: embedded store and embedded auth', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      http: { port: 3000, host: '127.0.0.1' },
      storage: { dataDir: resolve('./data') },
      auth: { mode: 'embedded', dataDir: resolve('./data') },
      log: { level: 'log', format: 'auto' },
      lateEntryDays: 7,
      officeTimeZone: 'America/Los_Angeles',
      runProjector: true,
      exportMemoryMb: null,
      checkpoints: { intervalMinutes: 60, directory: resolve('./data/checkpoints') },
    });
  });

  it('refuses an EXPORT_MEMORY_MB below 64 or not a whole number, naming it', () => {
    expect(problem({ EXPORT_MEMORY_MB: '32' })).toBe('EXPORT_MEMORY_MB: must be an integer number of megabytes, at least 64 (got "32")');
    expect(problem({ EXPORT_MEMORY_MB: '1.5g' })).toMatch(/^EXPORT_MEMORY_MB: must be an integer number of megabytes/);
  });

  it('refuses a RUN_PROJECTOR that is not true or false, naming it', () => {
    expect(() => loadConfig({ RUN_PROJECTOR: 'yes' })).toThrow('RUN_PROJECTOR: must be true or false (got "yes")');
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/lrr',
      DATABASE_URL: 'postgres://lrr:secret@db:5432/lrr',
      EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false',
      ...oidc,
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'pretty',
      LATE_ENTRY_DAYS: '0',
      OFFICE_TIME_ZONE: 'America/New_York',
      RUN_PROJECTOR: 'false',
      SIGNING_KEY_FILE: '/etc/lrr/signing-key.pem',
      EXPORT_MEMORY_MB: '2048',
      CHECKPOINT_INTERVAL_MINUTES: '0',
      CHECKPOINT_DIR: '/srv/lrr-checkpoints',
    });
    expect(config).toEqual({
      http: { port: 8080, host: '0.0.0.0' },
      storage: { eventStoreDbConnectionString: 'esdb://eventstore:2113?tls=false', databaseUrl: 'postgres://lrr:secret@db:5432/lrr', dataDir: '/var/lib/lrr' },
      auth: { mode: 'oidc', issuer: oidc.AUTH_ISSUER, audience: oidc.AUTH_AUDIENCE, jwksUrl: oidc.AUTH_JWKS_URL },
      log: { level: 'debug', format: 'pretty' },
      lateEntryDays: 0,
      officeTimeZone: 'America/New_York',
      runProjector: false,
      signingKeyFile: '/etc/lrr/signing-key.pem',
      exportMemoryMb: 2048,
      checkpoints: { intervalMinutes: 0, directory: '/srv/lrr-checkpoints' },
    });
  });

  it('reads the time-stamp authority for checkpoints, and refuses a URL that is not http(s) or a certificate without a URL', () => {
    expect(loadConfig({ DATA_DIR: '/var/lib/lrr' }).checkpoints.timestampAuthority).toBeUndefined();
    expect(loadConfig({ DATA_DIR: '/var/lib/lrr', CHECKPOINT_TSA_URL: 'http://127.0.0.1:3180/tsa', CHECKPOINT_TSA_CERT: '/etc/lrr/tsa.pem' }).checkpoints.timestampAuthority).toEqual({ url: 'http://127.0.0.1:3180/tsa', certificateFile: '/etc/lrr/tsa.pem' });
    expect(problem({ CHECKPOINT_TSA_URL: 'timestamp.example.org' })).toBe('CHECKPOINT_TSA_URL: must be the http:// or https:// URL of an RFC 3161 time-stamp authority (got "timestamp.example.org")');
    expect(problem({ CHECKPOINT_TSA_URL: 'ftp://tsa.example.org/' })).toMatch(/^CHECKPOINT_TSA_URL: must be the http:\/\/ or https:\/\/ URL/);
    expect(problem({ CHECKPOINT_TSA_CERT: '/etc/lrr/tsa.pem' })).toMatch(/^CHECKPOINT_TSA_URL: must be set when CHECKPOINT_TSA_CERT is set/);
  });

  it('reads the event store owner URL, which needs DATABASE_URL, and refuses one that is not a postgres URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://lrr_app@db/lrr', DATABASE_OWNER_URL: 'postgres://lrr_owner:secret@db/lrr' });
    expect(config.storage).toMatchObject({ databaseUrl: 'postgres://lrr_app@db/lrr', databaseOwnerUrl: 'postgres://lrr_owner:secret@db/lrr' });
    expect(problem({ DATABASE_OWNER_URL: 'postgres://lrr_owner@db/lrr' })).toMatch(/^DATABASE_URL: must be set when DATABASE_OWNER_URL is set/);
    expect(problem({ DATABASE_URL: 'postgres://lrr_app@db/lrr', DATABASE_OWNER_URL: 'mysql://owner:secret@db/lrr' })).toBe('DATABASE_OWNER_URL: must be a postgres:// or postgresql:// URL (got "mysql://owner:***@db/lrr")');
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' }).http.port).toBe(3000);
    expect(loadConfig({ DATABASE_URL: '' }).storage.databaseUrl).toBeUndefined();
  });

  it('accepts a gossip seed list for EventStoreDB', () => {
    const config = loadConfig({ EVENTSTORE_CONNECTION_STRING: 'esdb+discover://a:2113,b:2113', DATABASE_URL: 'postgresql://db/lrr' });
    expect(config.storage.eventStoreDbConnectionString).toBe('esdb+discover://a:2113,b:2113');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT: must be an integer between 1 and 65535 (got "abc")'],
    [{ PORT: '0' }, 'PORT: must be an integer between 1 and 65535 (got "0")'],
    [{ PORT: '65536' }, 'PORT: must be an integer between 1 and 65535 (got "65536")'],
    [{ PORT: '80.5' }, 'PORT: must be an integer between 1 and 65535 (got "80.5")'],
    [{ HOST: 'a host' }, 'HOST: must be a host name or an IP address (got "a host")'],
    [{ DATABASE_URL: 'mysql://db/lrr' }, 'DATABASE_URL: must be a postgres:// or postgresql:// URL (got "mysql://db/lrr")'],
    [{ EVENTSTORE_CONNECTION_STRING: 'http://es:2113', DATABASE_URL: 'postgres://db/x' }, 'EVENTSTORE_CONNECTION_STRING: must be an esdb:// or esdb+discover:// connection string (got "http://es:2113")'],
    [{ ...oidc, AUTH_JWKS_URL: 'ftp://id/jwks' }, 'AUTH_JWKS_URL: must be an https:// (or http://) URL (got "ftp://id/jwks")'],
    [{ ...oidc, AUTH_WEB_AUDIENCE_PARAMETER: 'aud' }, 'AUTH_WEB_AUDIENCE_PARAMETER: must be one of resource, audience, none (got "aud")'],
    [{ LOG_LEVEL: 'trace' }, 'LOG_LEVEL: must be one of error, warn, log, debug, verbose (got "trace")'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT: must be one of auto, json, pretty (got "xml")'],
    [{ LATE_ENTRY_DAYS: '-1' }, 'LATE_ENTRY_DAYS: must be an integer of at least 0 (got "-1")'],
    [{ OFFICE_TIME_ZONE: 'Pacific/Nowhere' }, 'OFFICE_TIME_ZONE: must be an IANA time zone such as America/Los_Angeles (got "Pacific/Nowhere")'],
    [{ OFFICE_TIME_ZONE: 'PST8PDT; rm' }, 'OFFICE_TIME_ZONE: must be an IANA time zone such as America/Los_Angeles (got "PST8PDT; rm")'],
  ])('rejects %j with one line naming the variable', (env, expected) => {
    expect(problem(env)).toBe(expected);
  });

  it('names the variable on the error', () => {
    try {
      loadConfig({ PORT: 'abc' });
    } catch (error) {
      expect((error as ConfigError).variable).toBe('PORT');
    }
    expect.assertions(1);
  });

  it('reports the first bad variable when several are bad', () => {
    expect(problem({ LOG_LEVEL: 'x', PORT: 'y' })).toMatch(/^PORT: /);
  });

  it('never prints a password from a connection string', () => {
    const message = problem({ DATABASE_URL: 'mysql://lrr:hunter2@db/lrr' });
    expect(message).not.toContain('hunter2');
    expect(message).toContain('lrr:***@db');
  });

  it('requires the three OIDC variables together', () => {
    expect(problem({ AUTH_ISSUER: oidc.AUTH_ISSUER })).toBe(
      'AUTH_AUDIENCE: must be set when AUTH_ISSUER is set (OIDC needs AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL together)',
    );
    expect(problem({ AUTH_ISSUER: oidc.AUTH_ISSUER, AUTH_AUDIENCE: 'x' })).toMatch(/^AUTH_JWKS_URL: must be set when AUTH_ISSUER and AUTH_AUDIENCE are set/);
  });

  it('requires DATABASE_URL with EventStoreDB, for the read models', () => {
    expect(problem({ EVENTSTORE_CONNECTION_STRING: 'esdb://es:2113?tls=false' })).toBe(
      'DATABASE_URL: must be set when EVENTSTORE_CONNECTION_STRING is set (read models live in PostgreSQL)',
    );
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ SOMETHING_ELSE: '1', PATH: '/bin' })).not.toThrow();
  });
});
