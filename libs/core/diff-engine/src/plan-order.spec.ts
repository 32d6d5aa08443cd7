import { DiffEngine } from './diff-engine';
import { type Operation } from './plan';
import { orderOperations } from './plan-order';
import { device, iface, record, registry, setOf } from './test-records';

const engine = new DiffEngine(registry);
const steps = (operations: readonly Operation[]) =>
  operations.map(
    (op) => `${op.level} ${op.action}${op.isPatch ? '-patch' : ''} ${op.type} ${op.key}`,
  );

describe(orderOperations.name, () => {
  const sut = (...args: Parameters<typeof engine.diff>) => engine.diff(...args).operations;

  it('creates parents first and deletes children first', () => {
    const source = setOf(
      iface('sw1', 'eth0'),
      device('sw1'),
      record('dcim.manufacturer', { name: 'acme' }),
    );
    const target = setOf(
      iface('old', 'eth0'),
      device('old'),
      record('dcim.manufacturer', { name: 'gone' }),
    );

    expect(steps(sut(source, target))).toEqual([
      '0 create dcim.manufacturer acme',
      '1 create dcim.device sw1',
      '2 create dcim.interface sw1\u001feth0',
      '3 delete dcim.interface old\u001feth0',
      '4 delete dcim.device old',
      '5 delete dcim.manufacturer gone',
    ]);
  });

  it('orders records of a self-referencing type by depth, both ways', () => {
    const location = (name: string, parent: string | null) =>
      record('dcim.location', { name }, { parent });
    const source = setOf(
      location('room', 'floor'),
      location('floor', 'building'),
      location('building', null),
    );
    const target = setOf(
      location('old-building', null),
      location('old-room', 'old-floor'),
      location('old-floor', 'old-building'),
    );

    expect(steps(sut(source, target))).toEqual([
      '0 create dcim.location building',
      '1 create dcim.location floor',
      '2 create dcim.location room',
      '3 delete dcim.location old-room',
      '4 delete dcim.location old-floor',
      '5 delete dcim.location old-building',
    ]);
  });

  it('breaks the device / primary IP cycle with a create and a later patch', () => {
    const source = setOf(
      device('sw1', {}, { primary_ip4: ['', '10.0.0.1/24'] }),
      iface('sw1', 'mgmt'),
      record('ipam.ipaddress', { address: '10.0.0.1/24' }, { assigned_object: ['sw1', 'mgmt'] }),
    );

    const operations = sut(source, setOf());

    expect(steps(operations)).toEqual([
      '0 create dcim.device sw1',
      '1 create dcim.interface sw1\u001fmgmt',
      '2 create ipam.ipaddress \u001f10.0.0.1/24',
      '3 update-patch dcim.device sw1',
    ]);
    expect(operations[0]?.refs).toEqual({});
    expect(operations[3]).toMatchObject({
      changes: [{ field: 'primary_ip4', current: null, proposed: '\u001f10.0.0.1/24' }],
      dependsOn: [0, 2],
    });
    expect(operations[2]?.dependsOn).toEqual([1]);
  });

  it('defers a primary IP change on an existing device until the address exists', () => {
    const source = setOf(
      device('sw1', {}, { primary_ip4: ['', '10.0.0.2/24'] }),
      record('ipam.ipaddress', { address: '10.0.0.2/24' }),
    );
    const target = setOf(device('sw1', {}, { primary_ip4: null }));

    expect(steps(sut(source, target))).toEqual([
      '0 create ipam.ipaddress \u001f10.0.0.2/24',
      '1 update-patch dcim.device sw1',
    ]);
  });

  it('keeps a reference to an existing record inline', () => {
    const source = setOf(device('sw1', {}, { primary_ip4: ['', '10.0.0.3/24'] }));

    expect(sut(source, setOf())[0]?.refs).toEqual({ primary_ip4: '\u001f10.0.0.3/24' });
  });

  it('makes a parent delete wait for the deletes of its children', () => {
    const operations = sut(
      setOf(),
      setOf(device('sw1'), iface('sw1', 'eth0'), iface('sw1', 'eth1')),
    );

    expect(operations.find((op) => op.type === 'dcim.device')?.dependsOn).toEqual([0, 1]);
  });

  it('breaks a cycle among records of one type by patching', () => {
    const source = setOf(
      record('dcim.location', { name: 'a' }, { parent: 'b' }),
      record('dcim.location', { name: 'b' }, { parent: 'a' }),
    );

    expect(steps(sut(source, setOf()))).toEqual([
      '0 create dcim.location b',
      '1 create dcim.location a',
      '2 update-patch dcim.location b',
    ]);
  });

  it('unlinks records that reference each other before deleting them', () => {
    const target = setOf(
      record('dcim.location', { name: 'a' }, { parent: 'b' }),
      record('dcim.location', { name: 'b' }, { parent: 'a' }),
    );

    expect(steps(sut(setOf(), target))).toEqual([
      '0 update-patch dcim.location b',
      '1 delete dcim.location a',
      '2 delete dcim.location b',
    ]);
  });
});
