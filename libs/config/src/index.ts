export { loadConfig, ConfigError, type AppConfig, type AuthSettings, type StorageSettings, type TimestampAuthoritySettings } from './config.js';
export { AUDIENCE_PARAMETERS, LOG_LEVELS, LOG_FORMATS, type AudienceParameter, type LogLevelSetting, type LogFormat } from './environment.js';
