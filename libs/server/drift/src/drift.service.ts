import { Injectable } from '@nestjs/common';
import { type DriftEventEntity } from '@plumbline/server-database';
import { DriftEventNotFoundError } from './drift.errors';
import { DriftEventsRepository } from './drift-events.repository';
import {
  type DriftEventDto,
  type DriftEventListDto,
  type ListDriftQueryDto,
} from './dto/drift.dto';

function toDto(event: DriftEventEntity): DriftEventDto {
  return {
    id: event.id,
    connectorId: event.connectorId,
    objectType: event.objectType,
    objectKey: event.objectKey,
    trigger: event.trigger,
    fields: event.fields,
    isDeleted: event.isDeleted,
    decision: event.decision,
    error: event.error,
    reviewItemId: event.reviewItemId,
    detectedAt: event.detectedAt,
  };
}

/** Reads the recorded drift decisions. */
@Injectable()
export class DriftService {
  constructor(private readonly events: DriftEventsRepository) {}

  async list(query: ListDriftQueryDto): Promise<DriftEventListDto> {
    const [items, total] = await this.events.list(
      {
        ...(query.connectorId && { connectorId: query.connectorId }),
        ...(query.objectType && { objectType: query.objectType }),
        ...(query.key !== undefined && { key: query.key }),
        ...(query.decision && { decision: query.decision }),
        ...(query.since && { since: new Date(query.since) }),
      },
      query.limit ?? 50,
      query.offset ?? 0,
    );
    return { items: items.map(toDto), total };
  }

  async get(id: string): Promise<DriftEventDto> {
    const event = await this.events.findById(id);
    if (!event) throw new DriftEventNotFoundError(id);
    return toDto(event);
  }
}
