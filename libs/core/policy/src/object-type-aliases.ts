/**
 * Model names the seed's YAML format uses (`devices`, `ip_addresses` …) and the object
 * types they stand for. Files keyed by these names import as is; exports use the object
 * type itself, which needs no table.
 */
export const OBJECT_TYPE_ALIASES: Readonly<Record<string, string>> = {
  regions: 'dcim.region',
  sites: 'dcim.site',
  locations: 'dcim.location',
  racks: 'dcim.rack',
  manufacturers: 'dcim.manufacturer',
  device_types: 'dcim.devicetype',
  platforms: 'dcim.platform',
  devices: 'dcim.device',
  interfaces: 'dcim.interface',
  cables: 'dcim.cable',
  tenants: 'tenancy.tenant',
  vrfs: 'ipam.vrf',
  prefixes: 'ipam.prefix',
  ip_addresses: 'ipam.ipaddress',
  vlans: 'ipam.vlan',
  vlan_groups: 'ipam.vlangroup',
  providers: 'circuits.provider',
  circuits: 'circuits.circuit',
  tags: 'extras.tag',
};

/** `app_label.model`, as NetBox and Nautobot name their models. */
export const OBJECT_TYPE_PATTERN = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

/** The object type a model name stands for, or undefined when it names none. */
export function resolveObjectTypeName(name: string): string | undefined {
  if (Object.hasOwn(OBJECT_TYPE_ALIASES, name)) return OBJECT_TYPE_ALIASES[name];
  return OBJECT_TYPE_PATTERN.test(name) ? name : undefined;
}
