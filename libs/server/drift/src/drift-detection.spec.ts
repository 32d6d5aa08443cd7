import { connectorRegistry } from '@plumbline/connector-http';
import { type CanonicalRecord } from '@plumbline/diff-engine';
import { correctionOf, detectDrift, type IntendedRecord } from './drift-detection';

const device = connectorRegistry.get('dcim.device');

function record(
  attrs: CanonicalRecord['attrs'],
  refs: CanonicalRecord['refs'] = {},
): CanonicalRecord {
  return {
    type: 'dcim.device',
    key: attrs['name'] as string,
    attrs,
    refs,
    ids: { netbox: 7 },
    source: 'netbox',
    observedAt: '2026-11-22T05:00:00.000Z',
  };
}

const intended: IntendedRecord = {
  key: 'edge-1',
  attrs: { name: 'edge-1', serial: 'SN-1' },
  refs: { location: 'dc1' },
};

describe(detectDrift.name, () => {
  it('finds nothing when the instance holds the intended values, whatever else it holds', () => {
    const live = record(
      { name: 'edge-1', serial: 'SN-1', comments: 'hand-written' },
      { location: 'dc1', rack: 'r1' },
    );
    expect(detectDrift(device, intended, live, live)).toBeUndefined();
  });

  it('finds a field the instance changed away from the intended value and the baseline', () => {
    const base = record({ name: 'edge-1', serial: 'SN-1' }, { location: 'dc1' });
    const live = record({ name: 'edge-1', serial: 'SN-9' }, { location: 'dc1' });
    expect(detectDrift(device, intended, live, base)).toEqual({
      isDeleted: false,
      fields: [
        { field: 'serial', isReference: false, intended: 'SN-1', live: 'SN-9', base: 'SN-1' },
      ],
    });
  });

  it('finds a moved reference, and a field cleared on the instance', () => {
    const base = record({ name: 'edge-1', serial: 'SN-1' }, { location: 'dc1' });
    const live = record({ name: 'edge-1', serial: null }, { location: 'dc2' });
    expect(detectDrift(device, intended, live, base)?.fields).toEqual([
      { field: 'serial', isReference: false, intended: 'SN-1', live: null, base: 'SN-1' },
      { field: 'location', isReference: true, intended: 'dc1', live: 'dc2', base: 'dc1' },
    ]);
  });

  it('leaves a field the instance still holds at the baseline: the intended value was never written', () => {
    // e.g. a proposal waiting in review or dropped by policy: the instance did not move.
    const base = record({ name: 'edge-1', serial: 'SN-0' }, { location: 'dc1' });
    expect(detectDrift(device, intended, base, base)).toBeUndefined();
  });

  it('counts any difference without a baseline', () => {
    const live = record({ name: 'edge-1', serial: 'SN-0' }, { location: 'dc1' });
    expect(
      detectDrift(device, intended, live, undefined)?.fields.map((field) => field.field),
    ).toEqual(['serial']);
  });

  it('compares under the field rule, so surrounding spaces alone are no drift', () => {
    // serial is a trimmed text field: NetBox may hand back what a form padded.
    const base = record({ name: 'edge-1', serial: 'SN-1' }, { location: 'dc1' });
    const live = record({ name: 'edge-1', serial: ' SN-1 ' }, { location: 'dc1' });
    expect(detectDrift(device, intended, live, base)).toBeUndefined();
  });

  it('treats a deleted object as drift of every intended field', () => {
    const base = record({ name: 'edge-1', serial: 'SN-1' }, { location: 'dc1' });
    expect(detectDrift(device, intended, undefined, base)).toEqual({
      isDeleted: true,
      fields: [
        { field: 'name', isReference: false, intended: 'edge-1', live: null, base: 'edge-1' },
        { field: 'serial', isReference: false, intended: 'SN-1', live: null, base: 'SN-1' },
        { field: 'location', isReference: true, intended: 'dc1', live: null, base: 'dc1' },
      ],
    });
  });

  it('ignores fields the type does not have', () => {
    const live = record({ name: 'edge-1', serial: 'SN-1' }, { location: 'dc1' });
    const sut = detectDrift(
      device,
      { ...intended, attrs: { ...intended.attrs, colour: 'red' } },
      live,
      live,
    );
    expect(sut).toBeUndefined();
  });
});

describe(correctionOf.name, () => {
  it('updates only the drifted fields back to the intended values', () => {
    const base = record({ name: 'edge-1', serial: 'SN-1' }, { location: 'dc1' });
    const live = record({ name: 'edge-1', serial: 'SN-9' }, { location: 'dc1' });
    const finding = detectDrift(device, intended, live, base)!;
    expect(correctionOf(device, intended, live, base, finding)).toEqual({
      id: 0,
      action: 'update',
      type: 'dcim.device',
      key: 'edge-1',
      level: 0,
      ids: { netbox: 7 },
      changes: [
        { field: 'serial', base: 'SN-1', current: 'SN-9', proposed: 'SN-1', side: 'source' },
      ],
    });
  });

  it('renames an object back when its natural key drifted', () => {
    const live = record({ name: 'edge-renamed', serial: 'SN-1' }, { location: 'dc1' });
    const finding = detectDrift(device, intended, live, undefined)!;
    expect(correctionOf(device, intended, live, undefined, finding)).toMatchObject({
      action: 'update',
      key: 'edge-renamed',
      newKey: 'edge-1',
      changes: [{ field: 'name', current: 'edge-renamed', proposed: 'edge-1' }],
    });
  });

  it('re-creates a deleted object from the baseline overlaid with the intended fields, without deferrable references', () => {
    const base = record(
      { name: 'edge-1', serial: 'SN-0', asset_tag: 'A-1' },
      { location: 'dc1', device_type: 'acme\u001fx1', primary_ip4: '10.0.0.1/24' },
    );
    const finding = detectDrift(device, intended, undefined, base)!;
    expect(correctionOf(device, intended, undefined, base, finding)).toEqual({
      id: 0,
      action: 'create',
      type: 'dcim.device',
      key: 'edge-1',
      level: 0,
      attrs: { name: 'edge-1', serial: 'SN-1', asset_tag: 'A-1' },
      refs: { location: 'dc1', device_type: 'acme\u001fx1' },
    });
  });
});
