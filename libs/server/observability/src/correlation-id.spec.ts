import { resolveCorrelationId } from './correlation-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe(resolveCorrelationId.name, () => {
  it.each([
    ['a caller id', 'jenkins-build-42:step.3', 'jenkins-build-42:step.3'],
    ['the first of repeated headers', ['first-id', 'second-id'], 'first-id'],
  ])('keeps %s', (_label, header, expected) => {
    expect(resolveCorrelationId(header)).toBe(expected);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a header with spaces or quotes', 'id "with" spaces'],
    ['a header with a line break', 'id\nforged log line'],
    ['an over-long header', 'x'.repeat(129)],
  ])('makes a new id for %s', (_label, header) => {
    expect(resolveCorrelationId(header)).toMatch(UUID);
  });
});
