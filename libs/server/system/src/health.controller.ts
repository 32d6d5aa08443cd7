import { Controller, Get, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@plumbline/server-auth';
import { type Response } from 'express';
import { DependencyHealthDto, LivenessDto, ReadinessReportDto } from './dto/health.dto';
import { HealthService } from './health.service';

@ApiTags('health')
@ApiExtraModels(DependencyHealthDto)
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Liveness: the process is up and answering. */
  @Get()
  live(): LivenessDto {
    return { status: 'up', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** Readiness: 503 naming what is down when PostgreSQL or Redis is; 200 otherwise (`degraded` if a connector is down). */
  @Get('ready')
  @ApiOkResponse({ description: 'PostgreSQL and Redis are up.', type: ReadinessReportDto })
  @ApiResponse({
    status: 503,
    description: 'PostgreSQL or Redis is down.',
    type: ReadinessReportDto,
  })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessReportDto> {
    const report = await this.health.readiness();
    res.status(report.status === 'down' ? 503 : 200);
    return report;
  }
}
