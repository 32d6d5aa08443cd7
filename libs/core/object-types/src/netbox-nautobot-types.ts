import {
  type AttributeDefinition,
  type FieldRule,
  type ObjectTypeDefinition,
  type ReferenceDefinition,
} from './field-rule';

// Small builders keep the table below readable; the registry itself stays plain data.
const text = (name: string, rule: FieldRule = {}): AttributeDefinition => ({
  name,
  kind: 'string',
  isTrimmed: true,
  ...rule,
});
/** Free text where NetBox and Nautobot store "" and clients send null. */
const note = (name: string): AttributeDefinition => text(name, { isNullEmpty: true });
/** Choice values whose case differs between APIs and exports ("Active" vs "active"). */
const choice = (name: string): AttributeDefinition =>
  text(name, { isCaseInsensitive: true, isNullEmpty: true });
const number = (name: string): AttributeDefinition => ({ name, kind: 'number' });
const flag = (name: string): AttributeDefinition => ({ name, kind: 'boolean' });
const ref = (name: string, to: string, extra: Partial<ReferenceDefinition> = {}) => ({
  name,
  to,
  ...extra,
});
const tags = ref('tags', 'extras.tag', { isList: true });
const tenant = ref('tenant', 'tenancy.tenant');
const status = ref('status', 'extras.status');

/** A named catalogue entry: name, description, optional colour and parent of the same type. */
function catalogue(
  name: string,
  options: { hasParent?: boolean; extra?: AttributeDefinition[]; refs?: ReferenceDefinition[] },
): ObjectTypeDefinition {
  return {
    name,
    naturalKey: ['name'],
    attributes: [text('name'), note('description'), ...(options.extra ?? [])],
    references: [...(options.hasParent ? [ref('parent', name)] : []), ...(options.refs ?? [])],
  };
}

/**
 * NetBox 4 and Nautobot 3 object types Plumbline synchronises. Names follow
 * `app_label.model`; where the two products differ the common subset is used (Nautobot's
 * `extras.role` and `extras.status` serve NetBox's per-model roles and status choices).
 */
