export { loadConfig, ConfigError, type AppConfig, type AuthSettings, type StorageSettings } from './config.js';
export { LOG_LEVELS, LOG_FORMATS, type LogLevelSetting, type LogFormat } from './environment.js';
