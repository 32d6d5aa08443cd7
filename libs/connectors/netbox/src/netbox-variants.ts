import {
  type ApiObject,
  choiceValue,
  byLast,
  defineVariant,
  type MappedFields,
  type MappedRecord,
  type RefSpec,
  slugify,
  type TypeVariant,
  type VariantSpec,
  type WriteContext,
} from '@plumbline/connector-http';
import { type JsonValue } from '@plumbline/diff-engine';

/*
 * How Plumbline's canonical types sit on NetBox 4.7. Canonical places follow Nautobot's model:
 * every place is a `dcim.location` with a location type. NetBox regions, sites and locations
 * are read as locations of the fixed types "Region", "Site" and "Location" (which this
 * adapter presents as three read-only location types), and written back to the matching
 * endpoint. A NetBox location's parent is its parent location, or its site when it has none.
 */

export const REGION_TYPE = 'Region';
export const SITE_TYPE = 'Site';
export const LOCATION_TYPE = 'Location';

const REGIONS = 'dcim/regions/';
const SITES = 'dcim/sites/';
const LOCATIONS = 'dcim/locations/';

/** A reference whose reading needs these API fields (NetBox `fields=` selection). */
type NetboxRefSpec = RefSpec & { fields?: readonly string[] };

/** NetBox status choices are read by label ("Active", the name of Nautobot's status). */
const status: NetboxRefSpec = {
  name: 'status',
  fields: ['status'],
  to: 'extras.status',
  read: (object) => {
    const value = object['status'];
    if (value === undefined) return undefined;
    if (value === null) return null;
    const label = (value as { label?: unknown }).label;
    return typeof label === 'string' ? label : JSON.stringify(choiceValue(value));
  },
  write: (value, _context, payload) => {
    payload['status'] = typeof value === 'string' ? statusValue(value) : null;
    return Promise.resolve();
  },
};

/** "Decommissioning" -> "decommissioning", "End of Life" -> "end-of-life". */
export function statusValue(label: string): string {
  return label.trim().toLowerCase().replace(/\s+/g, '-');
}

const tags: NetboxRefSpec = { name: 'tags', to: 'extras.tag', isList: true };
const tenant: NetboxRefSpec = { name: 'tenant', to: 'tenancy.tenant' };

const withSlug =
  (from = 'name') =>
  (fields: MappedFields, payload: Record<string, unknown>): void => {
    payload['slug'] = slugify(fields.attrs[from]);
  };

/** A place (site or location) as the location key canonical records use. */
function placeKey(
  object: ApiObject,
  context: Parameters<TypeVariant['toRecord']>[1],
): string | null {
  const location = object['location'];
  if (location !== null && location !== undefined) {
    return context.key('dcim.location', location, LOCATIONS);
  }
  return context.key('dcim.location', object['site'], SITES);
}

/** Where a canonical location key lives on NetBox, as the site and location ids to send. */
async function placeIds(
  context: WriteContext,
  key: string,
): Promise<{ site: unknown; location: unknown }> {
  const entries = await context.entries('dcim.location', key);
  const site = entries.find((entry) => entry.endpoint === SITES);
  if (site) return { site: site.id, location: null };
  const location = entries.find((entry) => entry.endpoint === LOCATIONS);
  if (location) return { site: location.meta?.['siteId'], location: location.id };
  throw new Error(`dcim.location ${JSON.stringify(key)} is not a NetBox site or location`);
}

/** `location` written as NetBox's site + location pair. */
const place = (name = 'location'): NetboxRefSpec => ({
  name,
  fields: ['site', 'location'],
  to: 'dcim.location',
  read: placeKey,
  write: async (value, context, payload) => {
    if (typeof value !== 'string') {
      payload['location'] = null;
      return;
    }
    Object.assign(payload, await placeIds(context, value));
  },
});

const SCOPE_TYPES: Record<string, string> = {
  [REGIONS]: 'dcim.region',
  [SITES]: 'dcim.site',
  [LOCATIONS]: 'dcim.location',
};

