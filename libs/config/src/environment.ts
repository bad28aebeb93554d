import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateBy } from 'class-validator';

/** A time zone that Intl knows by its IANA name (Etc/UTC and UTC included). */
function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelSetting = (typeof LOG_LEVELS)[number];
/** `auto`: pretty when standard output is a terminal, JSON otherwise. */
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
/**
 * How the web app names the API when it asks the issuer for a token: `resource` (RFC 8707 resource
 * indicators, at the authorization and the token request), `audience` (Auth0's parameter) or
 * `none` (issuers where a scope names the API, such as Entra ID and Okta: see AUTH_WEB_SCOPE).
 */
export const AUDIENCE_PARAMETERS = ['resource', 'audience', 'none'] as const;
export type AudienceParameter = (typeof AUDIENCE_PARAMETERS)[number];

/** Only a whole decimal number becomes a number; anything else stays a string so IsInt names it. */
const toInteger = Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value));

/** A URL that `new URL` parses and whose scheme is one of `schemes` (no trailing colon). */
function IsUrlWithScheme(schemes: readonly string[], message: string): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUrlWithScheme',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          try {
            const url = new URL(value);
            return schemes.includes(url.protocol.slice(0, -1)) && url.host.length > 0;
          } catch {
            return false;
          }
        },
      },
    },
    { message },
  );
}

/**
 * The process environment as this application reads it. Properties are declared in the order
 * they are checked, so the first problem reported is stable. Defaults are applied before validation.
 */
export class Environment {
  @toInteger
  @IsInt({ message: 'must be an integer between 1 and 65535' })
  @Min(1, { message: 'must be an integer between 1 and 65535' })
  @Max(65535, { message: 'must be an integer between 1 and 65535' })
  PORT: number;

  @IsString()
  @Matches(/^[A-Za-z0-9.:-]{1,253}$/, { message: 'must be a host name or an IP address' })
  HOST: string;

  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  DATA_DIR: string;

  /** An initialised embedded database copied when DATA_DIR holds none yet, in place of PGlite's initdb (the test suite prepares one). */
  @IsOptional()
  @IsString()
  @MaxLength(4096, { message: 'must be at most 4096 characters' })
  PGLITE_TEMPLATE_DIR?: string;

  @IsOptional()
  @IsUrlWithScheme(['postgres', 'postgresql'], 'must be a postgres:// or postgresql:// URL')
  DATABASE_URL?: string;

  // The role that owns the event store's tables and migrates them; DATABASE_URL's role then only reads and appends.
  @IsOptional()
  @IsUrlWithScheme(['postgres', 'postgresql'], 'must be a postgres:// or postgresql:// URL')
  DATABASE_OWNER_URL?: string;

  // A single-node URL or a comma-separated gossip seed list, which `new URL` does not parse.
  @IsOptional()
  @Matches(/^esdb(\+discover)?:\/\/[^\s/?#]+/, { message: 'must be an esdb:// or esdb+discover:// connection string' })
  EVENTSTORE_CONNECTION_STRING?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2048, { message: 'must be at most 2048 characters' })
  AUTH_ISSUER?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2048, { message: 'must be at most 2048 characters' })
  AUTH_AUDIENCE?: string;

  @IsOptional()
  @IsUrlWithScheme(['https', 'http'], 'must be an https:// (or http://) URL')
  AUTH_JWKS_URL?: string;

