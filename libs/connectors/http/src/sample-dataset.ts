import {
  type CanonicalRecord,
  type JsonValue,
  RecordLoader,
  type RecordLine,
  RecordSet,
} from '@plumbline/diff-engine';
import { connectorRegistry } from './connector-types';

export type PeerKind = 'netbox' | 'nautobot';

/**
 * A small network holding one or more records of every type the peer kind has, for the
 * integration specs (create, read back, update, delete) and round trips. Names start with
 * `prefix` so that runs on shared peers never touch anything else.
 */
export function sampleDataset(prefix: string, kind: PeerKind, octet: number): RecordSet {
  const isNetbox = kind === 'netbox';
  const p = prefix;
  const tag = `${p}-tag`;
  const role = `${p}-role`;
  const tenant = `${p}-tenant`;
  const site = `${p}-site`;
  const room = `${p}-room`;
  const rack = [room, `${p}-rack`];
  const device = `${p}-dev`;
  const vlanGroup = `${p}-vg`;
  const customField = `${p.replace(/-/g, '_')}_cf`;
  const lines: RecordLine[] = [
    { type: 'extras.tag', attrs: { name: tag, color: 'ff0000', description: 'sample' } },
    {
      type: 'extras.role',
      attrs: {
        name: role,
        color: '00ff00',
        description: 'sample',
        content_types: ['dcim.device', 'dcim.rack', 'ipam.prefix', 'ipam.vlan'],
      },
    },
    {
      type: 'extras.customfield',
      attrs: {
        name: customField,
        label: 'Sample field',
        type: 'text',
        description: 'sample',
        required: false,
        weight: 100,
        content_types: ['dcim.device'],
      },
    },
    { type: 'tenancy.tenantgroup', attrs: { name: `${p}-tg-parent`, description: 'sample' } },
    {
      type: 'tenancy.tenantgroup',
      attrs: { name: `${p}-tg`, description: 'sample' },
      refs: { parent: `${p}-tg-parent` },
    },
    {
      type: 'tenancy.tenant',
      attrs: { name: tenant, description: 'sample', comments: 'sample' },
      refs: { tenant_group: `${p}-tg`, tags: [tag] },
    },
    { type: 'dcim.manufacturer', attrs: { name: `${p}-acme`, description: 'sample' } },
    {
      type: 'dcim.devicetype',
      attrs: {
        model: `${p}-dt`,
        part_number: 'PN-1',
        u_height: 1,
        is_full_depth: true,
        comments: 'sample',
      },
      refs: {
        manufacturer: `${p}-acme`,
        tags: [tag],
        ...(isNetbox ? {} : { device_family: `${p}-family` }),
      },
    },
    {
      type: 'dcim.moduletype',
      attrs: { model: `${p}-mt`, part_number: 'MT-1', comments: 'sample' },
      refs: { manufacturer: `${p}-acme`, tags: [tag] },
    },
    {
      type: 'dcim.platform',
      attrs: {
        name: `${p}-os`,
        description: 'sample',
        ...(isNetbox ? {} : { network_driver: 'cisco_ios' }),
      },
      refs: { manufacturer: `${p}-acme` },
    },
    {
      type: 'dcim.location',
      attrs: { name: site, description: 'sample', facility: 'F1', time_zone: 'Europe/Berlin' },
      refs: {
        location_type: isNetbox ? 'Site' : `${p}-lt-site`,
        parent: isNetbox ? `${p}-region` : null,
        tenant,
        status: 'Active',
        tags: [tag],
      },
    },
    {
      type: 'dcim.location',
      attrs: { name: room, description: 'sample', facility: 'F2' },
      refs: {
        location_type: isNetbox ? 'Location' : `${p}-lt-room`,
        parent: site,
        status: 'Planned',
      },
    },
    {
      type: 'dcim.rack',
      attrs: {
        name: `${p}-rack`,
        facility_id: 'R1',
        serial: 'SER-R1',
        asset_tag: `${p}-rack-at`,
        u_height: 42,
        width: 19,
        comments: 'sample',
      },
      refs: { location: room, tenant, status: 'Active', role, tags: [tag] },
    },
    {
      type: 'dcim.rackreservation',
      attrs: { units: '1,2', description: 'sample' },
      refs: { rack, tenant },
    },
    { type: 'dcim.powerpanel', attrs: { name: `${p}-pp` }, refs: { location: room, tags: [tag] } },
    {
      type: 'dcim.powerfeed',
      attrs: {
        name: `${p}-pf`,
        type: 'primary',
        supply: 'ac',
        phase: 'single-phase',
        voltage: 230,
        amperage: 16,
        max_utilization: 80,
        comments: 'sample',
      },
      refs: { power_panel: [room, `${p}-pp`], rack, status: 'Active', tags: [tag] },
    },
    {
      type: 'dcim.device',
      attrs: {
        name: device,
        serial: 'SN-1',
        asset_tag: `${p}-dev-at`,
        position: 10,
        face: 'front',
        comments: 'sample',
        custom_fields: { [customField]: 'hello' },
      },
      refs: {
        device_type: [`${p}-acme`, `${p}-dt`],
        role,
        platform: `${p}-os`,
        location: room,
        rack,
        tenant,
        status: 'Active',
        tags: [tag],
      },
    },
    {
      type: 'dcim.interface',
      attrs: { name: 'lag0', type: 'lag', enabled: true, mtu: 9000, description: 'sample' },
      refs: { device, ...(isNetbox ? {} : { status: 'Active' }) },
    },
    {
      type: 'dcim.interface',
      attrs: {
        name: 'eth0',
        type: '1000base-t',
        enabled: true,
        mtu: 1500,
        mode: 'access',
        description: 'sample',
      },
      refs: {
        device,
        lag: [device, 'lag0'],
        untagged_vlan: [vlanGroup, '100'],
        tags: [tag],
        ...(isNetbox ? {} : { status: 'Active' }),
      },
    },
    { type: 'ipam.vrf', attrs: { name: `${p}-vrf`, description: 'sample' }, refs: { tenant } },
    {
      type: 'ipam.vlangroup',
      attrs: { name: vlanGroup, description: 'sample' },
      refs: { location: site },
    },
    {
      type: 'ipam.vlan',
      attrs: { vid: 100, name: `${p}-v100`, description: 'sample' },
      refs: { vlan_group: vlanGroup, tenant, status: 'Active', role, tags: [tag] },
    },
    {
      type: 'ipam.prefix',
      attrs: { prefix: `10.${octet}.0.0/24`, description: 'sample' },
      refs: {
        vrf: null,
        ...(isNetbox ? { location: site } : {}),
        vlan: [vlanGroup, '100'],
        tenant,
        status: 'Active',
        role,
        tags: [tag],
      },
    },
    {
      type: 'ipam.ipaddress',
      attrs: {
        address: `10.${octet}.0.1/24`,
        dns_name: `${p}.example.com`,
        description: 'sample',
      },
      refs: { vrf: null, tenant, status: 'Active', tags: [tag] },
    },
    { type: 'circuits.circuittype', attrs: { name: `${p}-ct`, description: 'sample' } },
    {
      type: 'circuits.provider',
      attrs: {
        name: `${p}-prov`,
        comments: 'sample',
        ...(isNetbox ? {} : { asn: 65001, account: 'ACC-1', portal_url: 'https://example.com' }),
      },
      refs: { tags: [tag] },
    },
    {
      type: 'circuits.providernetwork',
      attrs: { name: `${p}-pn`, description: 'sample', comments: 'sample' },
      refs: { provider: `${p}-prov`, tags: [tag] },
    },
    {
      type: 'circuits.circuit',
      attrs: {
        cid: `${p}-c1`,
        commit_rate: 1000,
        install_date: '2026-01-01',
        description: 'sample',
        comments: 'sample',
      },
      refs: {
        provider: `${p}-prov`,
        circuit_type: `${p}-ct`,
        tenant,
        status: 'Active',
        tags: [tag],
      },
    },
  ];
  if (isNetbox) {
    lines.push(
      {
        type: 'dcim.location',
        attrs: { name: `${p}-region`, description: 'sample' },
        refs: { location_type: 'Region', parent: null },
      },
      { type: 'tenancy.contactgroup', attrs: { name: `${p}-cg`, description: 'sample' } },
      {
        type: 'extras.contact',
        attrs: {
          name: `${p}-contact`,
          title: 'Engineer',
          phone: '+1 555 0100',
          email: 'noc@example.com',
          address: 'Main St 1',
          comments: 'sample',
        },
        refs: { groups: [`${p}-cg`], tags: [tag] },
      },
      { type: 'dcim.sitegroup', attrs: { name: `${p}-sg`, description: 'sample' } },
      { type: 'dcim.rackgroup', attrs: { name: `${p}-rg`, description: 'sample' } },
    );
  } else {
    lines.push(
      {
        type: 'extras.status',
        attrs: {
          name: `${p}-status`,
          color: '111111',
          description: 'sample',
          content_types: ['dcim.device'],
        },
      },
      {
        type: 'dcim.locationtype',
        attrs: {
          name: `${p}-lt-site`,
          description: 'sample',
          nestable: false,
          content_types: [
            'dcim.device',
            'dcim.powerpanel',
            'dcim.rack',
            'dcim.rackgroup',
            'ipam.prefix',
            'ipam.vlangroup',
          ],
        },
        refs: { parent: null },
      },
      {
        type: 'dcim.locationtype',
        attrs: {
          name: `${p}-lt-room`,
          description: 'sample',
          nestable: true,
          content_types: ['dcim.device', 'dcim.powerpanel', 'dcim.rack', 'dcim.rackgroup'],
        },
        refs: { parent: `${p}-lt-site` },
      },
      {
        type: 'extras.team',
        attrs: {
          name: `${p}-team`,
          phone: '+1 555 0101',
          email: 'team@example.com',
          address: '',
          comments: 'sample',
        },
        refs: { tags: [tag] },
      },
      {
        type: 'extras.contact',
        attrs: {
          name: `${p}-contact`,
          phone: '+1 555 0100',
          email: 'noc@example.com',
          address: 'Main St 1',
          comments: 'sample',
        },
        refs: { tags: [tag] },
      },
      {
        type: 'dcim.devicefamily',
        attrs: { name: `${p}-family`, description: 'sample' },
        refs: { tags: [tag] },
      },
      {
        type: 'dcim.rackgroup',
        attrs: { name: `${p}-rg`, description: 'sample' },
        refs: { location: site, parent: null },
      },
    );
    const rackLine = lines.find((line) => line.type === 'dcim.rack');
    if (rackLine?.refs) rackLine.refs['rack_group'] = `${p}-rg`;
  }
  const loader = new RecordLoader(connectorRegistry);
  return RecordSet.of(lines.map((line, index) => loader.toRecord(line, `[${index}]`)));
}

/** The same records with a changed description (or comments, or tags) each: the update pass. */
export function updatedDataset(records: RecordSet): RecordSet {
  const updated = new RecordSet();
  for (const record of records) {
    const attrs: Record<string, JsonValue | undefined> = { ...record.attrs };
    let refs = record.refs;
    if ('description' in attrs) attrs['description'] = 'updated by plumbline';
    else if ('comments' in attrs) attrs['comments'] = 'updated by plumbline';
    else refs = { ...refs, tags: [] };
    updated.put({ ...record, attrs, refs } satisfies CanonicalRecord);
  }
  return updated;
}

/** Keys per type, for DiffOptions.scope. */
export function keysByType(records: RecordSet): Record<string, string[]> {
  const keys: Record<string, string[]> = {};
  for (const record of records) (keys[record.type] ??= []).push(record.key);
  return keys;
}
