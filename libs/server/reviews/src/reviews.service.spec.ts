import { type Operation } from '@plumbline/diff-engine';
import { reviewFingerprint } from './review-fingerprint';
import { approvedOperation, toReviewFilter } from './reviews.service';

const update: Operation = {
  id: 0,
  action: 'update',
  type: 'dcim.device',
  key: 'edge-1',
  level: 0,
  changes: [
    {
      field: 'description',
      base: 'a',
      current: 'b',
      proposed: 'c',
      side: 'source',
      isConflict: true,
    },
    { field: 'serial', base: 'S1', current: 'S1', proposed: 'S2', side: 'source' },
  ],
};

describe(approvedOperation.name, () => {
  it('writes edited values instead of proposed ones and resolves conflicts for the source', () => {
    const sut = approvedOperation(update, { description: 'edited' });
    expect(sut.changes).toEqual([
      {
        field: 'description',
        base: 'a',
        current: 'b',
        proposed: 'edited',
        side: 'source',
        isConflict: true,
        resolution: 'source',
      },
      { field: 'serial', base: 'S1', current: 'S1', proposed: 'S2', side: 'source' },
    ]);
    expect(update.changes?.[0]?.proposed).toBe('c');
  });

  it('edits the attributes of a create', () => {
    const create: Operation = {
      id: 1,
      action: 'create',
      type: 'dcim.site',
      key: 'dc1',
      level: 0,
      attrs: { name: 'dc1', description: 'x' },
    };
    expect(approvedOperation(create, { description: 'y' }).attrs).toEqual({
      name: 'dc1',
      description: 'y',
    });
  });
});

describe(toReviewFilter.name, () => {
  it('reads states and ages', () => {
    expect(
      toReviewFilter({ state: 'open,stale', olderThan: '2h', newerThan: '7d', field: 'serial' }),
    ).toEqual({
      states: ['open', 'stale'],
      olderThanSeconds: 7200,
      newerThanSeconds: 604800,
      field: 'serial',
    });
  });
});

describe(reviewFingerprint.name, () => {
  const base = {
    connectorId: 'c1',
    objectType: 'dcim.device',
    objectKey: 'edge-1',
    action: 'update',
    source: 'cmdb',
  };

  it('is the same for the same proposal in any field order, and differs for another value or source', () => {
    const sut = reviewFingerprint({
      ...base,
      fields: [
        { field: 'a', proposed: 1 },
        { field: 'b', proposed: 2 },
      ],
    });
    expect(
      reviewFingerprint({
        ...base,
        fields: [
          { field: 'b', proposed: 2 },
          { field: 'a', proposed: 1 },
        ],
      }),
    ).toBe(sut);
    expect(
      reviewFingerprint({
        ...base,
        fields: [
          { field: 'a', proposed: 1 },
          { field: 'b', proposed: 3 },
        ],
      }),
    ).not.toBe(sut);
    expect(
      reviewFingerprint({
        ...base,
        source: 'discovery',
        fields: [
          { field: 'a', proposed: 1 },
          { field: 'b', proposed: 2 },
        ],
      }),
    ).not.toBe(sut);
  });
});
