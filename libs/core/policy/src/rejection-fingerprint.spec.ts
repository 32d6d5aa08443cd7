import fc from 'fast-check';
import { type RejectedProposal, rejectionFingerprint } from './rejection-fingerprint';

describe(rejectionFingerprint.name, () => {
  const sut = rejectionFingerprint;
  const proposal: RejectedProposal = {
    objectType: 'dcim.device',
    key: 'leaf-01',
    field: 'serial',
    proposed: 'SN-1',
    source: 'netbox',
  };

  it('is the same for the same proposal, and versioned', () => {
    expect(sut({ ...proposal })).toBe(sut(proposal));
    expect(sut(proposal)).toMatch(/^rj1:[0-9a-f]{64}$/);
  });

  it('does not depend on the key order of an object value', () => {
    expect(sut({ ...proposal, proposed: { a: 1, b: [1, 2] } })).toBe(
      sut({ ...proposal, proposed: { b: [1, 2], a: 1 } }),
    );
  });

  it.each<[string, Partial<RejectedProposal>]>([
    ['another value', { proposed: '2' }],
    ['another source', { source: 'cmdb' }],
    ['another field', { field: 'asset_tag' }],
    ['another record', { key: 'leaf-02' }],
    ['another type', { objectType: 'dcim.rack' }],
    ['a number instead of the same digits as text', { proposed: 1 }],
  ])('changes with %s', (_case, change) => {
    const base = { ...proposal, proposed: '1' };

    expect(sut({ ...base, ...change })).not.toBe(sut(base));
  });

  it('tells apart proposals whose parts would run together as text', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 2 }), fc.nat(), (joined, at) => {
        const cut = 1 + (at % (joined.length - 1));
        // The same characters split between key and field in two different places.
        const first = sut({ ...proposal, key: joined.slice(0, cut), field: joined.slice(cut) });
        const second = sut({
          ...proposal,
          key: joined.slice(0, cut - 1),
          field: joined.slice(cut - 1),
        });
        expect(first).not.toBe(second);
      }),
    );
  });
});
