import { join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DEFAULTS, Environment, VARIABLES, type AudienceParameter, type LogFormat, type LogLevelSetting } from './environment.js';

/** Where events and read models live. The adapter is chosen from which of these are set. */
export interface StorageSettings {
  readonly eventStoreDbConnectionString?: string;
  readonly databaseUrl?: string;
  /**
   * PostgreSQL as the role that owns the event store: migrations run as it, and grant the role of
   * `databaseUrl` only reading and appending. Absent: `databaseUrl` migrates, as one role.
   */
  readonly databaseOwnerUrl?: string;
  readonly dataDir: string;
  /** An initialised PGlite data directory copied in place of initdb when the embedded store is new. */
  readonly pgliteTemplate?: string;
}

/** Production verifies an OIDC issuer's tokens; the embedded run signs its own with a key in the data directory. */
export type AuthSettings =
  | {
      readonly mode: 'oidc';
      readonly issuer: string;
      readonly audience: string;
      readonly jwksUrl: string;
      /** The web app signs people in as this OIDC client (authorization code with PKCE); absent: the web app offers no sign-in. */
      readonly webClientId?: string;
      readonly webScope?: string;
      /** The request parameter by which the web app asks the issuer for a token for `audience`. */
      readonly webAudienceParameter?: AudienceParameter;
    }
  | { readonly mode: 'embedded'; readonly dataDir: string };

export interface AppConfig {
  readonly http: { readonly port: number; readonly host: string };
  readonly storage: StorageSettings;
  readonly auth: AuthSettings;
  readonly log: { readonly level: LogLevelSetting; readonly format: LogFormat };
  /** Days after which a record of something past counts as a late entry. */
  readonly lateEntryDays: number;
  /** The IANA time zone in which files (the audit file's PDF) show dates and times. */
  readonly officeTimeZone: string;
  /** Run the projections in this process (embedded, or a single-process deployment); false when apps/projector runs them. */
  readonly runProjector: boolean;
  /** Ed25519 private key (PKCS#8 PEM) that signs exported bundles; absent: one generated into the data directory. */
  readonly signingKeyFile?: string;
  /** The heap limit, in MB, of the worker process that builds one exported file; null: sized by each file. */
  readonly exportMemoryMb: number | null;
  /**
   * Checkpoints of the whole record: every `intervalMinutes` (0: none), written into `directory`,
   * each time-stamped by `timestampAuthority` when one is set.
   */
  readonly checkpoints: { readonly intervalMinutes: number; readonly directory: string; readonly timestampAuthority?: TimestampAuthoritySettings };
}

/** An RFC 3161 time-stamp authority (CHECKPOINT_TSA_URL), and the certificate its tokens must chain to (CHECKPOINT_TSA_CERT). */
export interface TimestampAuthoritySettings {
  readonly url: string;
  readonly certificateFile?: string;
}

/** A configuration problem. The message is one line naming the variable, fit to print before exiting. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

/** The offending value, quoted, without a password it may carry and cut short. */
function shown(value: string | undefined): string {
  const masked = (value ?? '').replace(/\/\/([^/@:\s]*):[^/@\s]*@/g, '//$1:***@');
  return JSON.stringify(masked.length > 80 ? `${masked.slice(0, 80)}…` : masked);
}

const AUTH_VARIABLES = ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'] as const;