/** NetBox 4.2+ scopes prefixes and VLAN groups to a region, site group, site or location. */
const scope: NetboxRefSpec = {
  name: 'location',
  fields: ['scope_type', 'scope_id'],
  to: 'dcim.location',
  read: (object, context) => {
    const type = object['scope_type'];
    if (type === undefined) return undefined;
    const endpoint = Object.entries(SCOPE_TYPES).find(([, name]) => name === type)?.[0];
    return endpoint ? context.key('dcim.location', object['scope_id'], endpoint) : null;
  },
  write: async (value, context, payload) => {
    if (typeof value !== 'string') {
      payload['scope_type'] = null;
      payload['scope_id'] = null;
      return;
    }
    const entry = (await context.entries('dcim.location', value))[0];
    if (!entry) throw new Error(`dcim.location ${JSON.stringify(value)} not found on NetBox`);
    payload['scope_type'] = SCOPE_TYPES[entry.endpoint];
    payload['scope_id'] = entry.id;
  },
};

const isLocationType = (name: string) => (fields: MappedFields) =>
  fields.refs['location_type'] === name;

const fixedType =
  (name: string) =>
  (record: MappedRecord): MappedRecord => ({
    ...record,
    refs: { ...record.refs, location_type: name },
  });

/** A NetBox role model read as extras.role records limited to the content types it serves. */
function role(endpoint: string, contentTypes: string[], hasColor: boolean): VariantSpec {
  return {
    type: 'extras.role',
    endpoint,
    lookup: byLast('name'),
    attrs: ['name', 'description', ...(hasColor ? ['color'] : [])],
    hasCustomFields: true,
    onCreate: withSlug(),
    adjust: (record) => ({ ...record, attrs: { ...record.attrs, content_types: contentTypes } }),
    accepts: (fields) => {
      const wanted = fields.attrs['content_types'];
      return Array.isArray(wanted) && contentTypes.some((type) => wanted.includes(type));
    },
  };
}

const unitsText = (value: unknown): JsonValue | undefined =>
  Array.isArray(value)
    ? value
        .map(Number)
        .sort((left, right) => left - right)
        .join(',')
    : undefined;

/** NetBox custom field types, named as Nautobot names them (the canonical names). */
const CUSTOM_FIELD_TYPES: Record<string, string> = {
  multiselect: 'multi-select',
  longtext: 'markdown',
};

const virtualLocationTypes: MappedRecord[] = [
  {
    attrs: { name: REGION_TYPE, description: '', nestable: true },
    refs: { parent: null },
  },
  { attrs: { name: SITE_TYPE, description: '', nestable: false }, refs: { parent: REGION_TYPE } },
  {
    attrs: { name: LOCATION_TYPE, description: '', nestable: true },
    refs: { parent: SITE_TYPE },
  },
];

export interface NetboxVariantOptions {
  /** The id of the user rack reservations are made for (NetBox requires one). */
  userId: () => Promise<number>;
}

