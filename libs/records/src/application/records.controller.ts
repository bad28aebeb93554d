import { Controller, Get, Inject, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AccessCtx, type AccessContext } from '#access';
import { Roles } from '#auth';
import { ProblemException, ApiOkContent, schema } from '#platform';
import { BundleExportFailed, ExportBusy } from '../bundle/errors.js';
import type { BundleKind } from '../bundle/format.js';
import { type ExportedFile, NegotiationExports } from '../export/negotiation-exports.js';
import { ExportParams, ExportQuery } from './dto.js';

export const AUDIT_FILE_RESOURCE = 'GET /negotiations/:id/audit-file';
export const PUBLIC_RECORDS_FILE_RESOURCE = 'GET /negotiations/:id/public-records-file';

const EXPORT_FAILED =
  'The file could not be produced: problem+json whose code names the failure (BUNDLE_SOURCE_INVALID, WITHHELD_CONTENT_IN_SECTION, SECTION_FAILED, PDF_RENDERING_FAILED), ' +
  'with the section and the record (stream, revision, eventId) concerned.';
const EXPORT_UNAVAILABLE =
  'Files are built one at a time in a worker with a memory limit of its own: EXPORT_BUSY (with Retry-After) when too many wait, ' +
  'EXPORT_TOO_LARGE when the file needs more memory than EXPORT_MEMORY_MB. Nothing is logged as read; the API stays up.';

/** Failures the client can act on by waiting or by changing the setting: 503, with the code. */
const UNAVAILABLE = new Set(['EXPORT_BUSY', 'EXPORT_TOO_LARGE']);

/** An export failure as the client sees it: what failed, where, never an opaque 500. */
function exportProblem(error: unknown): unknown {
  if (!(error instanceof BundleExportFailed)) return error;
  const retry = error instanceof ExportBusy ? { retryAfter: error.retryAfterSeconds } : {};
  return new ProblemException(UNAVAILABLE.has(error.code) ? 503 : 500, error.code, error.message, { section: error.section, record: error.record, ...retry }, { cause: error });
}

/** The audit-ready file and the public-records export of a negotiation, as signed JSON or PDF. */
@ApiTags('records')
@ApiBearerAuth()
@Controller('negotiations/:negotiationId')
export class RecordsController {
  constructor(@Inject(NegotiationExports) private readonly exports: NegotiationExports) {}

  @Get('audit-file')
  @Roles('records-officer', 'legal-counsel', 'admin')
  @ApiOperation({
    summary: 'The audit-ready file: chronology, article chains, TAs, information requests, checklist, classification register, privilege log, access log and the signed integrity data',
    description:
      'Holds every record the read policy lets the caller read, by its classification in effect now (privileged ones only with X-Access-Purpose); ' +
      'each confidential or privileged record it discloses is logged in the access log. Verify offline with `npm run cli -- verify <file.json>`.',
  })
  @ApiResponse({ status: 404, description: 'No such negotiation (or none the caller may see)' })
  @ApiResponse({ status: 500, description: EXPORT_FAILED })
  @ApiResponse({ status: 503, description: EXPORT_UNAVAILABLE })
  @ApiOkContent('The signed bundle (json) or its rendering (pdf), as an attachment', {
    'application/json': { schema: schema.freeObject({ description: 'The signed bundle: manifest, sections and integrity data; verify with `npm run cli -- verify <file.json>`', required: ['manifest'], properties: { manifest: schema.freeObject({ description: 'What the file holds, for whom, made when, signed by which key' }) } }) },
    'application/pdf': { schema: { type: 'string', format: 'binary' } },
  })
  async auditFile(@Param() params: ExportParams, @Query() query: ExportQuery, @AccessCtx() access: AccessContext, @Res({ passthrough: true }) response: ResponseLike) {
    return this.answer(await this.build(params.negotiationId, 'audit', access, AUDIT_FILE_RESOURCE, query.format), response);
  }

  @Get('public-records-file')
  @Roles('records-officer', 'legal-counsel', 'admin')
  @ApiOperation({ summary: 'The public-records export: only records public by their classification in effect now, and a log of what was withheld by category and basis' })
  @ApiResponse({ status: 404, description: 'No such negotiation (or none the caller may see)' })
  @ApiResponse({ status: 500, description: EXPORT_FAILED })
  @ApiResponse({ status: 503, description: EXPORT_UNAVAILABLE })
  @ApiOkContent('The signed bundle (json) or its rendering (pdf), as an attachment', {
    'application/json': { schema: schema.freeObject({ description: 'The signed bundle: manifest, sections and integrity data; verify with `npm run cli -- verify <file.json>`', required: ['manifest'], properties: { manifest: schema.freeObject({ description: 'What the file holds, for whom, made when, signed by which key' }) } }) },
    'application/pdf': { schema: { type: 'string', format: 'binary' } },
  })
  async publicRecordsFile(@Param() params: ExportParams, @Query() query: ExportQuery, @AccessCtx() access: AccessContext, @Res({ passthrough: true }) response: ResponseLike) {
    return this.answer(await this.build(params.negotiationId, 'public-records', access, PUBLIC_RECORDS_FILE_RESOURCE, query.format), response);
  }

  private async build(id: string, kind: BundleKind, access: AccessContext, resource: string, format: 'json' | 'pdf' | undefined): Promise<ExportedFile> {
    try {
      return await this.exports.file(id, kind, { ...access, resource }, format ?? 'json');
    } catch (error) {
      throw exportProblem(error);
    }
  }

  private answer(file: ExportedFile, response: ResponseLike) {
    response.header('Content-Type', file.format === 'pdf' ? 'application/pdf' : 'application/json; charset=utf-8');
    response.header('Content-Disposition', `attachment; filename="${file.bundleId}.${file.format}"`);
    return new StreamableFile(file.bytes);
  }
}

interface ResponseLike {
  header(name: string, value: string): unknown;
}
