import { type Plan } from '@plumbline/diff-engine';

/**
 * Writes a plan as JSON, one operation per line, in pieces: a plan of millions of operations
 * would not fit in one string. The text parses back with parsePlan.
 */
export function writePlan(plan: Plan, write: (text: string) => void): void {
  write(
    `{"format":${JSON.stringify(plan.format)},"mode":${JSON.stringify(plan.mode)},"operations":[`,
  );
  const pieces: string[] = [];
  plan.operations.forEach((operation, index) => {
    pieces.push(`${index === 0 ? '' : ','}\n${JSON.stringify(operation)}`);
    if (pieces.length === 1000) write(pieces.splice(0).join(''));
  });
  pieces.push(`\n],"summary":${JSON.stringify(plan.summary)}}\n`);
  write(pieces.join(''));
}
