import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AccessContext, AccessCtx } from '#access';
import { Roles } from '#auth';
import { CLOCK, type Clock, OperationId } from '#platform';
import { ROLES, calendarDay } from '#kernel';
import {
  DEFAULT_REGISTER_PAGE_SIZE,
  RegisterAsOfQuery,
  RegisterEntryView,
  RegisterListQuery,
  RegisterPageView,
  RegisterRequestParams,
} from './register.dto.js';
import { InformationRequestRegisterQuery, type RegisterPage } from './register.query.js';
import type { RegisterEntry } from './register-views.js';

@ApiTags('information requests')
@Controller('information-request-register')
export class InformationRequestRegisterController {
  constructor(
    @Inject(InformationRequestRegisterQuery) private readonly register: InformationRequestRegisterQuery,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private today(): string {
    return calendarDay(this.clock.now().toISOString());
  }

  @Get()
  @OperationId('informationRequestRegister')
  @Roles(...ROLES)
  @ApiOperation({
    summary: 'The information request register with clocks, as of a day (from the register projection)',
    description:
      'Per request and per item: status, days outstanding, overdue, time to first response, late objections. ' +
      'Filter by unit, status as of asOf, and overdue on overdueAsOf. Ordered by receivedOn, then requestId; page with limit and cursor.',
  })
  @ApiOkResponse({ type: RegisterPageView })
  list(@Query() query: RegisterListQuery, @AccessCtx() access: AccessContext): Promise<RegisterPage> {
    const asOf = query.asOf ?? query.overdueAsOf ?? this.today();
    return this.register.page(
      { unitId: query.unitId, status: query.status, overdueAsOf: query.overdueAsOf, limit: query.limit ?? DEFAULT_REGISTER_PAGE_SIZE, cursor: query.cursor },
      asOf,
      access,
    );
  }

  @Get(':requestId')
  @OperationId('informationRequestRegisterEntry')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'One request of the register with its clocks as of a day; 404 when unknown, not visible, or not received by then' })
  @ApiOkResponse({ type: RegisterEntryView })
  get(@Param() params: RegisterRequestParams, @Query() query: RegisterAsOfQuery, @AccessCtx() access: AccessContext): Promise<RegisterEntry> {
    return this.register.entry(params.requestId, query.asOf ?? this.today(), access);
  }
}
