import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  actorName,
  type AuthenticatedPrincipal,
  CurrentPrincipal,
  RequireScopes,
} from '@plumbline/server-auth';
import { type Request } from 'express';
import { HeartbeatDto } from './dto/heartbeat.dto';
import { ListHeartbeatsQueryDto } from './dto/list-heartbeats.dto';
import { HeartbeatService } from './heartbeat.service';

@ApiTags('system')
@ApiBearerAuth()
@RequireScopes('read')
@Controller('system/heartbeats')
export class HeartbeatController {
  constructor(private readonly heartbeats: HeartbeatService) {}

  /** Queue a heartbeat job; the worker records it. Proves api → queue → worker → database. */
  @RequireScopes('review')
  @Post()
  @HttpCode(202)
  request(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Req() req: Request & { id?: string },
  ): Promise<HeartbeatDto> {
    return this.heartbeats.request(
      actorName(principal),
      req.id === undefined ? null : String(req.id),
    );
  }

  /** The most recent heartbeats, newest first. */
  @Get()
  list(@Query() query: ListHeartbeatsQueryDto): Promise<HeartbeatDto[]> {
    return this.heartbeats.listRecent(query.limit ?? 20);
  }

  /** One heartbeat: `processedAt` is set once the worker has recorded it. */
  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<HeartbeatDto> {
    return this.heartbeats.get(id);
  }
}