  /** The web app's OIDC client (a public client: authorization code with PKCE). */
  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]{1,256}$/, { message: 'must be 1 to 256 printable characters without spaces' })
  AUTH_WEB_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, { message: 'must be scopes separated by single spaces' })
  @MaxLength(1024, { message: 'must be at most 1024 characters' })
  AUTH_WEB_SCOPE?: string;

  @IsIn(AUDIENCE_PARAMETERS, { message: `must be one of ${AUDIENCE_PARAMETERS.join(', ')}` })
  AUTH_WEB_AUDIENCE_PARAMETER: AudienceParameter;

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevelSetting;

  @IsIn(LOG_FORMATS, { message: `must be one of ${LOG_FORMATS.join(', ')}` })
  LOG_FORMAT: LogFormat;

  @toInteger
  @IsInt({ message: 'must be an integer of at least 0' })
  @Min(0, { message: 'must be an integer of at least 0' })
  LATE_ENTRY_DAYS: number;

  /** The IANA time zone in which the office's files show dates and times. */
  @ValidateBy({ name: 'isTimeZone', validator: { validate: (value: unknown) => typeof value === 'string' && isTimeZone(value), defaultMessage: () => 'must be an IANA time zone such as America/Los_Angeles' } })
  OFFICE_TIME_ZONE: string;

  @IsIn(['true', 'false'], { message: 'must be true or false' })
  RUN_PROJECTOR: 'true' | 'false';

  @IsOptional()
  @IsString()
  @MaxLength(4096, { message: 'must be at most 4096 characters' })
  SIGNING_KEY_FILE?: string;

  /**
   * The heap, in MB, of the worker that builds one exported file (audit file, public-records file): a
   * file too large for it is refused, the process stays up. Unset: sized by each file (see ExportRunner).
   */
  @IsOptional()
  @toInteger
  @IsInt({ message: 'must be an integer number of megabytes, at least 64' })
  @Min(64, { message: 'must be an integer number of megabytes, at least 64' })
  EXPORT_MEMORY_MB?: number;

  /** Minutes between checkpoints of the whole record taken by the API; 0: none. */
  @toInteger
  @IsInt({ message: 'must be a whole number of minutes, 0 to turn checkpoints off' })
  @Min(0, { message: 'must be a whole number of minutes, 0 to turn checkpoints off' })
  CHECKPOINT_INTERVAL_MINUTES: number;

  /** Where checkpoint files are written; default: DATA_DIR/checkpoints. */
  @IsOptional()
  @IsString()
  @MaxLength(4096, { message: 'must be at most 4096 characters' })
  CHECKPOINT_DIR?: string;

  /** An RFC 3161 time-stamp authority that each checkpoint's signed tree head is sent to; absent: none. */
  @IsOptional()
  @IsUrlWithScheme(['http', 'https'], 'must be the http:// or https:// URL of an RFC 3161 time-stamp authority')
  @MaxLength(4096, { message: 'must be at most 4096 characters' })
  CHECKPOINT_TSA_URL?: string;

  /** A PEM certificate the time-stamp authority's signing certificate must chain to; absent: the certificate in each token is taken as it is. */
  @IsOptional()
  @IsString()
  @MaxLength(4096, { message: 'must be at most 4096 characters' })
  CHECKPOINT_TSA_CERT?: string;
}

export const DEFAULTS: Readonly<Partial<Record<keyof Environment, string>>> = {
  PORT: '3000',
  HOST: '127.0.0.1',
  DATA_DIR: './data',
  LOG_LEVEL: 'log',
  LOG_FORMAT: 'auto',
  LATE_ENTRY_DAYS: '7',
  OFFICE_TIME_ZONE: 'America/Los_Angeles',
  RUN_PROJECTOR: 'true',
  CHECKPOINT_INTERVAL_MINUTES: '60',
  AUTH_WEB_SCOPE: 'openid profile',
  AUTH_WEB_AUDIENCE_PARAMETER: 'resource',
};

export const VARIABLES: readonly (keyof Environment)[] = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'PGLITE_TEMPLATE_DIR',
  'DATABASE_URL',
  'DATABASE_OWNER_URL',
  'EVENTSTORE_CONNECTION_STRING',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'AUTH_JWKS_URL',
  'AUTH_WEB_CLIENT_ID',
  'AUTH_WEB_SCOPE',
  'AUTH_WEB_AUDIENCE_PARAMETER',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'LATE_ENTRY_DAYS',
  'OFFICE_TIME_ZONE',
  'RUN_PROJECTOR',
  'SIGNING_KEY_FILE',
  'EXPORT_MEMORY_MB',
  'CHECKPOINT_INTERVAL_MINUTES',
  'CHECKPOINT_DIR',
  'CHECKPOINT_TSA_URL',
  'CHECKPOINT_TSA_CERT',
];
