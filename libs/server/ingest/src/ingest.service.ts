import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { connectorRegistry } from '@plumbline/connector-http';
import { compileRecordPolicy, findPolicy, type CompiledRecordPolicy } from '@plumbline/policy';
import { type AuthenticatedPrincipal } from '@plumbline/server-auth';
import {
  ConnectorEntity,
  type IngestionEntity,
  type IngestionEntityRow,
  type OutboxMessageEntity,
} from '@plumbline/server-database';
import { PoliciesService } from '@plumbline/server-policies';
import { JOB, OutboxService, QUEUE, readQueueDepths } from '@plumbline/server-queue';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  type IngestAcceptedDto,
  type IngestionDetailDto,
  type IngestionDto,
  type IngestionEntitiesQueryDto,
  type IngestionListQueryDto,
  type IngestionPageDto,
  type RejectedEntityDto,
  type SyncStatusDto,
} from './dto/ingest.dto';
import { checkEntity } from './entity-check';
import { displayKey, EntityNormalizer } from './entity-normalizer';
import {
  AllEntitiesRejectedError,
  IdempotencyKeyReusedError,
  IngestBatchTooLargeError,
  IngestionFinishedError,
  IngestionNotFoundError,
  InvalidIngestRequestError,
  UnknownObjectTypeError,
} from './ingest.errors';
import { emptyCounts, IngestionsRepository, type NewEntityRow } from './ingestions.repository';

export const MAX_ENTITIES_PER_REQUEST = 10_000;
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export interface IngestRequest {
  objectType: string;
  body: unknown;
  /** Connector names; every connector that receives ingest when empty. */
  connectors: readonly string[];
  idempotencyKey: string | undefined;
  principal: AuthenticatedPrincipal;
  correlationId: string | null;
}

/**
 * The accepting side of ingestion: checks each entity against the policy and the object type
 * at once (so a producer learns about bad entities in the answer), commits the ingestion, its
 * entities and its job together, and only then answers.
 */
@Injectable()
export class IngestService {
  private readonly normalizer = new EntityNormalizer(connectorRegistry);

