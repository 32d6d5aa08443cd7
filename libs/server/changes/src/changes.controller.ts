import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '@plumbline/server-auth';
import { ChangesService } from './changes.service';
import { ProposeChangesDto, ProposeChangesResultDto } from './dto/changes.dto';

@ApiTags('changes')
@ApiBearerAuth()
@Controller('connectors/:connectorId/changes')
export class ChangesController {
  constructor(private readonly changes: ChangesService) {}

  /**
   * Propose records for a connector's instance. Each field is decided by policy: written at
   * once, dropped with a reason, or queued for review. Answers the decision per record.
   */
  @RequireScopes('review')
  @Post()
  @HttpCode(200)
  propose(
    @Param('connectorId', new ParseUUIDPipe()) connectorId: string,
    @Body() body: ProposeChangesDto,
  ): Promise<ProposeChangesResultDto> {
    return this.changes.propose(connectorId, body);
  }
}
