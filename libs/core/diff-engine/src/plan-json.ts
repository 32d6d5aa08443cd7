import { type Operation, type Plan, PLAN_FORMAT } from './plan';

export class PlanFormatError extends Error {
  override name = 'PlanFormatError';
}

/**
 * A plan as JSON text. Plans hold only JSON values and never undefined, so the text carries
 * everything: parsePlan(serialisePlan(plan)) equals plan. Compound natural keys keep their
 * U+001F separator.
 */
export function serialisePlan(plan: Plan, indent?: number): string {
  return JSON.stringify(plan, undefined, indent);
}

export function parsePlan(text: string): Plan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PlanFormatError(`Plan is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(value) || value.format !== PLAN_FORMAT) {
    throw new PlanFormatError(`Plan must be an object with format "${PLAN_FORMAT}"`);
  }
  if (value.mode !== 'two-way' && value.mode !== 'three-way') {
    throw new PlanFormatError('mode must be "two-way" or "three-way"');
  }
  if (!Array.isArray(value.operations)) {
    throw new PlanFormatError('operations must be an array');
  }
  value.operations.forEach((operation: unknown, index: number) =>
    checkOperation(operation, `operations[${index}]`),
  );
  if (
    !isObject(value.summary) ||
    !isObject(value.summary.total) ||
    !isObject(value.summary.byType)
  ) {
    throw new PlanFormatError('summary must hold byType and total counts');
  }
  return value as unknown as Plan;
}

function checkOperation(value: unknown, path: string): asserts value is Operation {
  if (!isObject(value)) {
    throw new PlanFormatError(`${path} must be an object`);
  }
  if (!['create', 'update', 'delete'].includes(value.action as string)) {
    throw new PlanFormatError(`${path}.action must be create, update or delete`);
  }
  for (const field of ['type', 'key'] as const) {
    if (typeof value[field] !== 'string')
      throw new PlanFormatError(`${path}.${field} must be a string`);
  }
  for (const field of ['id', 'level'] as const) {
    if (!Number.isInteger(value[field]))
      throw new PlanFormatError(`${path}.${field} must be an integer`);
  }
  if (value.changes !== undefined && !Array.isArray(value.changes)) {
    throw new PlanFormatError(`${path}.changes must be an array`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
