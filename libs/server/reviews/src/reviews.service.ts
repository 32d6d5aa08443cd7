import { Inject, Injectable, Logger } from '@nestjs/common';
import { type FieldChange, type Operation } from '@plumbline/diff-engine';
import { rejectionFingerprint } from '@plumbline/policy';
import {
  type ReviewField,
  type ReviewItemEntity,
  type ReviewSource,
  type ReviewState,
} from '@plumbline/server-database';
import {
  type AuditEntryDto,
  type BulkResultDto,
  type ListAuditQueryDto,
  type ListReviewsQueryDto,
  type ReviewFilterDto,
  type ReviewItemDto,
  type ReviewListDto,
} from './dto/review.dto';
import { isSameFieldValue, reviewFingerprint } from './review-fingerprint';
import { REVIEW_TARGETS, type ReviewTargets } from './review-target';
import { ReviewEditError, ReviewNotFoundError, ReviewNotOpenError } from './reviews.errors';
import { type ReviewFilter, ReviewsRepository } from './reviews.repository';

/** A change the policy sent to review. */
export interface ReviewProposal {
  connectorId: string;
  operation: Operation;
  fields: ReviewField[];
  sources: ReviewSource[];
  source: string;
  rule: string;
  reason: string;
}

export type SubmitOutcome =
  | { status: 'queued' | 'duplicate'; item: ReviewItemDto }
  | { status: 'suppressed'; reason: string };

const SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

function durationSeconds(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const unit = text.slice(-1) as keyof typeof SECONDS;
  return Number(text.slice(0, -1)) * SECONDS[unit];
}

export function toReviewFilter(dto: ReviewFilterDto): ReviewFilter {
  return {
    ...(dto.state && { states: dto.state.split(',') as ReviewState[] }),
    ...(dto.objectType && { objectType: dto.objectType }),
    ...(dto.source && { source: dto.source }),
    ...(dto.field && { field: dto.field }),
    ...(dto.rule && { rule: dto.rule }),
    ...(dto.olderThan && { olderThanSeconds: durationSeconds(dto.olderThan) }),
    ...(dto.newerThan && { newerThanSeconds: durationSeconds(dto.newerThan) }),
  };
}

function toDto(item: ReviewItemEntity): ReviewItemDto {
  return {
    id: item.id,
    state: item.state,
    connectorId: item.connectorId,
    objectType: item.objectType,
    objectKey: item.objectKey,
    action: item.action,
    fields: item.fields,
    sources: item.sources,
    source: item.source,
    rule: item.rule,
    reason: item.reason,
    createdAt: item.createdAt,
    decidedBy: item.decidedBy,
    decidedAt: item.decidedAt,
    editedValues: item.editedValues,
    appliedAt: item.appliedAt,
    outcome: item.outcome,
  };
}

/** The operation as approved: edited values replace proposed ones, conflicts resolved for the source. */
export function approvedOperation(operation: Operation, edits: Record<string, unknown>): Operation {
  const approved: Operation = structuredClone(operation);
  if (approved.changes) {
    approved.changes = approved.changes.map((change): FieldChange => ({
      ...change,
      ...(change.field in edits && { proposed: edits[change.field] as FieldChange['proposed'] }),
      ...(change.isConflict && { resolution: 'source' }),
    }));
  }
  for (const [field, value] of Object.entries(edits)) {
    if (approved.attrs && field in approved.attrs) approved.attrs[field] = value as never;
    if (approved.refs && field in approved.refs) approved.refs[field] = value as never;
  }
  return approved;
}

@Injectable()
export class ReviewsService {
  private readonly logger = new Logger(ReviewsService.name);

  constructor(
    private readonly reviews: ReviewsRepository,
    @Inject(REVIEW_TARGETS) private readonly targets: ReviewTargets,
  ) {}

