import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { extname } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Option, type Command } from 'commander';
import { AccessModule } from '#access';
import { BargainingModule } from '#bargaining';
import { StatutoryWarningsModule } from '#compliance';
import { type AppConfig, loadConfig } from '#config';
import { openStores } from '#event-store';
import { HistoricImports, HistoricImportsModule, IMPORT_ROLES, type ImportReport, ImportFileMalformed, importFileFromCsv } from '#imports';
import { InformationRequestsModule } from '#information-requests';
import type { Actor } from '#kernel';
import { AppModule, createLogger } from '#platform';
import { DataDirectoryLocked } from '#sql';
import { UsageError } from '../usage-error.js';

/*
 * `import <file> [--dry-run]`: the HistoricImports use case of POST /imports, on the configured
 * stores, with the contexts' command handlers in an application context of its own (no HTTP).
 */

export interface ImportRequest {
  readonly file: string;
  readonly dryRun: boolean;
  readonly by: string;
  readonly role: (typeof IMPORT_ROLES)[number];
  /** For a CSV file: its source document and transcriber (a JSON file names them itself). */
  readonly source?: string;
  readonly transcribedBy?: string;
}

function operator(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:operator';
  }
}

/** A run that found facts it would refuse: the report names each (exit 1). */
export class ImportNotAccepted extends Error {
  constructor(readonly report: ImportReport) {
    const refused = report.totals.refused + report.totals.invalid;
    super(`${refused} of ${report.totals.facts} facts would be refused or are invalid${report.dryRun ? '' : '; nothing was stored'}`);
    this.name = 'ImportNotAccepted';
  }
}

async function readImportFile(request: ImportRequest): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(request.file, 'utf8');
  } catch (error) {
    throw new UsageError(`import: cannot read ${request.file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (extname(request.file).toLowerCase() === '.csv') {
    if (!request.source || !request.transcribedBy) throw new UsageError('import: a CSV file needs --source <document> and --transcribed-by <name>');
    return importFileFromCsv(text, { document: request.source, transcribedBy: request.transcribedBy });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`import: ${request.file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Imports (or with dryRun rehearses) a file on the configured stores and answers the report. */
export async function importHistory(request: ImportRequest, config: AppConfig = loadConfig()): Promise<ImportReport> {
  let input: unknown;
  try {
    input = await readImportFile(request);
  } catch (error) {
    if (error instanceof ImportFileMalformed) throw new UsageError(`import: ${error.message}`);
    throw error;
  }
  const actor: Actor = { subject: request.by, role: request.role };
  let stores;
  try {
    stores = await openStores(config.storage);
  } catch (error) {
    if (error instanceof DataDirectoryLocked) throw new UsageError(`import: ${error.message}; import through the running API (POST /imports) or stop it first`);
    throw error;
  }
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, stores, logger: createLogger(config.log), imports: [AccessModule, BargainingModule, StatutoryWarningsModule, InformationRequestsModule, HistoricImportsModule] }),
    { logger: false },
  );
  try {
    return await app.get(HistoricImports).run(input, { dryRun: request.dryRun, actor });
  } catch (error) {
    if (error instanceof ImportFileMalformed) throw new UsageError(`import: ${error.message}`);
    throw error;
  } finally {
    await app.close();
  }
}

/** The report as lines: every fact that is not recorded as asked, then the totals. */
export function reportLines(report: ImportReport): string[] {
  const t = report.totals;
  const lines = report.facts
    .filter((fact) => fact.outcome === 'refused' || fact.outcome === 'invalid' || fact.warnings.length > 0)
    .map((fact) => {
      const what = `#${fact.index} ${fact.key} (${fact.command})`;
      if (fact.problem) return `${fact.outcome === 'invalid' ? 'invalid ' : 'refused '} ${what}: ${fact.problem.code}: ${fact.problem.message}`;
      return `warning  ${what}: ${fact.warnings.map((w) => w.code).join(', ')}`;
    });
  const done = report.dryRun ? `${t['would-record']} would be recorded` : `${t.recorded} recorded`;
  lines.push(
    `${report.dryRun ? 'dry run of ' : ''}${report.source.document}: ${t.facts} facts; ${done}, ${t['already-recorded']} already recorded, ${t.refused} refused, ${t.invalid} invalid (${(report.elapsedMs / 1000).toFixed(1)} s)`,
  );
  return lines;
}

interface ImportOptions {
  readonly dryRun?: boolean;
  readonly by: string;
  readonly role: (typeof IMPORT_ROLES)[number];
  readonly source?: string;
  readonly transcribedBy?: string;
  readonly json?: boolean;
}

/** `import <file> [--dry-run] [--by <subject>] [--role <role>] [--source <document> --transcribed-by <name>] [--json]`. */
export function registerImportCommand(program: Command): void {
  program
    .command('import <file>')
    .description('import a history that predates the record (docs/import.md): a JSON import file, or CSV for a simple fact list; exit 0 accepted, 1 a fact refused (nothing stored)')
    .option('--dry-run', 'validate and decide every fact, store nothing, and report fact by fact')
    .option('--by <subject>', 'who imports: the actor of every imported fact', operator())
    .addOption(new Option('--role <role>', 'the importing role').choices(IMPORT_ROLES).default('records-officer'))
    .option('--source <document>', 'for a CSV file: the source document it was transcribed from')
    .option('--transcribed-by <name>', 'for a CSV file: who transcribed it')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, options: ImportOptions) => {
      const report = await importHistory({
        file,
        dryRun: options.dryRun ?? false,
        by: options.by,
        role: options.role,
        ...(options.source !== undefined && { source: options.source }),
        ...(options.transcribedBy !== undefined && { transcribedBy: options.transcribedBy }),
      });
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${reportLines(report).join('\n')}\n`);
      if (!report.accepted) throw new ImportNotAccepted(report);
    });
}