/** Reads and validates the environment. The only place in the code base that reads `process.env`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const name of VARIABLES) {
    // An empty value (`PORT=` in a compose file) means unset, as it does for most tools.
    const value = env[name];
    const given = value !== undefined && value.trim() !== '' ? value.trim() : undefined;
    const chosen = given ?? DEFAULTS[name];
    if (chosen !== undefined) raw[name] = chosen;
  }

  const environment = plainToInstance(Environment, raw);
  const errors = validateSync(environment, { stopAtFirstError: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    const first = errors.sort((a, b) => VARIABLES.indexOf(a.property as keyof Environment) - VARIABLES.indexOf(b.property as keyof Environment))[0]!;
    const message = Object.values(first.constraints ?? {})[0] ?? 'is not valid';
    throw new ConfigError(first.property, `${message} (got ${shown(raw[first.property])})`);
  }

  const setAuth = AUTH_VARIABLES.filter((name) => environment[name] !== undefined);
  if (setAuth.length > 0 && setAuth.length < AUTH_VARIABLES.length) {
    const missing = AUTH_VARIABLES.find((name) => environment[name] === undefined)!;
    throw new ConfigError(missing, `must be set when ${setAuth.join(' and ')} ${setAuth.length === 1 ? 'is' : 'are'} set (OIDC needs AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL together)`);
  }
  if (environment.DATABASE_OWNER_URL !== undefined && environment.DATABASE_URL === undefined) {
    throw new ConfigError('DATABASE_URL', 'must be set when DATABASE_OWNER_URL is set (the owner migrates; DATABASE_URL is the role the processes run as)');
  }
  if (environment.CHECKPOINT_TSA_CERT !== undefined && environment.CHECKPOINT_TSA_URL === undefined) {
    throw new ConfigError('CHECKPOINT_TSA_URL', 'must be set when CHECKPOINT_TSA_CERT is set (the certificate is the one the time-stamp authority\'s tokens must chain to)');
  }
  if (environment.EVENTSTORE_CONNECTION_STRING !== undefined && environment.DATABASE_URL === undefined) {
    throw new ConfigError('DATABASE_URL', 'must be set when EVENTSTORE_CONNECTION_STRING is set (read models live in PostgreSQL)');
  }

  // Resolved once, so a later change of working directory cannot move the data.
  const dataDir = resolve(environment.DATA_DIR);
  const auth: AuthSettings =
    setAuth.length === AUTH_VARIABLES.length
      ? {
          mode: 'oidc',
          issuer: environment.AUTH_ISSUER!,
          audience: environment.AUTH_AUDIENCE!,
          jwksUrl: environment.AUTH_JWKS_URL!,
          ...(environment.AUTH_WEB_CLIENT_ID !== undefined && { webClientId: environment.AUTH_WEB_CLIENT_ID, webScope: environment.AUTH_WEB_SCOPE, webAudienceParameter: environment.AUTH_WEB_AUDIENCE_PARAMETER }),
        }
      : { mode: 'embedded', dataDir };

  return {
    http: { port: environment.PORT, host: environment.HOST },
    storage: {
      ...(environment.EVENTSTORE_CONNECTION_STRING !== undefined && { eventStoreDbConnectionString: environment.EVENTSTORE_CONNECTION_STRING }),
      ...(environment.DATABASE_URL !== undefined && { databaseUrl: environment.DATABASE_URL }),
      ...(environment.DATABASE_OWNER_URL !== undefined && { databaseOwnerUrl: environment.DATABASE_OWNER_URL }),
      dataDir,
      ...(environment.PGLITE_TEMPLATE_DIR !== undefined && { pgliteTemplate: resolve(environment.PGLITE_TEMPLATE_DIR) }),
    },
    auth,
    log: { level: environment.LOG_LEVEL, format: environment.LOG_FORMAT },
    lateEntryDays: environment.LATE_ENTRY_DAYS,
    officeTimeZone: environment.OFFICE_TIME_ZONE,
    runProjector: environment.RUN_PROJECTOR === 'true',
    exportMemoryMb: environment.EXPORT_MEMORY_MB ?? null,
    checkpoints: {
      intervalMinutes: environment.CHECKPOINT_INTERVAL_MINUTES,
      directory: resolve(environment.CHECKPOINT_DIR ?? join(dataDir, 'checkpoints')),
      ...(environment.CHECKPOINT_TSA_URL !== undefined && {
        timestampAuthority: { url: environment.CHECKPOINT_TSA_URL, ...(environment.CHECKPOINT_TSA_CERT !== undefined && { certificateFile: resolve(environment.CHECKPOINT_TSA_CERT) }) },
      }),
    },
    ...(environment.SIGNING_KEY_FILE !== undefined && { signingKeyFile: resolve(environment.SIGNING_KEY_FILE) }),
  };
}
