import { type ObjectTypeDefinition } from './field-rule';
import { NETBOX_NAUTOBOT_TYPES } from './netbox-nautobot-types';
import { ObjectTypeRegistry } from './object-type-registry';

const named = (name: string, extra: Partial<ObjectTypeDefinition> = {}): ObjectTypeDefinition => ({
  name,
  naturalKey: ['name'],
  attributes: [{ name: 'name' }],
  references: [],
  ...extra,
});

describe(ObjectTypeRegistry.name, () => {
  const sut = new ObjectTypeRegistry(NETBOX_NAUTOBOT_TYPES);

  it.each([
    'tenancy.tenantgroup',
    'tenancy.tenant',
    'extras.tag',
    'extras.role',
    'extras.status',
    'dcim.region',
    'dcim.site',
    'dcim.locationtype',
    'dcim.location',
    'dcim.rack',
    'dcim.manufacturer',
    'dcim.devicetype',
    'dcim.platform',
    'dcim.device',
    'dcim.interface',
    'ipam.vrf',
    'ipam.prefix',
    'ipam.ipaddress',
    'ipam.vlangroup',
    'ipam.vlan',
    'circuits.circuittype',
    'circuits.provider',
    'circuits.circuit',
  ])('knows %s', (name) => {
    expect(sut.has(name)).toBe(true);
    expect(sut.find(name)?.name).toBe(name);
  });

  it('finds nothing for an unknown type, where get throws', () => {
    expect(sut.find('dcim.nothing')).toBeUndefined();
    expect(() => sut.get('dcim.nothing')).toThrow('Unknown object type dcim.nothing');
  });

  it('ranks parents before the types that reference them', () => {
    const rank = (name: string) => sut.get(name).rank;

    expect(rank('dcim.manufacturer')).toBeLessThan(rank('dcim.devicetype'));
    expect(rank('dcim.devicetype')).toBeLessThan(rank('dcim.device'));
    expect(rank('dcim.device')).toBeLessThan(rank('dcim.interface'));
    expect(rank('dcim.interface')).toBeLessThan(rank('ipam.ipaddress'));
    expect(
      sut
        .list()
        .map((type) => type.name)
        .indexOf('dcim.device'),
    ).toBeLessThan(
      sut
        .list()
        .map((type) => type.name)
        .indexOf('ipam.ipaddress'),
    );
  });

  it('holds the device and primary IP cycle through a deferrable reference', () => {
    expect(sut.get('dcim.device').referenceByName.get('primary_ip4')).toEqual({
      name: 'primary_ip4',
      to: 'ipam.ipaddress',
      isDeferrable: true,
    });
    expect(sut.get('ipam.ipaddress').referenceByName.get('assigned_object')?.to).toBe(
      'dcim.interface',
    );
  });

  it('lists self references for record-by-record ordering', () => {
    expect(sut.get('dcim.location').selfReferences.map((field) => field.name)).toEqual(['parent']);
  });

  it.each([
    ['a type defined twice', [named('a'), named('a')], 'defined twice'],
    [
      'a reference to an unknown type',
      [named('a', { references: [{ name: 'b', to: 'b' }] })],
      'unknown type b',
    ],
    [
      'a natural key field that does not exist',
      [named('a', { naturalKey: ['nope'] })],
      'neither attribute',
    ],
    ['an empty natural key', [named('a', { naturalKey: [] })], 'no natural key'],
    [
      'a cycle without a deferrable reference',
      [
        named('a', { references: [{ name: 'b', to: 'b' }] }),
        named('b', { references: [{ name: 'a', to: 'a' }] }),
      ],
      'Reference cycle',
    ],
  ])('rejects %s', (_name, definitions, message) => {
    expect(() => new ObjectTypeRegistry(definitions)).toThrow(message);
  });

  it('accepts a cycle broken by a deferrable reference', () => {
    const definitions = [
      named('a', { references: [{ name: 'b', to: 'b', isDeferrable: true }] }),
      named('b', { references: [{ name: 'a', to: 'a' }] }),
    ];

    expect(new ObjectTypeRegistry(definitions).get('b').rank).toBe(1);
  });

  it('throws for an unknown type', () => {
    expect(() => sut.get('dcim.nothing')).toThrow('Unknown object type dcim.nothing');
  });
});
