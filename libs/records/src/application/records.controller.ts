import { Controller, Get, Inject, NotFoundException, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AccessCtx, type AccessContext, NegotiationFiles, ReadPolicy } from '#access';
import { Roles } from '#auth';
import { isBargainingId } from '#bargaining';
import { type EventStore } from '#event-store';
import { CLOCK, type Clock, EVENT_STORE } from '#platform';
import { buildAuditBundle, buildPublicRecordsBundle, protectedRecordsIn } from '../bundle/builder.js';
import type { Bundle } from '../bundle/format.js';
import { loadBundleSigner } from '../bundle/signing-key.js';
import { defaultContentProvider } from '../content/default-provider.js';
import { collectNegotiationStreams } from '../export/collect.js';
import { renderBundlePdf } from '../pdf/render-pdf.js';

export const RECORDS_OPTIONS = Symbol.for('lrr.RecordsOptions');

export interface RecordsOptions {
  readonly dataDir: string;
  readonly signingKeyFile?: string;
  readonly lateEntryDays: number;
}

const AUDIT_RESOURCE = 'GET /negotiations/:id/audit-file';

/** The audit-ready file and the public-records export of a negotiation, as signed JSON or PDF. */
@ApiTags('records')
@ApiBearerAuth()
@Controller('negotiations/:id')
export class RecordsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RECORDS_OPTIONS) private readonly options: RecordsOptions,
    private readonly files: NegotiationFiles,
    private readonly policy: ReadPolicy,
  ) {}

  @Get('audit-file')
  @Roles('records-officer', 'legal-counsel', 'admin')
  @ApiOperation({
    summary: 'The audit-ready file: chronology, article chains, TAs, information requests, checklist, classification register, privilege log, access log and the signed integrity data',
    description: 'Holds every record the caller is cleared for; each confidential or privileged record it discloses is logged in the access log. Verify offline with `npm run cli -- verify <file.json>`.',
  })
  @ApiQuery({ name: 'format', enum: ['json', 'pdf'], required: false })
  @ApiProduces('application/json', 'application/pdf')
  @ApiResponse({ status: 404, description: 'No such negotiation (or none the caller may see)' })
  async auditFile(@Param('id') id: string, @Query('format') format: string | undefined, @AccessCtx() access: AccessContext, @Res({ passthrough: true }) response: ResponseLike) {
    const bundle = await this.build(id, 'audit', access);
    await this.policy.recordReads(
      access.actor,
      protectedRecordsIn(bundle).map((r) => ({ stream: r.stream, eventId: r.eventId, classification: r.classification })),
      access.purpose,
      { resource: AUDIT_RESOURCE, correlationId: access.correlationId },
    );
    return this.answer(bundle, format, response);
  }

  @Get('public-records-file')
  @Roles('records-officer', 'legal-counsel', 'admin')
  @ApiOperation({ summary: 'The public-records export: only public records, and a log of what was withheld by category and basis' })
  @ApiQuery({ name: 'format', enum: ['json', 'pdf'], required: false })
  @ApiProduces('application/json', 'application/pdf')
  async publicRecordsFile(@Param('id') id: string, @Query('format') format: string | undefined, @AccessCtx() access: AccessContext, @Res({ passthrough: true }) response: ResponseLike) {
    return this.answer(await this.build(id, 'public-records', access), format, response);
  }

  private async build(id: string, kind: 'audit' | 'public-records', access: AccessContext): Promise<Bundle> {
    if (!isBargainingId(id)) throw new NotFoundException(`no negotiation ${id}`);
    const collected = await collectNegotiationStreams(this.store, id);
    const negotiation = collected.streams.get(collected.negotiationStream) ?? [];
    if (negotiation.length === 0) throw new NotFoundException(`no negotiation ${id}`);
    const book = await this.files.classificationBook(id, negotiation);
    const signer = await loadBundleSigner({ dataDir: this.options.dataDir, ...(this.options.signingKeyFile !== undefined && { signingKeyFile: this.options.signingKeyFile }) });
    const input = {
      streams: collected.streams,
      negotiationId: id,
      actor: access.actor,
      now: this.clock.now().toISOString(),
      signer,
      content: defaultContentProvider({ lateEntryDays: this.options.lateEntryDays }),
      classificationOf: book.classificationOf,
    };
    return kind === 'audit' ? buildAuditBundle(input) : buildPublicRecordsBundle(input);
  }

  private async answer(bundle: Bundle, format: string | undefined, response: ResponseLike) {
    const name = bundle.manifest.bundleId;
    if (format === 'pdf') {
      response.header('Content-Type', 'application/pdf');
      response.header('Content-Disposition', `attachment; filename="${name}.pdf"`);
      return new StreamableFile(await renderBundlePdf(bundle));
    }
    response.header('Content-Disposition', `attachment; filename="${name}.json"`);
    return bundle;
  }
}

interface ResponseLike {
  header(name: string, value: string): unknown;
}
