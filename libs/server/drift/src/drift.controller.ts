import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '@plumbline/server-auth';
import { DriftService } from './drift.service';
import { DriftEventDto, DriftEventListDto, ListDriftQueryDto } from './dto/drift.dto';

@ApiTags('drift')
@ApiBearerAuth()
@RequireScopes('read')
@Controller('drift')
export class DriftController {
  constructor(private readonly drift: DriftService) {}

  /** Drift found on ingested records and what was decided, newest first. */
  @Get()
  list(@Query() query: ListDriftQueryDto): Promise<DriftEventListDto> {
    return this.drift.list(query);
  }

  /** One drift event. */
  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<DriftEventDto> {
    return this.drift.get(id);
  }
}
