import {
  failuresOf,
  keysByType,
  type MappedAdapter,
  remainingPlan,
  requirePeers,
  sampleDataset,
  syncTo,
} from '@plumbline/connector-http';
import { NetboxAdapter } from '@plumbline/connector-netbox';
import { countChanges, type DiffOptions, RecordSet } from '@plumbline/diff-engine';
import { NautobotAdapter } from './nautobot.adapter';

const peers = requirePeers('connector round trips');
const describeWithPeers = peers ? describe : describe.skip;

/** Types only NetBox has, and fields the other peer cannot hold (docs/connectors.md). */
const NETBOX_ONLY_TYPES = ['tenancy.contactgroup', 'dcim.sitegroup', 'dcim.rackgroup'];
const NETBOX_ONLY_FIELDS: DiffOptions['ignoredFields'] = {
  'extras.contact': ['title', 'groups'],
  'dcim.rack': ['rack_group'],
  'ipam.prefix': ['vrf', 'location'],
  'ipam.ipaddress': ['vrf', 'assigned_object'],
};

/** Loads the whole source, keeps the records of `keys`, applies them to the target, re-diffs. */
async function roundTrip(
  source: MappedAdapter,
  target: MappedAdapter,
  keys: Record<string, string[]>,
  ignoredFields: DiffOptions['ignoredFields'] = {},
): Promise<{ loaded: RecordSet; options: DiffOptions }> {
  const everything = await source.loadAll();
  const loaded = RecordSet.of(
    [...everything].filter((record) => keys[record.type]?.includes(record.key)),
  );
  const options: DiffOptions = { scope: { types: Object.keys(keys), keys }, ignoredFields };
  const applied = await syncTo(target, loaded, options);
  expect(failuresOf(applied)).toEqual([]);
  const remaining = await remainingPlan(target, loaded, options);
  expect(
    remaining.operations.filter(
      (operation) => operation.action !== 'update' || operation.changes?.length,
    ),
  ).toEqual([]);
  expect(countChanges(remaining.summary)).toBe(0);
  return { loaded, options };
}

describeWithPeers('round trips through the connectors', () => {
  const prefix = `plr-${Date.now().toString(36)}`;
  const octet = 100 + Math.floor(Math.random() * 100);
  let netbox: NetboxAdapter;
  let production: NautobotAdapter;
  let discovery: NautobotAdapter;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(() => {
    const { netbox: nb, nautobotProduction: prod, nautobotDiscovery: disc } = peers!.peers;
    netbox = new NetboxAdapter({ url: nb.url, token: nb.token });
    production = new NautobotAdapter({ url: prod.url, token: prod.token });
    discovery = new NautobotAdapter({
      url: disc.url,
      token: disc.token,
      sourceName: 'nautobot-discovery',
      shouldPreserveIds: true,
    });
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('NetBox -> Nautobot: a loaded NetBox applied to Nautobot diffs clean against it', async () => {
    const dataset = sampleDataset(prefix, 'netbox', octet);
    const netboxScope = { types: Object.keys(keysByType(dataset)), keys: keysByType(dataset) };
    cleanups.push(() => syncTo(netbox, new RecordSet(), { scope: netboxScope }));
    expect(failuresOf(await syncTo(netbox, dataset, { scope: netboxScope }))).toEqual([]);

    const keys = keysByType(dataset);
    for (const type of NETBOX_ONLY_TYPES) delete keys[type];
    keys['dcim.locationtype'] = ['Region', 'Site', 'Location'];
    const nautobotScope = {
      types: Object.keys(keys).filter((type) => type !== 'dcim.locationtype'),
      keys,
    };
    cleanups.push(() => syncTo(discovery, new RecordSet(), { scope: nautobotScope }));
    const { loaded } = await roundTrip(netbox, discovery, keys, NETBOX_ONLY_FIELDS);
    expect(loaded.size).toBe(dataset.size - 3 + 3);
  });

  it('Nautobot production -> discovery: clean diff, and the UUIDs are kept', async () => {
    const dataset = sampleDataset(`${prefix}n`, 'nautobot', octet + 1);
    const keys = keysByType(dataset);
    const scope = { types: Object.keys(keys), keys };
    cleanups.push(() => syncTo(production, new RecordSet(), { scope }));
    cleanups.push(() => syncTo(discovery, new RecordSet(), { scope }));
    expect(failuresOf(await syncTo(production, dataset, { scope }))).toEqual([]);

    const { loaded } = await roundTrip(production, discovery, keys);
    expect(loaded.size).toBe(dataset.size);
    const copies = await discovery.loadAll(scope.types);
    for (const record of loaded) {
      expect(copies.get(record.type, record.key)?.ids).toEqual(record.ids);
    }
  });
});
