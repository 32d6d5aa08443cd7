import {
  byLast,
  defineVariant,
  type RefSpec,
  type RestClient,
  type TypeVariant,
  type VariantSpec,
  type WriteContext,
} from '@plumbline/connector-http';
import { type JsonValue } from '@plumbline/diff-engine';

/*
 * How Plumbline's canonical types sit on Nautobot 3.2: mostly one to one, since the canonical
 * names follow Nautobot (extras.role, extras.status, dcim.location with location types).
 * References are read at depth 0 ({id, object_type}) and written as UUIDs.
 */

/** Content types a location type gets when the record does not say (NetBox has no such list). */
export const DEFAULT_LOCATION_TYPE_CONTENT_TYPES = [
  'circuits.circuittermination',
  'dcim.device',
  'dcim.powerpanel',
  'dcim.rack',
  'dcim.rackgroup',
  'ipam.prefix',
  'ipam.vlan',
  'ipam.vlangroup',
];

/** Models a tag may be put on when the record does not say (NetBox tags apply to all). */
export const DEFAULT_TAG_CONTENT_TYPES = [
  'circuits.circuit',
  'circuits.provider',
  'circuits.providernetwork',
  'dcim.device',
  'dcim.devicefamily',
  'dcim.devicetype',
  'dcim.interface',
  'dcim.location',
  'dcim.moduletype',
  'dcim.powerfeed',
  'dcim.powerpanel',
  'dcim.rack',
  'dcim.rackreservation',
  'extras.contact',
  'extras.team',
  'ipam.ipaddress',
  'ipam.prefix',
  'ipam.vlan',
  'ipam.vlangroup',
  'ipam.vrf',
  'tenancy.tenant',
];

export interface NautobotVariantOptions {
  client: RestClient;
  /** Drops the cached ids of a type after this module created or changed one of its objects. */
  forget: (type: string) => void;
}

const tags: RefSpec = { name: 'tags', to: 'extras.tag', isList: true };
const tenant: RefSpec = { name: 'tenant', to: 'tenancy.tenant' };
const sortedList = (value: unknown): JsonValue | undefined =>
  Array.isArray(value) ? (value as string[]).slice().sort() : undefined;
const contentTypes = { name: 'content_types', read: sortedList };

