import fc from 'fast-check';
import { concatenateValues, unionValues } from './merge-values';

describe(concatenateValues.name, () => {
  const sut = concatenateValues;

  it.each<[string, unknown, unknown, unknown]>([
    ['joins both texts, target first', 'rack A', 'row 3', 'rack A | row 3'],
    [
      'keeps the target when it already holds the source text',
      'rack A, row 3',
      'row 3',
      'rack A, row 3',
    ],
    ['takes the source when it extends the target', 'rack A', 'rack A, row 3', 'rack A, row 3'],
    ['fills an empty target', null, 'row 3', 'row 3'],
    ['keeps the target when the source is empty', 'rack A', '', 'rack A'],
  ])('%s', (_case, current, proposed, value) => {
    expect(sut(current, proposed, ' | ')).toEqual({ ok: true, value });
  });

  it('refuses values that are not text', () => {
    expect(sut(10, 20, ' ')).toEqual({ ok: false, reason: 'concatenate needs text on both sides' });
  });
});

describe(unionValues.name, () => {
  const sut = unionValues;

  it.each<[string, unknown, unknown, unknown, unknown]>([
    ['plain union without a base', null, ['b'], ['a'], ['a', 'b']],
    ['additions of both sides', ['a'], ['a', 'b'], ['a', 'c'], ['a', 'b', 'c']],
    ['a removal by the target', ['a', 'b'], ['b'], ['a', 'b', 'c'], ['b', 'c']],
    ['a removal by the source', ['a', 'b'], ['a', 'b', 'c'], ['a'], ['a', 'c']],
    ['duplicates once', [], ['a', 'a'], ['a'], ['a']],
    ['objects compared by value', [], [{ x: 1, y: 2 }], [{ y: 2, x: 1 }], [{ x: 1, y: 2 }]],
  ])('%s', (_case, base, current, proposed, value) => {
    expect(sut(base, current, proposed)).toEqual({ ok: true, value });
  });

  it('refuses values that are not lists', () => {
    expect(sut(null, 'a', ['b']).ok).toBe(false);
  });

  it('does not depend on which side is which, nor on the order inside the lists', () => {
    const list = fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 5 })), {
      maxLength: 6,
    });
    fc.assert(
      fc.property(list, list, list, (base, current, proposed) => {
        const reference = sut(base, current, proposed);
        expect(sut(base, proposed, current)).toEqual(reference);
        expect(sut([...base].reverse(), [...proposed].reverse(), [...current].reverse())).toEqual(
          reference,
        );
      }),
    );
  });

  it('keeps every item both sides have, and every item either side added', () => {
    const list = fc.uniqueArray(fc.string({ maxLength: 2 }), { maxLength: 6 });
    fc.assert(
      fc.property(list, list, list, (base, current, proposed) => {
        const result = sut(base, current, proposed);
        if (!result.ok) throw new Error(result.reason);
        const merged = result.value as string[];
        for (const item of current.filter((entry) => proposed.includes(entry)))
          expect(merged).toContain(item);
        for (const item of [...current, ...proposed].filter((entry) => !base.includes(entry))) {
          expect(merged).toContain(item);
        }
      }),
    );
  });
});
