import { DiffEngine } from './diff-engine';
import { parsePlan, PlanFormatError, serialisePlan } from './plan-json';
import { device, registry, setOf } from './test-records';

describe(parsePlan.name, () => {
  const sut = parsePlan;
  const plan = new DiffEngine(registry).diff(
    setOf(device('a', { serial: 'S' })),
    setOf(device('a')),
    {
      base: setOf(device('a', { serial: 'B' })),
    },
  );

  it('reads back what serialisePlan wrote', () => {
    expect(sut(serialisePlan(plan, 2))).toStrictEqual(plan);
  });

  it.each([
    ['not JSON', '{', 'Plan is not JSON'],
    ['another format', '{"format":"x"}', 'format "plumbline.plan/v1"'],
    ['a bad mode', '{"format":"plumbline.plan/v1","mode":"one-way"}', 'mode must be'],
    [
      'no operations',
      '{"format":"plumbline.plan/v1","mode":"two-way"}',
      'operations must be an array',
    ],
    [
      'a bad action',
      '{"format":"plumbline.plan/v1","mode":"two-way","operations":[{"action":"move"}]}',
      'operations[0].action',
    ],
    [
      'a missing key',
      '{"format":"plumbline.plan/v1","mode":"two-way","operations":[{"action":"create","type":"t"}]}',
      'operations[0].key must be a string',
    ],
    [
      'no summary',
      '{"format":"plumbline.plan/v1","mode":"two-way","operations":[]}',
      'summary must hold',
    ],
  ])('rejects %s', (_name, text, message) => {
    expect(() => sut(text)).toThrow(PlanFormatError);
    expect(() => sut(text)).toThrow(message);
  });
});