  constructor(
    private readonly ingestions: IngestionsRepository,
    private readonly policies: PoliciesService,
    private readonly outbox: OutboxService,
    private readonly moduleRef: ModuleRef,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async accept(request: IngestRequest): Promise<IngestAcceptedDto> {
    if (!connectorRegistry.has(request.objectType)) {
      throw new UnknownObjectTypeError(request.objectType);
    }
    const entities = this.entitiesOf(request.body);
    const principal = `${request.principal.kind}:${request.principal.id}`;
    const connectors = await this.targetsOf(request.connectors);
    const requestHash = createHash('sha256')
      .update(request.objectType)
      .update('\n')
      .update(connectors.map((connector) => connector.id).join(','))
      .update('\n')
      .update(JSON.stringify(request.body))
      .digest('hex');

    if (request.idempotencyKey !== undefined) {
      if (!IDEMPOTENCY_KEY_PATTERN.test(request.idempotencyKey)) {
        throw new InvalidIngestRequestError([
          { field: 'Idempotency-Key', reason: 'must be 1 to 200 printable ASCII characters' },
        ]);
      }
      const earlier = await this.ingestions.findByIdempotencyKey(principal, request.idempotencyKey);
      if (earlier) return this.replay(earlier, requestHash);
    }

    const observedAt = new Date();
    const rows = this.check(request.objectType, entities, request.principal.name, observedAt, {
      policy: await this.compiledPolicy(request.objectType),
    });
    const rejected = rows.filter((row) => row.outcome === 'rejected');
    const pending = rows.length - rejected.length;
    const counts = emptyCounts();
    counts.pending = pending;
    counts.rejected = rejected.length;
    const ingestion: IngestionEntity = {
      id: randomUUID(),
      objectType: request.objectType,
      source: request.principal.name,
      principal,
      idempotencyKey: request.idempotencyKey ?? null,
      requestHash,
      connectorIds: connectors.map((connector) => connector.id),
      state: pending > 0 ? 'accepted' : 'completed',
      total: rows.length,
      counts,
      attempts: 0,
      leaseUntil: null,
      correlationId: request.correlationId,
      acceptedAt: observedAt,
      startedAt: null,
      finishedAt: pending > 0 ? null : observedAt,
      error: null,
    };

    let message: OutboxMessageEntity | undefined;
    try {
      message = await this.ingestions.transaction(async (manager) => {
        await this.ingestions.insert(manager, ingestion, rows);
        if (pending === 0) return undefined;
        return this.outbox.enqueue(
          manager,
          QUEUE.ingest,
          JOB.ingestRun,
          { ingestionId: ingestion.id, correlationId: request.correlationId },
          request.correlationId,
        );
      });
    } catch (error) {
      // Two requests with one Idempotency-Key raced: the other one was committed first.
      if (request.idempotencyKey !== undefined && isUniqueViolation(error)) {
        const earlier = await this.ingestions.findByIdempotencyKey(
          principal,
          request.idempotencyKey,
        );
        if (earlier) return this.replay(earlier, requestHash);
      }
      throw error;
    }
    if (message) void this.outbox.dispatch(message);

    const rejectedDtos = rejected.map(toRejectedDto);
    if (pending === 0) {
      throw new AllEntitiesRejectedError(
        ingestion.id,
        rejectedDtos.flatMap((entity) =>
          entity.problems.map((problem) => ({ index: entity.index, ...problem })),
        ),
      );
    }
    return {
      ingestionId: ingestion.id,
      state: ingestion.state,
      total: rows.length,
      accepted: pending,
      rejected: rejectedDtos,
      connectors: connectors.map((connector) => connector.name),
      isReplay: false,
    };
  }

  async get(id: string, query: IngestionEntitiesQueryDto): Promise<IngestionDetailDto> {
    const ingestion = await this.ingestions.findById(id);
    if (!ingestion) throw new IngestionNotFoundError(id);
    const [entities, entityTotal] = await this.ingestions.listEntities(id, {
      ...(query.outcome ? { outcome: query.outcome } : {}),
      offset: query.offset ?? 0,
      limit: query.limit ?? 100,
    });
    return { ...toIngestionDto(ingestion), entities: entities.map(toEntityDto), entityTotal };
  }

  async list(query: IngestionListQueryDto): Promise<IngestionPageDto> {
    const [items, total] = await this.ingestions.listRecent({
      ...(query.state ? { state: query.state } : {}),
      ...(query.objectType ? { objectType: query.objectType } : {}),
      offset: query.offset ?? 0,
      limit: query.limit ?? 50,
    });
    return { items: items.map(toIngestionDto), total };
  }

  async cancel(id: string): Promise<IngestionDto> {
    const ingestion = await this.ingestions.findById(id);
    if (!ingestion) throw new IngestionNotFoundError(id);
    if (!(await this.ingestions.cancel(id))) throw new IngestionFinishedError(id);
    return toIngestionDto((await this.ingestions.findById(id)) as IngestionEntity);
  }

  async status(hours: number): Promise<SyncStatusDto> {
    const since = new Date(Date.now() - hours * 3_600_000);
    const summary = await this.ingestions.statusSince(since);
    const queues = await readQueueDepths(this.moduleRef);
    const outboxPending = await this.outbox.countPending();
    return {
      since: since.toISOString(),
      ingestions: {
        accepted: summary.ingestions['accepted'] ?? 0,
        running: summary.ingestions['running'] ?? 0,
        completed: summary.ingestions['completed'] ?? 0,
        cancelled: summary.ingestions['cancelled'] ?? 0,
      },
      entities: summary.entities,
      oldestOpenAcceptedAt: summary.oldestOpenAcceptedAt?.toISOString() ?? null,
      queues,
      outboxPending,
    };
  }

  private entitiesOf(body: unknown): unknown[] {
    if (Array.isArray(body)) {
      if (body.length === 0) {
        throw new InvalidIngestRequestError([
          { field: 'body', reason: 'holds no entities: send one entity or a non-empty array' },
        ]);
      }
      if (body.length > MAX_ENTITIES_PER_REQUEST) {
        throw new IngestBatchTooLargeError(body.length, MAX_ENTITIES_PER_REQUEST);
      }
      return body;
    }
    if (typeof body === 'object' && body !== null && Object.keys(body).length > 0) return [body];
    throw new InvalidIngestRequestError([
      { field: 'body', reason: 'must be a JSON entity object or an array of entities' },
    ]);
  }

  private async targetsOf(names: readonly string[]): Promise<ConnectorEntity[]> {
    const repository = this.dataSource.getRepository(ConnectorEntity);
    if (names.length === 0) {
      const receiving = await repository.find({
        where: { receivesIngest: true },
        order: { name: 'ASC' },
      });
      if (receiving.length === 0) {
        throw new InvalidIngestRequestError([
          { field: 'connector', reason: 'no connector receives ingested entities; name one' },
        ]);
      }
      return receiving;
    }
    const all = await repository.find({ order: { name: 'ASC' } });
    const unknown = names.filter((name) => !all.some((connector) => connector.name === name));
    if (unknown.length > 0) {
      throw new InvalidIngestRequestError(
        unknown.map((name) => ({ field: 'connector', reason: `${name} is not a connector` })),
      );
    }
    return all.filter((connector) => names.includes(connector.name));
  }

  private async compiledPolicy(objectType: string): Promise<CompiledRecordPolicy | undefined> {
    const policy = findPolicy(await this.policies.currentSet(), objectType);
    return policy ? compileRecordPolicy(policy) : undefined;
  }

  /** Policy and object-type checks of every entity; the problems of the invalid ones. */
  private check(
    objectType: string,
    entities: readonly unknown[],
    source: string,
    observedAt: Date,
    options: { policy: CompiledRecordPolicy | undefined },
  ): NewEntityRow[] {
    const seen = new Map<string, number>();
    const provenance = { source, observedAt: observedAt.toISOString() };
    return entities.map((raw, position): NewEntityRow => {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        return {
          position,
          entity: { value: raw },
          objectKey: null,
          outcome: 'rejected',
          reasons: [{ field: '(entity)', reason: 'must be a JSON object' }],
        };
      }
      const entity = raw as Record<string, unknown>;
      const rejectedWith = (reasons: Array<{ field: string; reason: string }>): NewEntityRow => ({
        position,
        entity,
        objectKey: null,
        outcome: 'rejected',
        reasons,
      });
      const checked = checkEntity(this.normalizer, options.policy, objectType, entity, provenance);
      if ('problems' in checked) return rejectedWith(checked.problems);
      const { record } = checked;
      const earlier = seen.get(record.key);
      if (earlier !== undefined) {
        return rejectedWith([
          {
            field: '(entity)',
            reason: `names the same ${objectType} as entity ${earlier} (${displayKey(record.key)})`,
          },
        ]);
      }
      seen.set(record.key, position);
      return {
        position,
        entity,
        objectKey: record.key,
        outcome: 'pending',
        reasons: null,
      };
    });
  }