export function nautobotVariants(options: NautobotVariantOptions): TypeVariant[] {
  const { client } = options;
  let namespaceId: Promise<string> | undefined;
  /** IP addresses, prefixes and VRFs live in a namespace; Plumbline writes to "Global". */
  const globalNamespace = (): Promise<string> => {
    namespaceId ??= client
      .get<{ results: { id: string }[] }>('ipam/namespaces/', { name: 'Global' })
      .then((page) => {
        const id = page.results[0]?.id;
        if (!id) throw new Error('Nautobot has no Global namespace');
        return id;
      });
    return namespaceId;
  };
  const inGlobalNamespace = async (
    _fields: unknown,
    payload: Record<string, unknown>,
  ): Promise<void> => {
    payload['namespace'] = await globalNamespace();
  };

  /**
   * A Nautobot status must exist and list the model among its content types. A NetBox source
   * names statuses by choice label ("Active"), most of which Nautobot ships; a missing one is
   * created, and a known one that lacks this model gets it added, so a sync does not stop on it.
   */
  const status = (contentType: string): RefSpec => ({
    name: 'status',
    to: 'extras.status',
    write: async (value, context, payload) => {
      if (typeof value !== 'string') {
        payload['status'] = null;
        return;
      }
      payload['status'] = await ensureStatus(context, value, contentType);
    },
  });
  const ensureStatus = async (
    context: WriteContext,
    name: string,
    contentType: string,
  ): Promise<string> => {
    const entry = (await context.entries('extras.status', name))[0];
    if (!entry) {
      const created = await client.request<{ id: string }>('POST', 'extras/statuses/', {
        body: { name, color: '9e9e9e', content_types: [contentType] },
      });
      options.forget('extras.status');
      return created.id;
    }
    const known = entry.meta?.['contentTypes'];
    if (Array.isArray(known) && !known.includes(contentType)) {
      await client.request('PATCH', `extras/statuses/${String(entry.id)}/`, {
        body: { content_types: [...(known as string[]), contentType] },
      });
      options.forget('extras.status');
    }
    return String(entry.id);
  };

  const specs: VariantSpec[] = [
    {
      type: 'extras.tag',
      endpoint: 'extras/tags/',
      lookup: byLast('name'),
      attrs: ['name', 'description', 'color', contentTypes],
      hasCustomFields: false,
      onCreate: (fields, payload) => {
        payload['content_types'] ??= DEFAULT_TAG_CONTENT_TYPES;
        void fields;
      },
    },
    {
      type: 'extras.status',
      endpoint: 'extras/statuses/',
      lookup: byLast('name'),
      attrs: ['name', 'description', 'color', contentTypes],
      hasCustomFields: true,
      meta: (object) => ({ contentTypes: object['content_types'] }),
    },
    {
      type: 'extras.role',
      endpoint: 'extras/roles/',
      lookup: byLast('name'),
      attrs: ['name', 'description', 'color', contentTypes],
      hasCustomFields: true,
    },
    {
      type: 'extras.customfield',
      endpoint: 'extras/custom-fields/',
      // Nautobot 3 has no `key` filter on custom fields: a read of some reads them all (few).
      attrs: [
        { name: 'name', api: 'key' },
        'label',
        'type',
        'description',
        'required',
        'weight',
        contentTypes,
      ],
      onCreate: (fields, payload) => {
        payload['label'] ??= fields.attrs['name'];
      },
    },
    {
      type: 'tenancy.tenantgroup',
      endpoint: 'tenancy/tenant-groups/',
      lookup: byLast('name'),
      attrs: ['name', 'description'],
      refs: [{ name: 'parent', to: 'tenancy.tenantgroup' }],
      hasCustomFields: true,
    },
    {
      type: 'tenancy.tenant',
      endpoint: 'tenancy/tenants/',
      lookup: byLast('name'),
      attrs: ['name', 'description', 'comments'],
      refs: [{ name: 'tenant_group', to: 'tenancy.tenantgroup' }, tags],
      hasCustomFields: true,
    },
    {
      type: 'extras.team',
      endpoint: 'extras/teams/',
      lookup: byLast('name'),
      attrs: ['name', 'phone', 'email', 'address', 'comments'],
      refs: [tags],
      hasCustomFields: true,
    },
    {
      type: 'extras.contact',
      endpoint: 'extras/contacts/',
      lookup: byLast('name'),
      attrs: ['name', 'phone', 'email', 'address', 'comments'],
      // `teams` is write-only in Nautobot's contact serializer; unmapped so that it never diffs.
      refs: [tags],
      hasCustomFields: true,
    },
    {
      type: 'dcim.locationtype',
      endpoint: 'dcim/location-types/',
      lookup: byLast('name'),
      attrs: ['name', 'description', 'nestable', contentTypes],
      refs: [{ name: 'parent', to: 'dcim.locationtype' }],
      hasCustomFields: true,
      onCreate: (_fields, payload) => {
        payload['content_types'] ??= DEFAULT_LOCATION_TYPE_CONTENT_TYPES;
      },
    },
    {
      type: 'dcim.location',
      endpoint: 'dcim/locations/',
      lookup: byLast('name'),
      attrs: ['name', 'description', 'facility', 'time_zone', 'physical_address'],
      refs: [
        { name: 'location_type', to: 'dcim.locationtype' },
        { name: 'parent', to: 'dcim.location' },
        tenant,
        status('dcim.location'),
        tags,
      ],
      hasCustomFields: true,
      onCreate: async (fields, payload, context) => {
        // NetBox regions carry no status; Nautobot requires one.
        if (!('status' in fields.refs)) {
          payload['status'] = await ensureStatus(context, 'Active', 'dcim.location');
        }
      },
    },
    {
      type: 'dcim.rackgroup',
      endpoint: 'dcim/rack-groups/',
      lookup: byLast('name'),
      attrs: ['name', 'description'],
      refs: [
        { name: 'location', to: 'dcim.location' },
        { name: 'parent', to: 'dcim.rackgroup' },
      ],
      hasCustomFields: true,
    },
    {
      type: 'dcim.rack',
      endpoint: 'dcim/racks/',
      lookup: byLast('name'),
      attrs: ['name', 'facility_id', 'serial', 'asset_tag', 'u_height', 'width', 'comments'],
      refs: [
        { name: 'location', to: 'dcim.location' },
        { name: 'rack_group', to: 'dcim.rackgroup' },
        tenant,
        status('dcim.rack'),
        { name: 'role', to: 'extras.role' },
        tags,
      ],
      hasCustomFields: true,
    },
    {
      type: 'dcim.rackreservation',
      endpoint: 'dcim/rack-reservations/',
      attrs: [
        {
          name: 'units',
          read: (value) =>
            Array.isArray(value)
              ? value
                  .map(Number)
                  .sort((left, right) => left - right)
                  .join(',')
              : undefined,
          write: (value) =>
            typeof value === 'string' && value.length > 0 ? value.split(',').map(Number) : [],
        },
        'description',
      ],
      refs: [{ name: 'rack', to: 'dcim.rack' }, tenant, tags],
      hasCustomFields: true,
    },
    {
      type: 'dcim.powerpanel',
      endpoint: 'dcim/power-panels/',
      lookup: byLast('name'),
      attrs: ['name'],
      refs: [
        { name: 'location', to: 'dcim.location' },
        { name: 'rack_group', to: 'dcim.rackgroup' },
        tags,
      ],
      hasCustomFields: true,
    },
    {
      type: 'dcim.powerfeed',
      endpoint: 'dcim/power-feeds/',
      lookup: byLast('name'),
      attrs: [
        'name',
        'type',
        'supply',
        'phase',
        'voltage',
        'amperage',
        'max_utilization',
        'comments',
      ],
      refs: [
        { name: 'power_panel', to: 'dcim.powerpanel' },
        { name: 'rack', to: 'dcim.rack' },
        status('dcim.powerfeed'),
        tags,
      ],
      hasCustomFields: true,
    },
    {
      type: 'dcim.manufacturer',
      endpoint: 'dcim/manufacturers/',
      lookup: byLast('name'),
      attrs: ['name', 'description'],
      hasCustomFields: true,
    },
    {
      type: 'dcim.devicefamily',
      endpoint: 'dcim/device-families/',
      lookup: byLast('name'),
      attrs: ['name', 'description'],
      refs: [tags],
      hasCustomFields: true,
    },
    {
      type: 'dcim.devicetype',
      endpoint: 'dcim/device-types/',
      lookup: byLast('model'),
      attrs: ['model', 'part_number', 'u_height', 'is_full_depth', 'comments'],
      refs: [
        { name: 'manufacturer', to: 'dcim.manufacturer' },
        { name: 'device_family', to: 'dcim.devicefamily' },
        tags,
      ],
      hasCustomFields: true,
    },
    {
      type: 'dcim.moduletype',
      endpoint: 'dcim/module-types/',
      lookup: byLast('model'),
      attrs: ['model', 'part_number', 'comments'],
      refs: [{ name: 'manufacturer', to: 'dcim.manufacturer' }, tags],
      hasCustomFields: true,
    },
    {
      type: 'dcim.platform',
      endpoint: 'dcim/platforms/',
      lookup: byLast('name'),
      attrs: ['name', 'description', 'network_driver', 'napalm_driver'],
      refs: [{ name: 'manufacturer', to: 'dcim.manufacturer' }],
      hasCustomFields: true,
    },
    {
      type: 'dcim.device',
      endpoint: 'dcim/devices/',
      lookup: byLast('name'),
      attrs: ['name', 'serial', 'asset_tag', 'position', 'face', 'comments'],
      refs: [
        { name: 'device_type', to: 'dcim.devicetype' },
        { name: 'role', to: 'extras.role' },
        { name: 'platform', to: 'dcim.platform' },
        { name: 'location', to: 'dcim.location' },
        { name: 'rack', to: 'dcim.rack' },
        tenant,
        status('dcim.device'),
        tags,
      ],
      hasCustomFields: true,
    },
    {
      type: 'dcim.interface',
      endpoint: 'dcim/interfaces/',
      lookup: [
        { param: 'device', part: 0, to: 'dcim.device' },
        { param: 'name', part: -1 },
      ],
      attrs: [
        'name',
        'type',
        'enabled',
        'mtu',
        { name: 'mac_address', write: (value) => (value === '' ? null : value) },
        { name: 'mode', write: (value) => value ?? '' },
        'description',
      ],
      refs: [
        { name: 'device', to: 'dcim.device' },
        { name: 'lag', to: 'dcim.interface' },
        { name: 'parent_interface', to: 'dcim.interface' },
        { name: 'vrf', to: 'ipam.vrf' },
        { name: 'untagged_vlan', to: 'ipam.vlan' },
        { name: 'tagged_vlans', to: 'ipam.vlan', isList: true },
        status('dcim.interface'),
        tags,
      ],
      hasCustomFields: true,
      onCreate: async (fields, payload, context) => {
        if (!('status' in fields.refs)) {
          payload['status'] = await ensureStatus(context, 'Active', 'dcim.interface');
        }
      },
    },
    {
      type: 'ipam.vrf',
      endpoint: 'ipam/vrfs/',
      lookup: byLast('name'),
      attrs: ['name', 'rd', 'description'],
      refs: [tenant, tags],
      hasCustomFields: true,
      onCreate: inGlobalNamespace,
    },
    {
      type: 'ipam.vlangroup',
      endpoint: 'ipam/vlan-groups/',
      lookup: byLast('name'),
      attrs: ['name', 'description'],
      refs: [{ name: 'location', to: 'dcim.location' }],
      hasCustomFields: true,
    },
    {
      type: 'ipam.vlan',
      endpoint: 'ipam/vlans/',
      lookup: [
        { param: 'vlan_group', part: 0, to: 'ipam.vlangroup' },
        { param: 'vid', part: -1 },
      ],
      attrs: ['vid', 'name', 'description'],
      // Like prefixes, VLAN locations are assignments in Nautobot 3: not mapped yet.
      refs: [
        { name: 'vlan_group', to: 'ipam.vlangroup' },
        tenant,
        status('ipam.vlan'),
        { name: 'role', to: 'extras.role' },
        tags,
      ],
      hasCustomFields: true,
    },
    {
      type: 'ipam.prefix',
      endpoint: 'ipam/prefixes/',
      lookup: byLast('prefix'),
      attrs: ['prefix', 'type', 'description'],
      // Nautobot 3 keeps a prefix's locations in prefix-location-assignments: not mapped yet.
      refs: [
        { name: 'vlan', to: 'ipam.vlan' },
        tenant,
        status('ipam.prefix'),
        { name: 'role', to: 'extras.role' },
        tags,
      ],
      hasCustomFields: true,
      onCreate: inGlobalNamespace,
    },
    {
      type: 'ipam.ipaddress',
      endpoint: 'ipam/ip-addresses/',
      lookup: byLast('address'),
      attrs: ['address', 'dns_name', 'type', 'description'],
      refs: [tenant, status('ipam.ipaddress'), { name: 'role', to: 'extras.role' }, tags],
      hasCustomFields: true,
      onCreate: inGlobalNamespace,
    },
    {
      type: 'circuits.circuittype',
      endpoint: 'circuits/circuit-types/',
      lookup: byLast('name'),
      attrs: ['name', 'description'],
      hasCustomFields: true,
    },
    {
      type: 'circuits.provider',
      endpoint: 'circuits/providers/',
      lookup: byLast('name'),
      attrs: ['name', 'asn', 'account', 'portal_url', 'comments'],
      refs: [tags],
      hasCustomFields: true,
    },
    {
      type: 'circuits.providernetwork',
      endpoint: 'circuits/provider-networks/',
      lookup: byLast('name'),
      attrs: ['name', 'description', 'comments'],
      refs: [{ name: 'provider', to: 'circuits.provider' }, tags],
      hasCustomFields: true,
    },
    {
      type: 'circuits.circuit',
      endpoint: 'circuits/circuits/',
      lookup: byLast('cid'),
      attrs: ['cid', 'commit_rate', 'install_date', 'description', 'comments'],
      refs: [
        { name: 'provider', to: 'circuits.provider' },
        { name: 'circuit_type', to: 'circuits.circuittype' },
        tenant,
        status('circuits.circuit'),
        tags,
      ],
      hasCustomFields: true,
    },
  ];
  return specs.map((spec) => defineVariant(withDepth(spec)));
}

/** depth=0: references as {id, object_type, url}, one query per page instead of nested loads. */
function withDepth(spec: VariantSpec): VariantSpec {
  const hasManyToMany =
    (spec.refs ?? []).some((ref) => ref.isList) ||
    spec.attrs.some((attr) => typeof attr !== 'string' && attr.name === 'content_types');
  return {
    ...spec,
    // exclude_m2m spares the m2m queries (tags, content types) where the type maps none.
    query: { depth: 0, ...(hasManyToMany ? {} : { exclude_m2m: true }), ...spec.query },
  };
}
