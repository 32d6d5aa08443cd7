import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '@plumbline/server-auth';
import { ConnectorsService } from './connectors.service';
import {
  ConnectionTestDto,
  ConnectorDto,
  CreateConnectorDto,
  UpdateConnectorDto,
} from './dto/connector.dto';

@ApiTags('connectors')
@ApiBearerAuth()
@RequireScopes('read')
@Controller('connectors')
export class ConnectorsController {
  constructor(private readonly connectors: ConnectorsService) {}

  /** Every configured NetBox and Nautobot instance (tokens are never returned). */
  @Get()
  list(): Promise<ConnectorDto[]> {
    return this.connectors.list();
  }

  /** One connector. */
  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ConnectorDto> {
    return this.connectors.get(id);
  }

  /** Configure an instance; its token is encrypted at rest. Needs the `admin` scope. */
  @RequireScopes('admin')
  @Post()
  create(@Body() body: CreateConnectorDto): Promise<ConnectorDto> {
    return this.connectors.create(body);
  }

  /** Change a connector; send `token` only to replace it. Needs the `admin` scope. */
  @RequireScopes('admin')
  @Patch(':id')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateConnectorDto,
  ): Promise<ConnectorDto> {
    return this.connectors.update(id, body);
  }

  /** Remove a connector. Needs the `admin` scope. */
  @RequireScopes('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.connectors.remove(id);
  }

  /** Call the instance's status endpoint with the stored token and report what it said. */
  @RequireScopes('review')
  @Post(':id/test')
  @HttpCode(200)
  test(@Param('id', new ParseUUIDPipe()) id: string): Promise<ConnectionTestDto> {
    return this.connectors.testById(id);
  }
}
