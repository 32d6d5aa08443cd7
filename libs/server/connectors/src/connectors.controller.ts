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
import { Roles } from '@plumbline/server-auth';
import { ConnectorsService } from './connectors.service';
import {
  ConnectionTestDto,
  ConnectorDto,
  CreateConnectorDto,
  UpdateConnectorDto,
} from './dto/connector.dto';

@ApiTags('connectors')
@ApiBearerAuth()
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

  /** Configure an instance; its token is encrypted at rest. Admins only. */
  @Roles('admin')
  @Post()
  create(@Body() body: CreateConnectorDto): Promise<ConnectorDto> {
    return this.connectors.create(body);
  }

  /** Change a connector; send `token` only to replace it. Admins only. */
  @Roles('admin')
  @Patch(':id')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateConnectorDto,
  ): Promise<ConnectorDto> {
    return this.connectors.update(id, body);
  }

  /** Remove a connector. Admins only. */
  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.connectors.remove(id);
  }

  /** Call the instance's status endpoint with the stored token and report what it said. */
  @Roles('admin', 'operator')
  @Post(':id/test')
  @HttpCode(200)
  test(@Param('id', new ParseUUIDPipe()) id: string): Promise<ConnectionTestDto> {
    return this.connectors.testById(id);
  }
}
