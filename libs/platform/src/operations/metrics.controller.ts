import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { METRICS, type Metrics } from './metrics.js';
import { ApiOkContent, OperationId } from '../openapi/schemas.js';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: Metrics) {}

  // Behind a token like everything but liveness and docs: Prometheus sends one with `authorization`.
  @Get()
  @OperationId('metrics')
  @Roles('admin', 'analyst')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Prometheus metrics: commands, projection lag and throughput, process' })
  @ApiOkContent('Prometheus text exposition format', { 'text/plain': { schema: { type: 'string' } } })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