  /**
   * Queues a contested change, unless the same proposal is already open (duplicate) or an
   * operator rejected exactly this proposal before (suppressed until the value changes).
   */
  async submit(proposal: ReviewProposal): Promise<SubmitOutcome> {
    const { operation } = proposal;
    const fingerprint = reviewFingerprint({
      connectorId: proposal.connectorId,
      objectType: operation.type,
      objectKey: operation.key,
      action: operation.action,
      source: proposal.source,
      fields: proposal.fields,
    });
    const fieldFingerprints = proposal.fields.map((field) =>
      rejectionFingerprint({
        objectType: operation.type,
        key: operation.key,
        field: field.field,
        proposed: field.proposed,
        source: proposal.source,
      }),
    );
    return this.reviews.transaction(async (manager) => {
      const rejected = await this.reviews.rejectedAmong(fieldFingerprints, manager);
      if (fieldFingerprints.every((print) => rejected.has(print))) {
        return {
          status: 'suppressed',
          reason: 'an operator rejected this proposal before',
        } as const;
      }
      const open = await this.reviews.findOpenByFingerprint(manager, fingerprint);
      if (open) return { status: 'duplicate', item: toDto(open) } as const;
      const item = await this.reviews.saveItem(manager, {
        state: 'open',
        connectorId: proposal.connectorId,
        objectType: operation.type,
        objectKey: operation.key,
        action: operation.action,
        operation: operation as unknown as Record<string, unknown>,
        fields: proposal.fields,
        sources: proposal.sources,
        source: proposal.source,
        rule: proposal.rule,
        reason: proposal.reason,
        fingerprint,
        fieldFingerprints,
      });
      await this.reviews.audit(
        manager,
        item.id,
        `source:${proposal.source}`,
        'created',
        null,
        proposal.reason,
      );
      return { status: 'queued', item: toDto(item) } as const;
    });
  }

  async list(query: ListReviewsQueryDto): Promise<ReviewListDto> {
    const filter = toReviewFilter(query);
    const [[items, total], counts] = await Promise.all([
      this.reviews.list(filter, query.limit ?? 50, query.offset ?? 0),
      this.reviews.countByState(filter),
    ]);
    return { items: items.map(toDto), total, counts };
  }

  async get(id: string): Promise<ReviewItemDto> {
    const item = await this.reviews.findById(id);
    if (!item) throw new ReviewNotFoundError(id);
    const comments = await this.reviews.comments(id);
    return {
      ...toDto(item),
      comments: comments.map(({ id: commentId, author, body, createdAt }) => ({
        id: commentId,
        author,
        body,
        createdAt,
      })),
    };
  }

  /** Field fingerprints operators rejected, among these (for the conflict resolver). */
  rejectedAmong(fingerprints: readonly string[]): Promise<Set<string>> {
    return this.reviews.rejectedAmong(fingerprints);
  }

  async auditTrail(query: ListAuditQueryDto): Promise<AuditEntryDto[]> {
    return this.reviews.auditTrail({ ...query, limit: query.limit ?? 100 });
  }

  async comment(id: string, actor: string, body: string): Promise<ReviewItemDto> {
    await this.reviews.transaction(async (manager) => {
      const item = await this.reviews.lock(manager, id);
      if (!item) throw new ReviewNotFoundError(id);
      await this.reviews.comment(manager, id, actor, body);
      await this.reviews.audit(manager, id, actor, 'commented', null, body);
    });
    return this.get(id);
  }

  async reject(id: string, actor: string, comment?: string): Promise<ReviewItemDto> {
    await this.reviews.transaction(async (manager) => {
      const item = await this.openItem(manager, id);
      await this.reviews.saveItem(manager, {
        ...item,
        state: 'rejected',
        decidedBy: actor,
        decidedAt: new Date(),
      });
      await this.reviews.remember(manager, item, actor);
      await this.reviews.audit(manager, id, actor, 'rejected', null, comment ?? null);
      if (comment) await this.reviews.comment(manager, id, actor, comment);
    });
    return this.get(id);
  }

  /**
   * Approves, then re-checks against the live target before writing: if the target moved on
   * since the item was made, the item turns stale and the proposal is queued afresh against
   * what the target holds now, rather than overwriting newer data.
   */
  async approve(
    id: string,
    actor: string,
    edits: Record<string, unknown> = {},
    comment?: string,
  ): Promise<ReviewItemDto> {
    const item = await this.reviews.transaction(async (manager) => {
      const open = await this.openItem(manager, id);
      const unknown = Object.keys(edits).filter(
        (field) => !open.fields.some((entry) => entry.field === field),
      );
      if (unknown.length > 0) throw new ReviewEditError(unknown);
      const hasEdits = Object.keys(edits).length > 0;
      const approved = await this.reviews.saveItem(manager, {
        ...open,
        state: 'approved',
        decidedBy: actor,
        decidedAt: new Date(),
        editedValues: hasEdits ? edits : null,
      });
      const written = Object.fromEntries(
        open.fields.map((field) => [
          field.field,
          field.field in edits ? edits[field.field] : field.proposed,
        ]),
      );
      await this.reviews.audit(manager, id, actor, 'approved', written, comment ?? null);
      if (comment) await this.reviews.comment(manager, id, actor, comment);
      return approved;
    });
    await this.applyApproved(item, actor, edits);
    return this.get(id);
  }

