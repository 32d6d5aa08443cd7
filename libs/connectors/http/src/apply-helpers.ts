import {
  type ApplyOptions,
  type ApplyResult,
  ApplyRunner,
  DiffEngine,
  type DiffOptions,
  type Plan,
  type PlanWriter,
  type RecordSet,
} from '@plumbline/diff-engine';
import { connectorRegistry } from './connector-types';
import { type MappedAdapter } from './mapped-adapter';

export interface SyncOutcome {
  plan: Plan;
  result: ApplyResult;
}

/**
 * Diffs `desired` against what the adapter's peer holds now (limited to `scope` when given) and
 * applies the plan through the adapter: the path a sync run takes.
 */
export async function syncTo(
  adapter: MappedAdapter,
  desired: RecordSet,
  options: DiffOptions = {},
  writer: PlanWriter = adapter,
  runnerOptions: ApplyOptions = {},
): Promise<SyncOutcome> {
  const types = options.scope?.types ?? adapter.supportedTypes();
  const current = await adapter.loadAll(types);
  const plan = new DiffEngine(connectorRegistry).diff(desired, current, options);
  const result = await new ApplyRunner(connectorRegistry, writer, runnerOptions).apply(plan);
  return { plan, result };
}

/** The plan that would still be needed for the peer to match `desired`: empty after a good sync. */
export async function remainingPlan(
  adapter: MappedAdapter,
  desired: RecordSet,
  options: DiffOptions = {},
): Promise<Plan> {
  const types = options.scope?.types ?? adapter.supportedTypes();
  const current = await adapter.loadAll(types);
  return new DiffEngine(connectorRegistry).diff(desired, current, options);
}

/** Failed operations of an apply, with their reasons, for assertion messages. */
export function failuresOf(outcome: SyncOutcome): string[] {
  return outcome.result.results
    .filter(
      (result) =>
        result.status === 'failed' || result.status === 'skipped' || result.status === 'stale',
    )
    .map((result) => {
      const operation = outcome.plan.operations.find((candidate) => candidate.id === result.id);
      return `${operation?.action ?? '?'} ${operation?.type ?? '?'} ${JSON.stringify(operation?.key)}: ${result.status} ${result.reason ?? ''}`;
    });
}
