/*
 * Importing a history that predates the record (docs/import.md): one use case, HistoricImports, for
 * `POST /imports` and `cli import`; the file format (JSON, and CSV for simple fact lists); and the
 * list of importable commands, each from its own context.
 */
export { IMPORT_FORMAT, type ImportFact, type ImportFile, ImportFileMalformed, type ImportSource, MAX_FACTS, importFileFromCsv, importFileOf } from './format.js';
export { type FactOutcome, type FactProblem, type FactReport, HistoricImports, IMPORTABLE_COMMANDS, type ImportOptions, type ImportReport } from './historic-imports.js';
export { IMPORT_ROLES, ImportsController } from './imports.controller.js';
export { HistoricImportsModule, ImportsModule } from './imports.module.js';