export function netboxVariants(options: NetboxVariantOptions): TypeVariant[] {
  const specs: VariantSpec[] = [
    {
      type: 'extras.tag',
      endpoint: 'extras/tags/',
      lookup: byLast('name'),
      attrs: ['name', 'description', 'color'],
      onCreate: withSlug(),
    },
    role('dcim/device-roles/', ['dcim.device'], true),
    role('dcim/rack-roles/', ['dcim.rack'], true),
    role('ipam/roles/', ['ipam.prefix', 'ipam.vlan'], false),
    role('tenancy/contact-roles/', ['extras.contactassociation'], false),
    {
      type: 'extras.customfield',
      endpoint: 'extras/custom-fields/',
      lookup: byLast('name'),
      attrs: [
        'name',
        'label',
        {
          name: 'type',
          read: (value) => {
            const raw = choiceValue(value);
            const type = typeof raw === 'string' ? raw : JSON.stringify(raw);
            return CUSTOM_FIELD_TYPES[type] ?? type;
          },
          write: (value) =>
            Object.entries(CUSTOM_FIELD_TYPES).find(([, name]) => name === value)?.[0] ?? value,
        },
        'description',
        'required',
        'weight',
        {
          name: 'content_types',
          api: 'object_types',
          read: (value) => (Array.isArray(value) ? (value as string[]).slice().sort() : undefined),
        },
      ],
    },
    {
      type: 'tenancy.tenantgroup',
      endpoint: 'tenancy/tenant-groups/',
      lookup: byLast('name'),
      attrs: ['name', 'description'],
      refs: [{ name: 'parent', to: 'tenancy.tenantgroup' }],
      hasCustomFields: true,
      onCreate: withSlug(),
    },
    {
      type: 'tenancy.tenant',
      endpoint: 'tenancy/tenants/',
      lookup: byLast('name'),
      attrs: ['name', 'description', 'comments'],
      refs: [{ name: 'tenant_group', api: 'group', to: 'tenancy.tenantgroup' }, tags],
      hasCustomFields: true,
      onCreate: withSlug(),
    },
    {
      type: 'tenancy.contactgroup',
      endpoint: 'tenancy/contact-groups/',
      lookup: byLast('name'),
      attrs: ['name', 'description'],
      refs: [{ name: 'parent', to: 'tenancy.contactgroup' }, tags],
      hasCustomFields: true,
      onCreate: withSlug(),
    },
    {
      type: 'extras.contact',
      endpoint: 'tenancy/contacts/',
      lookup: byLast('name'),
      attrs: ['name', 'title', 'phone', 'email', 'address', 'comments'],
      refs: [{ name: 'groups', to: 'tenancy.contactgroup', isList: true }, tags],
      hasCustomFields: true,
    },
    {
      type: 'dcim.sitegroup',
      endpoint: 'dcim/site-groups/',
      lookup: byLast('name'),
      attrs: ['name', 'description'],
      refs: [{ name: 'parent', to: 'dcim.sitegroup' }, tags],
      hasCustomFields: true,
      onCreate: withSlug(),
    },
    {
      type: 'dcim.locationtype',
      endpoint: 'virtual/location-types/',
      attrs: [],
      virtualRecords: virtualLocationTypes,
    },
    {
      type: 'dcim.location',
      endpoint: REGIONS,
      lookup: byLast('name'),
      attrs: ['name', 'description'],
      refs: [{ name: 'parent', to: 'dcim.location', endpoint: REGIONS }, tags],
      hasCustomFields: true,
      adjust: fixedType(REGION_TYPE),
      accepts: isLocationType(REGION_TYPE),
      onCreate: withSlug(),
    },
    {
      type: 'dcim.location',
      endpoint: SITES,
      lookup: byLast('name'),
      attrs: ['name', 'description', 'facility', 'time_zone', 'physical_address'],
      refs: [
        { name: 'parent', api: 'region', to: 'dcim.location', endpoint: REGIONS },
        tenant,
        status,
        tags,
      ],
      hasCustomFields: true,
      adjust: fixedType(SITE_TYPE),
      accepts: isLocationType(SITE_TYPE),
      onCreate: withSlug(),
    },
    {
      type: 'dcim.location',
      endpoint: LOCATIONS,
      lookup: byLast('name'),
      attrs: ['name', 'description', 'facility'],
      refs: [
        {
          name: 'parent',
          to: 'dcim.location',
          fields: ['parent', 'site'],
          read: (object, context) =>
            object['parent']
              ? context.key('dcim.location', object['parent'], LOCATIONS)
              : context.key('dcim.location', object['site'], SITES),
          write: async (value, context, payload) => {
            if (typeof value !== 'string') throw new Error('a NetBox location needs a site');
            const ids = await placeIds(context, value);
            payload['site'] = ids.site;
            payload['parent'] = ids.location;
          },
        },
        tenant,
        status,
        tags,
      ],
      hasCustomFields: true,
      meta: (object) => ({ siteId: (object['site'] as { id?: unknown } | null)?.id }),
      adjust: fixedType(LOCATION_TYPE),
      accepts: (fields) =>
        fields.refs['location_type'] !== REGION_TYPE && fields.refs['location_type'] !== SITE_TYPE,
      onCreate: withSlug(),
    },
    {
      type: 'dcim.rackgroup',
      endpoint: 'dcim/rack-groups/',
      lookup: byLast('name'),
      attrs: ['name', 'description'],
      hasCustomFields: true,
      onCreate: withSlug(),
    },
    {
      type: 'dcim.rack',
      endpoint: 'dcim/racks/',
      lookup: byLast('name'),
      attrs: ['name', 'facility_id', 'serial', 'asset_tag', 'u_height', 'width', 'comments'],
      refs: [
        place(),
        { name: 'rack_group', api: 'group', to: 'dcim.rackgroup' },
        tenant,
        status,
        { name: 'role', to: 'extras.role', endpoint: 'dcim/rack-roles/' },
        tags,
      ],
      hasCustomFields: true,
    },
    {
      type: 'dcim.rackreservation',
      endpoint: 'dcim/rack-reservations/',
      attrs: [{ name: 'units', read: unitsText, write: unitsList }, 'description'],
      refs: [{ name: 'rack', to: 'dcim.rack' }, tenant, tags],
      hasCustomFields: true,
      onCreate: async (_fields, payload) => {
        payload['user'] = await options.userId();
      },
    },
    {
      type: 'dcim.powerpanel',
      endpoint: 'dcim/power-panels/',
      lookup: byLast('name'),
      attrs: ['name'],
      refs: [place(), tags],
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
        status,
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
      onCreate: withSlug(),
    },
    {
      type: 'dcim.devicetype',
      endpoint: 'dcim/device-types/',
      lookup: byLast('model'),
      attrs: ['model', 'part_number', 'u_height', 'is_full_depth', 'comments'],
      refs: [{ name: 'manufacturer', to: 'dcim.manufacturer' }, tags],
      hasCustomFields: true,
      onCreate: withSlug('model'),
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
      attrs: ['name', 'description'],
      refs: [{ name: 'manufacturer', to: 'dcim.manufacturer' }],
      hasCustomFields: true,
      onCreate: withSlug(),
    },
    {
      type: 'dcim.device',
      endpoint: 'dcim/devices/',
      lookup: byLast('name'),
      attrs: ['name', 'serial', 'asset_tag', 'position', 'face', 'comments'],
      refs: [
        { name: 'device_type', to: 'dcim.devicetype' },
        { name: 'role', to: 'extras.role', endpoint: 'dcim/device-roles/' },
        { name: 'platform', to: 'dcim.platform' },
        place(),
        { name: 'rack', to: 'dcim.rack' },
        tenant,
        status,
        tags,
      ],
      hasCustomFields: true,
    },
    {
      type: 'dcim.interface',
      endpoint: 'dcim/interfaces/',
      lookup: [
        { param: 'device_id', part: 0, to: 'dcim.device' },
        { param: 'name', part: -1 },
      ],
      attrs: [
        'name',
        'type',
        'enabled',
        'mtu',
        // NetBox 4.2+ derives mac_address from MAC address objects: read here, never written.
        { name: 'mac_address', write: () => undefined },
        'mode',
        'description',
      ],
      refs: [
        { name: 'device', to: 'dcim.device' },
        { name: 'lag', to: 'dcim.interface' },
        { name: 'parent_interface', api: 'parent', to: 'dcim.interface' },
        { name: 'vrf', to: 'ipam.vrf' },
        { name: 'untagged_vlan', to: 'ipam.vlan' },
        { name: 'tagged_vlans', to: 'ipam.vlan', isList: true },
        tags,
      ],
      hasCustomFields: true,
    },
    {
      type: 'ipam.vrf',
      endpoint: 'ipam/vrfs/',
      lookup: byLast('name'),
      attrs: ['name', 'rd', 'description'],
      refs: [tenant, tags],
      hasCustomFields: true,
    },
    {
      type: 'ipam.vlangroup',
      endpoint: 'ipam/vlan-groups/',
      lookup: byLast('name'),
      attrs: ['name', 'description'],
      refs: [scope],
      hasCustomFields: true,
      onCreate: withSlug(),
    },
    {
      type: 'ipam.vlan',
      endpoint: 'ipam/vlans/',
      lookup: [
        { param: 'group_id', part: 0, to: 'ipam.vlangroup' },
        { param: 'vid', part: -1 },
      ],
      attrs: ['vid', 'name', 'description'],
      refs: [
        { name: 'vlan_group', api: 'group', to: 'ipam.vlangroup' },
        { name: 'location', api: 'site', to: 'dcim.location', endpoint: SITES },
        tenant,
        status,
        { name: 'role', to: 'extras.role', endpoint: 'ipam/roles/' },
        tags,
      ],
      hasCustomFields: true,
    },
    {
      type: 'ipam.prefix',
      endpoint: 'ipam/prefixes/',
      lookup: byLast('prefix'),
      attrs: ['prefix', 'description'],
      refs: [
        { name: 'vrf', to: 'ipam.vrf' },
        scope,
        { name: 'vlan', to: 'ipam.vlan' },
        tenant,
        status,
        { name: 'role', to: 'extras.role', endpoint: 'ipam/roles/' },
        tags,
      ],
      hasCustomFields: true,
    },
    {
      type: 'ipam.ipaddress',
      endpoint: 'ipam/ip-addresses/',
      lookup: byLast('address'),
      attrs: ['address', 'dns_name', 'description'],
      refs: [
        { name: 'vrf', to: 'ipam.vrf' },
        {
          name: 'assigned_object',
          to: 'dcim.interface',
          fields: ['assigned_object_type', 'assigned_object_id'],
          read: (object, context) =>
            object['assigned_object_type'] === 'dcim.interface'
              ? context.key('dcim.interface', object['assigned_object_id'])
              : null,
          write: async (value, context, payload) => {
            const id = await context.id('dcim.interface', typeof value === 'string' ? value : null);
            payload['assigned_object_type'] = id === null ? null : 'dcim.interface';
            payload['assigned_object_id'] = id;
          },
        },
        tenant,
        status,
        tags,
      ],
      hasCustomFields: true,
    },
    {
      type: 'circuits.circuittype',
      endpoint: 'circuits/circuit-types/',
      lookup: byLast('name'),
      attrs: ['name', 'description'],
      hasCustomFields: true,
      onCreate: withSlug(),
    },
    {
      type: 'circuits.provider',
      endpoint: 'circuits/providers/',
      lookup: byLast('name'),
      attrs: ['name', 'comments'],
      refs: [tags],
      hasCustomFields: true,
      onCreate: withSlug(),
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
        { name: 'circuit_type', api: 'type', to: 'circuits.circuittype' },
        tenant,
        status,
        tags,
      ],
      hasCustomFields: true,
    },
  ];
  return specs.map((spec) => defineVariant(withFieldSelection(spec)));
}

/**
 * NetBox 4 returns only the fields named in `fields=`: the mapped attributes and references,
 * the id and custom fields. Nested references still come as brief objects (id, name …).
 */
function withFieldSelection(spec: VariantSpec): VariantSpec {
  if (spec.virtualRecords) return spec;
  const fields = new Set<string>(['id']);
  for (const attr of spec.attrs)
    fields.add(typeof attr === 'string' ? attr : (attr.api ?? attr.name));
  for (const ref of (spec.refs ?? []) as NetboxRefSpec[]) {
    for (const field of ref.fields ?? [ref.api ?? ref.name]) fields.add(field);
  }
  if (spec.hasCustomFields) fields.add('custom_fields');
  return { ...spec, query: { fields: [...fields].join(','), ...spec.query } };
}

function unitsList(value: JsonValue | undefined): number[] {
  return typeof value === 'string' && value.length > 0 ? value.split(',').map(Number) : [];
}