  private async replay(earlier: IngestionEntity, requestHash: string): Promise<IngestAcceptedDto> {
    if (earlier.requestHash !== requestHash) throw new IdempotencyKeyReusedError(earlier.id);
    const [rejected] = await this.ingestions.listEntities(earlier.id, {
      outcome: 'rejected',
      offset: 0,
      limit: MAX_ENTITIES_PER_REQUEST,
    });
    const names = await this.dataSource
      .getRepository(ConnectorEntity)
      .find({ select: { id: true, name: true } });
    return {
      ingestionId: earlier.id,
      state: earlier.state,
      total: earlier.total,
      accepted: earlier.total - rejected.length,
      rejected: rejected.map((row) => ({ index: row.position, problems: row.reasons ?? [] })),
      connectors: earlier.connectorIds.map(
        (id) => names.find((connector) => connector.id === id)?.name ?? id,
      ),
      isReplay: true,
    };
  }
}

function toRejectedDto(row: NewEntityRow): RejectedEntityDto {
  return { index: row.position, problems: row.reasons ?? [] };
}

export function toIngestionDto(ingestion: IngestionEntity): IngestionDto {
  return {
    id: ingestion.id,
    objectType: ingestion.objectType,
    source: ingestion.source,
    state: ingestion.state,
    total: ingestion.total,
    counts: { ...emptyCounts(), ...ingestion.counts },
    connectorIds: ingestion.connectorIds,
    idempotencyKey: ingestion.idempotencyKey,
    attempts: ingestion.attempts,
    acceptedAt: ingestion.acceptedAt.toISOString(),
    startedAt: ingestion.startedAt?.toISOString() ?? null,
    finishedAt: ingestion.finishedAt?.toISOString() ?? null,
    error: ingestion.error,
  };
}

function toEntityDto(row: IngestionEntityRow) {
  return {
    position: row.position,
    key: row.objectKey === null ? null : displayKey(row.objectKey),
    outcome: row.outcome,
    reasons: row.reasons,
    targets: row.targets,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | undefined)?.code === '23505';
}
