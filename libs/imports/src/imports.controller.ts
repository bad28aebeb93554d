import { Body, Controller, HttpStatus, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Roles } from '#auth';
import { ApiCreatedSchema, ApiProblem, CommandCtx, type CommandContext, OperationId, ProblemException, SHARED_SCHEMAS, schema } from '#platform';
import { IMPORT_FILE_SCHEMAS, IMPORT_REPORT_SCHEMAS } from './openapi.js';
import { HistoricImports, type ImportReport } from './historic-imports.js';
import { ImportFileMalformed } from './format.js';

export class ImportQuery {
  @ApiProperty({ required: false, enum: ['true', 'false'], description: 'true: validate and decide every fact, store nothing, and report (200)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

/** Who may import a history: records officers, who keep the record, and admins. */
export const IMPORT_ROLES = ['admin', 'records-officer'] as const;

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(@Inject(HistoricImports) private readonly imports: HistoricImports) {}

  @Post()
  @OperationId('importHistory')
  @Roles(...IMPORT_ROLES)
  @ApiOperation({
    summary: 'Import a history that predates the record: facts transcribed from paper or spreadsheets, in business-time order',
    description:
      'The file (docs/import.md) names its source and lists facts; each fact names an existing command, the ids it concerns and that command\'s body, validated and decided exactly as its route would. ' +
      'With dryRun=true nothing is stored and the report says, fact by fact, what would be recorded, what would be refused and why, and what is already recorded (200). ' +
      'Otherwise the file is rehearsed first: if any fact would be refused or is invalid, nothing is stored (422 IMPORT_REFUSED, with the report in `report`); else every fact is recorded (201). ' +
      'Imported facts carry their provenance (source document, transcriber, key) in the hashed envelope, are marked imported and are not late entries; the actor is the importing principal. ' +
      'A fact\'s command id derives from the source document and its key: sending the file again stores nothing new, and a run that stopped part-way resumes.',
  })
  @ApiBody({ schema: schema.ref('ImportFile') })
  @ApiCreatedSchema('ImportReport', { ...IMPORT_REPORT_SCHEMAS, ...IMPORT_FILE_SCHEMAS, Actor: SHARED_SCHEMAS['Actor']! }, 'Imported (or, with dryRun=true, rehearsed: 200): the report, fact by fact')
  @ApiProblem(400, 'The file is not an import file (IMPORT_FILE_MALFORMED): `errors` names each problem')
  @ApiProblem(401, 'No valid bearer token')
  @ApiProblem(403, 'Only admins and records officers import')
  @ApiProblem(409, 'A live command wrote to a stream of the import while it was stored (WRONG_EXPECTED_REVISION): send the file again; what was stored is reported already-recorded')
  @ApiProblem(415, 'The body is not JSON')
  @ApiProblem(422, 'Some facts would be refused or are invalid (IMPORT_REFUSED): nothing was stored; `report` names each')
  async import(
    @Query() query: ImportQuery,
    @Body() body: unknown,
    @CommandCtx() ctx: CommandContext,
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ): Promise<ImportReport> {
    const dryRun = query.dryRun === 'true';
    let report: ImportReport;
    try {
      report = await this.imports.run(body, { dryRun, actor: ctx.actor, correlationId: ctx.correlationId });
    } catch (error) {
      if (error instanceof ImportFileMalformed) {
        throw new ProblemException(400, 'IMPORT_FILE_MALFORMED', error.message, { errors: error.problems.map((message) => ({ property: '', messages: [message] })) });
      }
      throw error;
    }
    if (!dryRun && !report.accepted) {
      const refused = report.totals.refused + report.totals.invalid;
      throw new ProblemException(422, 'IMPORT_REFUSED', `${refused} of ${report.totals.facts} facts would be refused or are invalid; nothing was stored`, { report });
    }
    if (dryRun) response.status(HttpStatus.OK);
    return report;
  }
}
