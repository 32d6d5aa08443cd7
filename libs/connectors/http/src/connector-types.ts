import {
  type AttributeDefinition,
  NETBOX_NAUTOBOT_TYPES,
  type ObjectTypeDefinition,
  ObjectTypeRegistry,
  type ReferenceDefinition,
} from '@plumbline/object-types';

/*
 * The connectors need a few fields and types the core registry does not have yet. They are
 * kept here as data and merged into a registry of their own (ObjectTypeRegistry takes a list
 * of definitions); docs/connectors.md lists them so they can move into
 * libs/core/object-types as they are.
 */

const text = (name: string): AttributeDefinition => ({ name, kind: 'string', isTrimmed: true });
const note = (name: string): AttributeDefinition => ({
  name,
  kind: 'string',
  isTrimmed: true,
  isNullEmpty: true,
});
const choice = (name: string): AttributeDefinition => ({
  name,
  kind: 'string',
  isTrimmed: true,
  isCaseInsensitive: true,
  isNullEmpty: true,
});
const number = (name: string): AttributeDefinition => ({ name, kind: 'number' });
const flag = (name: string): AttributeDefinition => ({ name, kind: 'boolean' });
/** Content types a role, status, tag, location type or custom field applies to. */
const contentTypes: AttributeDefinition = {
  name: 'content_types',
  kind: 'json',
  isUnordered: true,
};
/** Custom field values by name; only non-null values are kept (both peers list every field). */
const customFields: AttributeDefinition = { name: 'custom_fields', kind: 'json' };
const ref = (name: string, to: string, extra: Partial<ReferenceDefinition> = {}) => ({
  name,
  to,
  ...extra,
});
const tags = ref('tags', 'extras.tag', { isList: true });
const status = ref('status', 'extras.status');

/** Fields added to core types. */
const AMENDMENTS: Readonly<
  Record<string, { attributes?: AttributeDefinition[]; references?: ReferenceDefinition[] }>
> = {
  'extras.role': { attributes: [contentTypes] },
  'extras.status': { attributes: [contentTypes] },
  'extras.tag': { attributes: [contentTypes] },
  'dcim.locationtype': { attributes: [contentTypes] },
  'dcim.rack': { references: [ref('rack_group', 'dcim.rackgroup')] },
  'dcim.devicetype': { references: [ref('device_family', 'dcim.devicefamily')] },
};

/** Types the core registry lacks. */
export const CONNECTOR_EXTRA_TYPES: readonly ObjectTypeDefinition[] = [
  {
    name: 'extras.customfield',
    naturalKey: ['name'],
    attributes: [
      text('name'),
      note('label'),
      choice('type'),
      note('description'),
      flag('required'),
      number('weight'),
      contentTypes,
    ],
    references: [],
  },
  {
    name: 'tenancy.contactgroup',
    naturalKey: ['name'],
    attributes: [text('name'), note('description')],
    references: [ref('parent', 'tenancy.contactgroup'), tags],
  },
  {
    name: 'extras.team',
    naturalKey: ['name'],
    attributes: [text('name'), note('phone'), note('email'), note('address'), note('comments')],
    references: [tags],
  },
  {
    name: 'extras.contact',
    naturalKey: ['name'],
    attributes: [
      text('name'),
      note('title'),
      note('phone'),
      note('email'),
      note('address'),
      note('comments'),
    ],
    references: [
      ref('groups', 'tenancy.contactgroup', { isList: true }),
      ref('teams', 'extras.team', { isList: true }),
      tags,
    ],
  },
  {
    name: 'dcim.sitegroup',
    naturalKey: ['name'],
    attributes: [text('name'), note('description')],
    references: [ref('parent', 'dcim.sitegroup'), tags],
  },
  {
    name: 'dcim.rackgroup',
    naturalKey: ['name'],
    attributes: [text('name'), note('description')],
    references: [ref('location', 'dcim.location'), ref('parent', 'dcim.rackgroup')],
  },
  {
    name: 'dcim.rackreservation',
    // A reservation has no name; the units it holds identify it within its rack.
    naturalKey: ['rack', 'units'],
    attributes: [text('units'), note('description')],
    references: [ref('rack', 'dcim.rack'), ref('tenant', 'tenancy.tenant'), tags],
  },
  {
    name: 'dcim.powerpanel',
    naturalKey: ['location', 'name'],
    attributes: [text('name')],
    references: [ref('location', 'dcim.location'), ref('rack_group', 'dcim.rackgroup'), tags],
  },
  {
    name: 'dcim.powerfeed',
    naturalKey: ['power_panel', 'name'],
    attributes: [
      text('name'),
      choice('type'),
      choice('supply'),
      choice('phase'),
      number('voltage'),
      number('amperage'),
      number('max_utilization'),
      note('comments'),
    ],
    references: [ref('power_panel', 'dcim.powerpanel'), ref('rack', 'dcim.rack'), status, tags],
  },
  {
    name: 'dcim.devicefamily',
    naturalKey: ['name'],
    attributes: [text('name'), note('description')],
    references: [tags],
  },
  {
    name: 'dcim.moduletype',
    naturalKey: ['manufacturer', 'model'],
    attributes: [text('model'), note('part_number'), note('comments')],
    references: [ref('manufacturer', 'dcim.manufacturer'), tags],
  },
  {
    name: 'circuits.providernetwork',
    naturalKey: ['provider', 'name'],
    attributes: [text('name'), note('description'), note('comments')],
    references: [ref('provider', 'circuits.provider'), tags],
  },
];

/** Core types with the amendments and custom_fields on every type, plus the extra types. */
export const CONNECTOR_TYPE_DEFINITIONS: readonly ObjectTypeDefinition[] = [
  ...NETBOX_NAUTOBOT_TYPES,
  ...CONNECTOR_EXTRA_TYPES,
].map((definition) => {
  const amendment = AMENDMENTS[definition.name] ?? {};
  const hasCustomFields = !['extras.tag', 'extras.customfield'].includes(definition.name);
  return {
    ...definition,
    attributes: [
      ...definition.attributes,
      ...(amendment.attributes ?? []),
      ...(hasCustomFields ? [customFields] : []),
    ],
    references: [...definition.references, ...(amendment.references ?? [])],
  };
});

export const connectorRegistry = new ObjectTypeRegistry(CONNECTOR_TYPE_DEFINITIONS);
