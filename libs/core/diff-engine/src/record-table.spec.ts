import fc from 'fast-check';
import { RecordTable } from './record-table';
import { device } from './test-records';

describe(RecordTable.name, () => {
  it('keeps insertion order; a key deleted and added again goes to the end, as in a Map', () => {
    const sut = new RecordTable();
    for (const name of ['a', 'b', 'c']) sut.set(name, device(name));

    sut.delete('a');
    sut.set('a', device('a', { serial: 'S' }));

    expect([...sut.values()].map((record) => record.key)).toEqual(['b', 'c', 'a']);
    expect(sut.get('a')?.attrs.serial).toBe('S');
    expect(sut.size).toBe(3);
  });

  it('answers like a Map for any sequence of sets and deletes', () => {
    const operations = fc.array(fc.tuple(fc.boolean(), fc.string({ maxLength: 3 })), {
      maxLength: 400,
    });
    fc.assert(
      fc.property(operations, (steps) => {
        const sut = new RecordTable();
        const expected = new Map<string, string>();
        steps.forEach(([isDelete, key], step) => {
          if (isDelete) {
            expect(sut.delete(key)).toBe(expected.delete(key));
          } else {
            const record = device(key, { serial: String(step) });
            expect(sut.set(key, record)).toBe(!expected.has(key));
            expected.set(key, String(step));
          }
        });
        expect(sut.size).toBe(expected.size);
        expect([...sut.values()].map((record) => record.attrs.serial)).toEqual([
          ...expected.values(),
        ]);
        for (const key of expected.keys()) expect(sut.has(key)).toBe(true);
      }),
    );
  });
});
