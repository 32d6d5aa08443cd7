import { canonicalJson, isSameJson } from './canonical-json';

describe(canonicalJson.name, () => {
  it('writes keys in one order at every level and keeps list order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,1]},"b":1}',
    );
  });
});

describe(isSameJson.name, () => {
  it.each<[unknown, unknown, boolean]>([
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, true],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [[1, 2], [2, 1], false],
    ['1', 1, false],
  ])('%j vs %j → %s', (left, right, isSame) => {
    expect(isSameJson(left, right)).toBe(isSame);
  });
});
