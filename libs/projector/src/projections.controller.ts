import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { ProjectorService } from './projector.service.js';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('projections')
export class ProjectionsController {
  constructor(private readonly projector: ProjectorService) {}

  @Get()
  @Roles('admin', 'records-officer', 'analyst')
  @ApiOperation({ summary: 'Each projection this process runs: state, checkpoint, events applied, failure' })
  status() {
    return { projections: this.projector.health() };
  }
}
