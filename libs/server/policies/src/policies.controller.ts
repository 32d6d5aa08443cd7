import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Put,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import {
  actorName,
  type AuthenticatedPrincipal,
  CurrentPrincipal,
  RequireScopes,
} from '@plumbline/server-auth';
import { POLICY_DEFAULTS_SCOPE } from '@plumbline/server-database';
import {
  PolicyImportResultDto,
  PolicyVersionDto,
  SavePolicyQueryDto,
  StoredPolicyDto,
} from './dto/policy.dto';
import { PoliciesService } from './policies.service';
import { ObjectTypeParamPipe } from './object-type-param.pipe';

const POLICY_BODY = { schema: { type: 'object', additionalProperties: true } } as const;

@ApiTags('policies')
@ApiBearerAuth()
@RequireScopes('read')
@Controller('policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  /** Every stored policy, with its version and who saved it last. */
  @Get()
  list(): Promise<StoredPolicyDto[]> {
    return this.policies.list();
  }

  /** All policies in the YAML format of `sync_policies`, `data_transformations` and `conflict_resolution`. */
  @Get('export')
  @ApiProduces('application/yaml')
  @ApiOkResponse({ schema: { type: 'string' } })
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  exportYaml(): Promise<string> {
    return this.policies.exportYaml();
  }

  /** Import a YAML file in that format; each policy it changes gets a new version. Needs the `admin` scope. */
  @RequireScopes('admin')
  @Post('import')
  @HttpCode(200)
  @ApiConsumes('application/yaml')
  @ApiBody({ schema: { type: 'string' } })
  importYaml(
    @Body() yaml: unknown,
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
  ): Promise<PolicyImportResultDto> {
    return this.policies.importYaml(typeof yaml === 'string' ? yaml : '', actorName(principal));
  }

  /** The settings shared by every object type (default strategy, review triggers). */
  @Get('defaults')
  getDefaults(): Promise<StoredPolicyDto> {
    return this.policies.get(POLICY_DEFAULTS_SCOPE);
  }

  /** Replace the shared settings. Needs the `admin` scope. */
  @RequireScopes('admin')
  @Put('defaults')
  @ApiBody(POLICY_BODY)
  saveDefaults(
    @Body() body: unknown,
    @Query() query: SavePolicyQueryDto,
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
  ): Promise<StoredPolicyDto> {
    return this.policies.saveDefaults(body, actorName(principal), query.expectedVersion);
  }

  /** One object type's policy. */
  @Get(':objectType')
  get(@Param('objectType', ObjectTypeParamPipe) objectType: string): Promise<StoredPolicyDto> {
    return this.policies.get(objectType);
  }

  /** Every saved version of one object type's policy, newest first. */
  @Get(':objectType/versions')
  versions(
    @Param('objectType', ObjectTypeParamPipe) objectType: string,
  ): Promise<PolicyVersionDto[]> {
    return this.policies.versions(objectType);
  }

  /** Create or replace one object type's policy; the previous version is kept. Needs the `admin` scope. */
  @RequireScopes('admin')
  @Put(':objectType')
  @ApiBody(POLICY_BODY)
  save(
    @Param('objectType', ObjectTypeParamPipe) objectType: string,
    @Body() body: unknown,
    @Query() query: SavePolicyQueryDto,
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
  ): Promise<StoredPolicyDto> {
    return this.policies.save(objectType, body, actorName(principal), query.expectedVersion);
  }

  /** Delete one object type's policy (its history is kept). Needs the `admin` scope. */
  @RequireScopes('admin')
  @Delete(':objectType')
  @HttpCode(204)
  remove(
    @Param('objectType', ObjectTypeParamPipe) objectType: string,
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
  ): Promise<void> {
    return this.policies.remove(objectType, actorName(principal));
  }
}