  async bulk(
    decision: 'approve' | 'reject',
    actor: string,
    ids: string[] | undefined,
    filter: ReviewFilterDto | undefined,
    comment?: string,
  ): Promise<BulkResultDto> {
    const targets = ids ?? (await this.reviews.openIds(toReviewFilter(filter ?? {}), 1000));
    const results: BulkResultDto['results'] = [];
    for (const id of targets) {
      try {
        const item =
          decision === 'approve'
            ? await this.approve(id, actor, {}, comment)
            : await this.reject(id, actor, comment);
        results.push({ id, state: item.state });
      } catch (error) {
        results.push({ id, state: 'error', error: (error as Error).message });
      }
    }
    return { results };
  }

  private async applyApproved(
    item: ReviewItemEntity,
    actor: string,
    edits: Record<string, unknown>,
  ): Promise<void> {
    let outcome: { state: ReviewState; message: string | null; values?: Record<string, unknown> };
    let refreshed: ReviewProposal | undefined;
    try {
      const target = await this.targets.forConnector(item.connectorId);
      const live = await target.read(item.objectType, item.objectKey);
      const moved = this.movedFields(
        item,
        live === undefined ? undefined : { ...live.refs, ...live.attrs },
      );
      if (moved.length > 0) {
        const liveValues = Object.fromEntries(moved.map((entry) => [entry.field, entry.live]));
        outcome = {
          state: 'stale',
          message: `the target changed since review: ${moved.map((entry) => entry.field).join(', ')}`,
          values: liveValues,
        };
        refreshed = this.reevaluate(item, liveValues, live === undefined);
      } else {
        const result = await target.write(
          approvedOperation(item.operation as unknown as Operation, edits),
        );
        outcome =
          result.status === 'applied'
            ? { state: 'applied', message: null }
            : { state: 'failed', message: result.error };
      }
    } catch (error) {
      outcome = { state: 'failed', message: (error as Error).message };
    }
    await this.reviews.transaction(async (manager) => {
      const current = await this.reviews.lock(manager, item.id);
      if (!current) return;
      await this.reviews.saveItem(manager, {
        ...current,
        state: outcome.state,
        outcome: outcome.message,
        ...(outcome.state === 'applied' && { appliedAt: new Date() }),
      });
      const event =
        outcome.state === 'applied' ? 'applied' : outcome.state === 'stale' ? 'stale' : 'failed';
      await this.reviews.audit(
        manager,
        item.id,
        actor,
        event,
        outcome.values ?? null,
        outcome.message,
      );
    });
    if (refreshed) {
      const next = await this.submit(refreshed);
      this.logger.log({ itemId: item.id, next: next.status }, 'stale review item re-evaluated');
    }
  }

  /** Fields whose live value is no longer what the item showed as the target's. */
  private movedFields(
    item: ReviewItemEntity,
    live: Record<string, unknown> | undefined,
  ): Array<{ field: string; live: unknown }> {
    if (item.action === 'create') return live ? [{ field: '(record)', live: 'exists now' }] : [];
    if (!live) return [{ field: '(record)', live: null }];
    return item.fields
      .filter((field) => !isSameFieldValue(live[field.field], field.current))
      .map((field) => ({ field: field.field, live: live[field.field] ?? null }));
  }

  /** The same proposal against what the target holds now; nothing when the record is gone. */
  private reevaluate(
    item: ReviewItemEntity,
    liveValues: Record<string, unknown>,
    isGone: boolean,
  ): ReviewProposal | undefined {
    if (isGone || item.action !== 'update') return undefined;
    const fields = item.fields
      .map((field) =>
        field.field in liveValues ? { ...field, current: liveValues[field.field] } : field,
      )
      .filter((field) => !isSameFieldValue(field.current, field.proposed));
    if (fields.length === 0) return undefined;
    const operation = structuredClone(item.operation) as unknown as Operation;
    operation.changes = operation.changes
      ?.filter((change) => fields.some((field) => field.field === change.field))
      .map((change) =>
        change.field in liveValues
          ? { ...change, current: liveValues[change.field] as FieldChange['current'] }
          : change,
      );
    return {
      connectorId: item.connectorId,
      operation,
      fields,
      sources: item.sources,
      source: item.source,
      rule: item.rule,
      reason: `${item.reason} (re-evaluated: the target changed after item ${item.id} was made)`,
    };
  }

  private async openItem(
    manager: Parameters<ReviewsRepository['lock']>[0],
    id: string,
  ): Promise<ReviewItemEntity> {
    const item = await this.reviews.lock(manager, id);
    if (!item) throw new ReviewNotFoundError(id);
    if (item.state !== 'open') throw new ReviewNotOpenError(id, item.state);
    return item;
  }
}
