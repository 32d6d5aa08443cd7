import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiExtraModels,
  ApiHeader,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import {
  type AuthenticatedPrincipal,
  CurrentPrincipal,
  RequireScopes,
} from '@plumbline/server-auth';
import { type Request } from 'express';
import {
  IngestAcceptedDto,
  IngestionDetailDto,
  IngestionDto,
  IngestionEntitiesQueryDto,
  IngestionListQueryDto,
  IngestionPageDto,
  QueueDepthDto,
  SyncStatusDto,
  SyncStatusQueryDto,
  TargetOutcomeDto,
} from './dto/ingest.dto';
import { IngestService, MAX_ENTITIES_PER_REQUEST } from './ingest.service';

function namesOf(value: string | string[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list
    .flatMap((item) => item.split(','))
    .map((name) => name.trim())
    .filter(Boolean);
}

@ApiTags('ingest')
@ApiExtraModels(QueueDepthDto, TargetOutcomeDto)
@ApiBearerAuth()
@Controller()
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  /**
   * Ingest one entity or an array of up to 10,000 of one object type. Answers 202 once the
   * ingestion is committed; the worker then applies it. Invalid entities are listed in
   * `rejected` with the field and the reason; the others go on. A repeated request with the
   * same `Idempotency-Key` answers the first one's ingestion and ingests nothing new.
   */
  @RequireScopes('ingest')
  @Post('ingest/:objectType')
  @HttpCode(202)
  @ApiBody({
    description: 'An entity (fields of the object type; references by natural key) or an array.',
    schema: {
      oneOf: [
        { type: 'object', additionalProperties: true },
        {
          type: 'array',
          items: { type: 'object', additionalProperties: true },
          minItems: 1,
          maxItems: MAX_ENTITIES_PER_REQUEST,
        },
      ],
    },
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiQuery({
    name: 'connector',
    required: false,
    description:
      'Target connector names (comma-separated or repeated); default: every connector that receives ingest.',
    type: String,
  })
  accept(
    @Param('objectType') objectType: string,
    @Body() body: unknown,
    @Query('connector') connector: string | string[] | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Req() req: Request & { id?: string },
  ): Promise<IngestAcceptedDto> {
    return this.ingest.accept({
      objectType,
      body,
      connectors: namesOf(connector),
      idempotencyKey,
      principal,
      correlationId: req.id === undefined ? null : String(req.id),
    });
  }

  /** Recent ingestions, newest first. */
  @RequireScopes('read')
  @Get('ingestions')
  list(@Query() query: IngestionListQueryDto): Promise<IngestionPageDto> {
    return this.ingest.list(query);
  }

  /** An ingestion's state and the outcome of its entities (paged, filterable by outcome). */
  @RequireScopes('read')
  @Get('ingestions/:id')
  get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: IngestionEntitiesQueryDto,
  ): Promise<IngestionDetailDto> {
    return this.ingest.get(id, query);
  }

  /** Stop an ingestion: entities not yet applied end as `cancelled`. */
  @RequireScopes('ingest')
  @Post('ingestions/:id/cancel')
  @HttpCode(200)
  cancel(@Param('id', new ParseUUIDPipe()) id: string): Promise<IngestionDto> {
    return this.ingest.cancel(id);
  }

  /** Ingestions and entity outcomes over a window, queue depths and the outbox backlog. */
  @RequireScopes('read')
  @Get('sync/status')
  status(@Query() query: SyncStatusQueryDto): Promise<SyncStatusDto> {
    return this.ingest.status(query.hours ?? 24);
  }
}