export const NETBOX_NAUTOBOT_TYPES: readonly ObjectTypeDefinition[] = [
  catalogue('tenancy.tenantgroup', { hasParent: true }),
  catalogue('tenancy.tenant', {
    extra: [note('comments')],
    refs: [ref('tenant_group', 'tenancy.tenantgroup'), tags],
  }),
  catalogue('extras.tag', { extra: [choice('color')] }),
  catalogue('extras.role', { extra: [choice('color')] }),
  catalogue('extras.status', { extra: [choice('color')] }),
  catalogue('dcim.region', { hasParent: true }),
  catalogue('dcim.site', {
    extra: [
      choice('facility'),
      text('time_zone'),
      note('physical_address'),
      number('latitude'),
      number('longitude'),
    ],
    refs: [ref('region', 'dcim.region'), tenant, status, tags],
  }),
  catalogue('dcim.locationtype', { hasParent: true, extra: [flag('nestable')] }),
  catalogue('dcim.location', {
    hasParent: true,
    extra: [choice('facility'), text('time_zone'), note('physical_address')],
    refs: [
      ref('location_type', 'dcim.locationtype'),
      ref('site', 'dcim.site'),
      tenant,
      status,
      tags,
    ],
  }),
  {
    name: 'dcim.rack',
    naturalKey: ['location', 'name'],
    attributes: [
      text('name'),
      note('facility_id'),
      note('serial'),
      note('asset_tag'),
      number('u_height'),
      number('width'),
      note('comments'),
    ],
    references: [
      ref('location', 'dcim.location'),
      tenant,
      status,
      ref('role', 'extras.role'),
      tags,
    ],
  },
  catalogue('dcim.manufacturer', {}),
  {
    name: 'dcim.devicetype',
    naturalKey: ['manufacturer', 'model'],
    attributes: [
      text('model'),
      note('part_number'),
      number('u_height'),
      flag('is_full_depth'),
      note('comments'),
    ],
    references: [ref('manufacturer', 'dcim.manufacturer'), tags],
  },
  catalogue('dcim.platform', {
    extra: [choice('network_driver'), choice('napalm_driver')],
    refs: [ref('manufacturer', 'dcim.manufacturer')],
  }),
  {
    name: 'dcim.device',
    naturalKey: ['name'],
    attributes: [
      text('name'),
      note('serial'),
      note('asset_tag'),
      number('position'),
      choice('face'),
      note('comments'),
    ],
    references: [
      ref('device_type', 'dcim.devicetype'),
      ref('role', 'extras.role'),
      ref('platform', 'dcim.platform'),
      ref('location', 'dcim.location'),
      ref('rack', 'dcim.rack'),
      tenant,
      status,
      // The primary IP lives on one of the device's own interfaces: a cycle broken by patching.
      ref('primary_ip4', 'ipam.ipaddress', { isDeferrable: true }),
      ref('primary_ip6', 'ipam.ipaddress', { isDeferrable: true }),
      tags,
    ],
  },
  {
    name: 'dcim.interface',
    naturalKey: ['device', 'name'],
    attributes: [
      text('name'),
      choice('type'),
      flag('enabled'),
      number('mtu'),
      text('mac_address', { isCaseInsensitive: true, isNullEmpty: true }),
      choice('mode'),
      note('description'),
    ],
    references: [
      ref('device', 'dcim.device'),
      ref('lag', 'dcim.interface'),
      ref('parent_interface', 'dcim.interface'),
      ref('vrf', 'ipam.vrf'),
      ref('untagged_vlan', 'ipam.vlan'),
      ref('tagged_vlans', 'ipam.vlan', { isList: true }),
      status,
      tags,
    ],
  },
  catalogue('ipam.vrf', { extra: [note('rd')], refs: [tenant, tags] }),
  {
    name: 'ipam.prefix',
    naturalKey: ['vrf', 'prefix'],
    attributes: [{ name: 'prefix', kind: 'cidr' }, choice('type'), note('description')],
    references: [
      ref('vrf', 'ipam.vrf'),
      ref('location', 'dcim.location'),
      ref('vlan', 'ipam.vlan'),
      tenant,
      status,
      ref('role', 'extras.role'),
      tags,
    ],
  },
  {
    name: 'ipam.ipaddress',
    naturalKey: ['vrf', 'address'],
    attributes: [
      { name: 'address', kind: 'ip' },
      text('dns_name', { isCaseInsensitive: true, isNullEmpty: true }),
      choice('type'),
      note('description'),
    ],
    references: [
      ref('vrf', 'ipam.vrf'),
      ref('assigned_object', 'dcim.interface'),
      tenant,
      status,
      ref('role', 'extras.role'),
      tags,
    ],
  },
  catalogue('ipam.vlangroup', { refs: [ref('location', 'dcim.location')] }),
  {
    name: 'ipam.vlan',
    naturalKey: ['vlan_group', 'vid'],
    attributes: [number('vid'), text('name'), note('description')],
    references: [
      ref('vlan_group', 'ipam.vlangroup'),
      ref('location', 'dcim.location'),
      tenant,
      status,
      ref('role', 'extras.role'),
      tags,
    ],
  },
  catalogue('circuits.circuittype', {}),
  catalogue('circuits.provider', {
    extra: [number('asn'), note('account'), note('portal_url'), note('comments')],
    refs: [tags],
  }),
  {
    name: 'circuits.circuit',
    naturalKey: ['provider', 'cid'],
    attributes: [
      text('cid'),
      number('commit_rate'),
      note('install_date'),
      note('description'),
      note('comments'),
    ],
    references: [
      ref('provider', 'circuits.provider'),
      ref('circuit_type', 'circuits.circuittype'),
      tenant,
      status,
      tags,
    ],
  },
];
