import { connectorRegistry } from '@plumbline/connector-http';
import { KEY_SEPARATOR } from '@plumbline/diff-engine';
import { EntityNormalizer } from './entity-normalizer';

const provenance = { source: 'n8n', observedAt: '2026-11-22T05:00:00.000Z' };

describe(EntityNormalizer.name, () => {
  const sut = new EntityNormalizer(connectorRegistry);

  it('splits fields into attributes and references by natural key', () => {
    const result = sut.normalize(
      'dcim.device',
      {
        name: 'leaf-01',
        serial: 'SN1',
        device_type: { manufacturer: 'Acme', model: 'X1' },
        location: { location: null, name: 'dc1' },
        role: 'leaf',
        status: 'active',
      },
      provenance,
    );
    expect(result).toEqual({
      isValid: true,
      record: expect.objectContaining({
        type: 'dcim.device',
        key: 'leaf-01',
        attrs: { name: 'leaf-01', serial: 'SN1' },
        refs: expect.objectContaining({
          device_type: `Acme${KEY_SEPARATOR}X1`,
          role: 'leaf',
          status: 'active',
        }),
        source: 'n8n',
      }),
    });
  });

  it('leaves out fields that were not sent and keeps an explicit null', () => {
    const result = sut.normalize('dcim.device', { name: 'leaf-02', serial: null }, provenance);
    expect(result.isValid && result.record.attrs).toEqual({ name: 'leaf-02', serial: null });
    expect(result.isValid && result.record.refs).toEqual({});
  });

  it('names each bad field and why', () => {
    const result = sut.normalize(
      'dcim.device',
      { serial: 'SN3', colour: 'red', device_type: { manufacturer: 'Acme' }, tags: 'core' },
      provenance,
    );
    expect(result.isValid).toBe(false);
    expect(!result.isValid && result.problems).toEqual(
      expect.arrayContaining([
        { field: 'colour', reason: 'is not a field of dcim.device' },
        { field: 'device_type.model', reason: 'is required to name a dcim.devicetype' },
        { field: 'tags', reason: expect.stringContaining('must be a list') },
        { field: 'name', reason: 'is required: it identifies the dcim.device' },
      ]),
    );
  });

  it('takes list references as lists of keys', () => {
    const result = sut.normalize(
      'dcim.device',
      { name: 'leaf-04', tags: ['core', 'edge'] },
      provenance,
    );
    expect(result.isValid && result.record.refs['tags']).toEqual(['core', 'edge']);
  });

  it('ignores the bookkeeping fields an export from NetBox carries', () => {
    const result = sut.normalize(
      'dcim.device',
      { id: 12, url: 'http://x/api/dcim/devices/12/', display: 'leaf-05', name: 'leaf-05' },
      provenance,
    );
    expect(result.isValid && result.record.attrs).toEqual({ name: 'leaf-05' });
  });
});
