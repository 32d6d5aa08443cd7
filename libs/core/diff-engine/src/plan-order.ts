import { type ObjectType, type ObjectTypeRegistry } from '@plumbline/object-types';
import {
  emptyTypeSummary,
  type FieldChange,
  type Operation,
  type SummaryCount,
  type TypeSummary,
} from './plan';
import { type CanonicalRecord, referenceKeys, type ReferenceValue } from './record';

/** An operation before ordering; deletes carry the target record (its references). */
export type DraftOperation = Omit<Operation, 'id' | 'level' | 'dependsOn'> & {
  record?: CanonicalRecord;
};

const ACTION_ORDER = { create: 0, update: 1, delete: 2 } as const;

/** Identity of a record across types. */
const identity = (type: string, key: string) => `${type}\u001e${key}`;

/**
 * Orders operations: creates and updates parents first (type rank, then depth within
 * self-referencing types), then patches of deferred references, then deletes children first.
 * Assigns ids, levels and dependencies.
 */
export function orderOperations(
  drafts: readonly DraftOperation[],
  registry: ObjectTypeRegistry,
): Operation[] {
  const writes = drafts.filter((draft) => draft.action !== 'delete');
  const created = new Map<string, DraftOperation>();
  for (const draft of writes) {
    if (draft.action === 'create') created.set(identity(draft.type, draft.key), draft);
    if (draft.newKey !== undefined) created.set(identity(draft.type, draft.newKey), draft);
  }
  const patches = deferReferences(writes, registry, created);
  const writeRank = new Map<DraftOperation, [number, number]>();
  const depthOf = selfDepths(writes, registry, created, patches);
  for (const draft of writes) {
    writeRank.set(draft, [registry.get(draft.type).rank, depthOf(draft)]);
  }
  const deletes = drafts.filter((draft) => draft.action === 'delete');
  const deleteDepth = deleteDepths(deletes, registry, patches);
  for (const draft of deletes) {
    const rank = registry.get(draft.type).rank;
    writeRank.set(draft, [-rank, -(deleteDepth.get(draft) ?? 0)]);
  }
  const patchOps = [...patches.values()];
  const phaseOf = (draft: DraftOperation) =>
    draft.action === 'delete' ? 2 : draft.isPatch ? 1 : 0;
  const all = [...writes.filter((draft) => !isEmptied(draft)), ...patchOps, ...deletes];
  const sortKey = (draft: DraftOperation) => {
    const [rank, depth] = writeRank.get(draft) ?? [0, 0];
    return [phaseOf(draft), rank, depth] as const;
  };
  const keyed = all.map((draft) => ({ draft, key: sortKey(draft) }));
  keyed.sort(
    (left, right) =>
      left.key[0] - right.key[0] ||
      left.key[1] - right.key[1] ||
      left.key[2] - right.key[2] ||
      compareText(left.draft.type, right.draft.type) ||
      ACTION_ORDER[left.draft.action] - ACTION_ORDER[right.draft.action],
  );
  let level = -1;
  let previous: readonly number[] | undefined;
  const operations: Operation[] = keyed.map(({ draft, key }, id) => {
    if (!previous || previous.some((part, index) => part !== key[index])) {
      level += 1;
      previous = key;
    }
    const operation: Operation & { record?: CanonicalRecord } = { id, ...draft, level };
    delete operation.record;
    return operation;
  });
  linkDependencies(
    operations,
    keyed.map(({ draft }) => draft),
    registry,
  );
  return operations;
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** An update whose only changes were moved to a patch. */
function isEmptied(draft: DraftOperation): boolean {
  return draft.action === 'update' && draft.newKey === undefined && draft.changes?.length === 0;
}

/**
 * Moves deferrable references to records created in this plan out of creates and updates into
 * patch operations that run after every create.
 */
function deferReferences(
  writes: readonly DraftOperation[],
  registry: ObjectTypeRegistry,
  created: ReadonlyMap<string, DraftOperation>,
): Map<DraftOperation, DraftOperation> {
  const patches = new Map<DraftOperation, DraftOperation>();
  for (const draft of writes) {
    const type = registry.get(draft.type);
    for (const field of type.references) {
      if (!field.isDeferrable) continue;
      const value = draft.action === 'create' ? draft.refs?.[field.name] : undefined;
      const change = draft.changes?.find((item) => item.field === field.name);
      const proposed = value ?? (change?.proposed as ReferenceValue | undefined);
      const isToCreated = referenceKeys(proposed).some((key) =>
        created.has(identity(field.to, key)),
      );
      if (!isToCreated || proposed === undefined) continue;
      deferField(draft, field.name, proposed, change, patches);
    }
  }
  return patches;
}

function deferField(
  draft: DraftOperation,
  field: string,
  proposed: ReferenceValue,
  change: FieldChange | undefined,
  patches: Map<DraftOperation, DraftOperation>,
): void {
  if (draft.action === 'create' && draft.refs) {
    delete draft.refs[field];
  }
  if (change && draft.changes) {
    draft.changes = draft.changes.filter((item) => item !== change);
  }
  let patch = patches.get(draft);
  if (!patch) {
    patch = {
      action: 'update',
      type: draft.type,
      key: draft.newKey ?? draft.key,
      changes: [],
      isPatch: true,
      ...(draft.ids ? { ids: draft.ids } : {}),
    };
    patches.set(draft, patch);
  }
  patch.changes?.push(
    change ?? { field, isReference: true, current: null, proposed, side: 'source' },
  );
}

/**
 * Depth of a write within its own type: a location whose parent is created in this plan comes
 * after it. A cycle among records is broken by deferring the reference that closes it.
 */
function selfDepths(
  writes: readonly DraftOperation[],
  registry: ObjectTypeRegistry,
  created: ReadonlyMap<string, DraftOperation>,
  patches: Map<DraftOperation, DraftOperation>,
): (draft: DraftOperation) => number {
  const depths = new Map<DraftOperation, number>();
  const visiting = new Set<DraftOperation>();
  const depthOf = (draft: DraftOperation): number => {
    const known = depths.get(draft);
    if (known !== undefined) return known;
    const type = registry.get(draft.type);
    if (type.selfReferences.length === 0) return 0;
    visiting.add(draft);
    let depth = 0;
    for (const field of type.selfReferences) {
      const change = draft.changes?.find((item) => item.field === field.name);
      const value = draft.refs?.[field.name] ?? (change?.proposed as ReferenceValue | undefined);
      for (const key of referenceKeys(value)) {
        const parent = created.get(identity(type.name, key));
        if (!parent) continue;
        if (visiting.has(parent)) {
          if (value !== undefined) deferField(draft, field.name, value, change, patches);
          continue;
        }
        depth = Math.max(depth, depthOf(parent) + 1);
      }
    }
    visiting.delete(draft);
    depths.set(draft, depth);
    return depth;
  };
  return depthOf;
}

/**
 * For deletes within self-referencing types: children (deeper) first. Records that reference
 * each other (or themselves) are unlinked by a patch before the deletes.
 */
function deleteDepths(
  deletes: readonly DraftOperation[],
  registry: ObjectTypeRegistry,
  patches: Map<DraftOperation, DraftOperation>,
): Map<DraftOperation, number> {
  const byIdentity = new Map(deletes.map((draft) => [identity(draft.type, draft.key), draft]));
  const depths = new Map<DraftOperation, number>();
  const visiting = new Set<DraftOperation>();
  const depthOf = (draft: DraftOperation): number => {
    const known = depths.get(draft);
    if (known !== undefined) return known;
    const type: ObjectType = registry.get(draft.type);
    let depth = 0;
    visiting.add(draft);
    for (const field of type.selfReferences) {
      for (const key of referenceKeys(draft.record?.refs[field.name])) {
        const parent = byIdentity.get(identity(type.name, key));
        if (!parent) continue;
        if (visiting.has(parent)) {
          unlink(draft, field.name, patches);
        } else {
          depth = Math.max(depth, depthOf(parent) + 1);
        }
      }
    }
    visiting.delete(draft);
    depths.set(draft, depth);
    return depth;
  };
  for (const draft of deletes) depthOf(draft);
  return depths;
}

/** Clears a reference of a record about to be deleted, so the records it points at can go. */
function unlink(
  draft: DraftOperation,
  field: string,
  patches: Map<DraftOperation, DraftOperation>,
): void {
  const record = draft.record;
  if (!record) return;
  draft.record = { ...record, refs: { ...record.refs, [field]: null } };
  let patch = patches.get(draft);
  if (!patch) {
    patch = {
      action: 'update',
      type: draft.type,
      key: draft.key,
      changes: [],
      isPatch: true,
      ...(draft.ids ? { ids: draft.ids } : {}),
    };
    patches.set(draft, patch);
  }
  const current = record.refs[field] ?? null;
  patch.changes?.push({ field, isReference: true, current, proposed: null, side: 'source' });
}

/**
 * Writes depend on the operations that create or rename what they reference (and a patch on
 * the operation that created its record); a delete of a record waits for the deletes of the
 * records that reference it.
 */
function linkDependencies(
  operations: Operation[],
  drafts: readonly DraftOperation[],
  registry: ObjectTypeRegistry,
): void {
  const writerOf = new Map<string, Operation>();
  const deleterOf = new Map<string, Operation>();
  const patchOf = new Map<string, Operation>();
  for (const operation of operations) {
    if (operation.isPatch) patchOf.set(identity(operation.type, operation.key), operation);
    if (operation.action === 'delete') {
      deleterOf.set(identity(operation.type, operation.key), operation);
    } else if (!operation.isPatch) {
      if (operation.action === 'create')
        writerOf.set(identity(operation.type, operation.key), operation);
      if (operation.newKey !== undefined) {
        writerOf.set(identity(operation.type, operation.newKey), operation);
      }
    }
  }
  const addDependency = (operation: Operation, dependency: Operation | undefined) => {
    if (!dependency || dependency === operation) return;
    operation.dependsOn ??= [];
    if (!operation.dependsOn.includes(dependency.id)) operation.dependsOn.push(dependency.id);
  };
  operations.forEach((operation, index) => {
    const type = registry.get(operation.type);
    if (operation.action === 'delete') {
      addDependency(operation, patchOf.get(identity(operation.type, operation.key)));
      const record = drafts[index]?.record;
      for (const field of type.references) {
        for (const key of referenceKeys(record?.refs[field.name])) {
          const parentDelete = deleterOf.get(identity(field.to, key));
          if (parentDelete) addDependency(parentDelete, operation);
        }
      }
      return;
    }
    if (operation.isPatch) {
      addDependency(operation, writerOf.get(identity(operation.type, operation.key)));
    }
    for (const field of type.references) {
      const change = operation.changes?.find((item) => item.field === field.name);
      const value =
        operation.refs?.[field.name] ?? (change?.proposed as ReferenceValue | undefined);
      for (const key of referenceKeys(value)) {
        addDependency(operation, writerOf.get(identity(field.to, key)));
      }
    }
  });
}

export function countSummary(byType: Readonly<Record<string, TypeSummary>>): TypeSummary {
  const total = emptyTypeSummary();
  for (const counts of Object.values(byType)) {
    for (const name of Object.keys(total) as SummaryCount[]) {
      total[name] += counts[name];
    }
  }
  return total;
}
