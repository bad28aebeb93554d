import { Body, Controller, Get, Inject, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Roles } from '#auth';
import type { EventStore } from '#event-store';
import { CommandCtx, type CommandContext, EVENT_STORE, IdempotencyInterceptor, OperationId, ApiCreatedSchema, ApiOkSchema, SHARED_SCHEMAS, schema } from '#platform';
import type { DocumentProjection } from '#read-store';
import { type ProjectionSkip, recordProjectionSkip } from './projection-operations.js';
import { PROJECTIONS, ProjectorService } from './projector.service.js';

export class SkipProjectionEventDto {
  @ApiProperty({ format: 'uuid', description: 'The event the projection skips (as /projections names it in failedEventId)' })
  @IsUUID('all')
  eventId: string;

  @ApiProperty({ example: 'unit name holds a character the read model could not store before 2026-12; the unit record itself is intact', maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

@ApiTags('operations')
@ApiBearerAuth()
@Controller('projections')
export class ProjectionsController {
  constructor(
    private readonly projector: ProjectorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTIONS) private readonly projections: readonly DocumentProjection[],
  ) {}

  @Get()
  @OperationId('projectionStatus')
  @Roles('admin', 'records-officer', 'analyst')
  @ApiOperation({ summary: 'Each projection build: state, checkpoint, events applied, lag, failure, and the events operators decided it skips' })
  @ApiOkSchema('ProjectionStatusList', {
    ProjectionStatusList: schema.obj({ projections: schema.arrayOf(schema.ref('ProjectionStatus')) }),
    ProjectionStatus: schema.obj({
      projection: schema.str({ example: 'article-history' }),
      build: schema.nullable(schema.str({ example: 'article-history.v3' })),
      state: schema.str({ example: 'live' }),
      current: schema.bool({ description: 'Whether this build is of the projection’s current version' }),
      checkpoint: schema.nullable(schema.str()),
      events: schema.int(),
      lagEvents: schema.nullable(schema.int()),
      lagSeconds: schema.nullable(schema.num()),
      error: schema.nullable(schema.str()),
      failedEvent: schema.nullable(schema.str()),
      failedEventId: schema.nullable(schema.str()),
      skipped: schema.arrayOf(schema.freeObject({ description: 'An event operators decided the projection skips: who, when, why' })),
    }),
  })
  async status() {
    return { projections: await this.projector.status() };
  }

  @Post(':name/skips')
  @OperationId('skipProjectionEvent')
  @Roles('admin')
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({
    summary: 'Record that a projection skips an event it cannot apply',
    description:
      'Recorded as a ProjectionEventSkipped event in the operations-projections stream (who, when, why); the store is never edited. The projection (its current version) goes on past the event; every other projection still applies it. Recording the same skip again changes nothing.',
  })
  @ApiCreatedSchema(
    'ProjectionSkip',
    {
      ProjectionSkip: schema.obj({
        projection: schema.str({ example: 'article-history' }),
        eventId: schema.str({ format: 'uuid' }),
        reason: schema.str(),
        skippedBy: schema.ref('Actor'),
        recordedAt: schema.instant(),
      }),
      Actor: SHARED_SCHEMAS['Actor']!,
    },
    'The skip as recorded',
  )
  async skip(@Param('name') name: string, @Body() body: SkipProjectionEventDto, @CommandCtx() ctx: CommandContext): Promise<ProjectionSkip> {
    return recordProjectionSkip(this.store, this.projections, { projection: name, eventId: body.eventId, reason: body.reason }, ctx.metadata({ at: ctx.now, precision: 'instant' }));
  }
}
