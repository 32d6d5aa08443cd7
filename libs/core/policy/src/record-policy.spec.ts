import { parseObjectTypePolicy } from './policy.parser';
import { type ObjectTypePolicyInput } from './policy.schema';
import { applyPolicyToRecord, compileRecordPolicy, type RecordPolicyResult } from './record-policy';

function policyOf(input: Partial<ObjectTypePolicyInput>, objectType = 'dcim.device') {
  return parseObjectTypePolicy({ object_type: objectType, ...input });
}

function ruleNames(result: RecordPolicyResult): string[] {
  if (result.status !== 'rejected') throw new Error(`expected a rejection, got ${result.status}`);
  return result.violations.map((violation) => violation.rule);
}

describe(applyPolicyToRecord.name, () => {
  const sut = applyPolicyToRecord;

  it('accepts a record as is without a policy', () => {
    expect(sut({ name: 'leaf-01' }, undefined)).toEqual({
      status: 'accepted',
      record: { name: 'leaf-01' },
    });
  });

  describe('mapping and transformations', () => {
    const policy = policyOf({
      field_mappings: { hostname: 'name', location: 'site', 'mgmt.ip': 'primary_ip4' },
      transformations: {
        name: [{ type: 'uppercase' }, { type: 'replace', pattern: '_', replacement: '-' }],
        site: [{ type: 'lookup', mapping: { datacenter1: 'DC1' } }],
        status: [{ type: 'default', value: 'active' }],
      },
      custom_fields: {
        intent_managed: { source: 'automation.enabled', default: false },
        last_seen: { source: 'discovery.timestamp', format: 'iso8601' },
      },
    });

    it('renames, follows dotted paths, transforms and fills defaults', () => {
      const result = sut(
        {
          hostname: 'leaf_01',
          location: 'datacenter1',
          mgmt: { ip: '192.0.2.1/24' },
          discovery: { timestamp: '2025-03-07 10:15:30+01:00' },
          serial: 'S1',
        },
        policy,
      );

      expect(result).toEqual({
        status: 'accepted',
        record: {
          name: 'LEAF-01',
          site: 'DC1',
          primary_ip4: '192.0.2.1/24',
          status: 'active',
          mgmt: { ip: '192.0.2.1/24' },
          discovery: { timestamp: '2025-03-07 10:15:30+01:00' },
          serial: 'S1',
          custom_fields: { intent_managed: false, last_seen: '2025-03-07T09:15:30.000Z' },
        },
      });
    });

    it('lets a mapped value win over a field of the same name', () => {
      const result = sut({ hostname: 'a', name: 'b' }, policy);

      expect(result.status === 'accepted' && result.record.name).toBe('A');
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['a transformation that fails names the field', { hostname: 42 }, ['name.transformations']],
      ['a list where text is expected', { hostname: ['a'] }, ['name.transformations']],
      [
        'an unreadable date in a custom field',
        { discovery: { timestamp: 'yesterday' } },
        ['last_seen.format'],
      ],
    ])('rejects: %s', (_case, entity, rules) => {
      expect(ruleNames(sut(entity, policy))).toEqual(rules);
    });
  });

  describe('validation rules', () => {
    const policy = policyOf(
      {
        field_lists: { required: ['vid', 'site'] },
        validation_rules: [
          { field: 'site', rule: 'required' },
          { field: 'name', rule: 'pattern', pattern: '^[A-Za-z0-9_-]+$' },
          { field: 'vid', rule: 'range', min: 1, max: 4094 },
          {
            name: 'short-description',
            field: 'description',
            rule: 'pattern',
            pattern: '^.{0,10}$',
          },
          { field: 'mtu', rule: 'range', min: 1280 },
        ],
      },
      'ipam.vlan',
    );
    const valid = { vid: 10, site: 'DC1', name: 'users' };

    it('accepts a record that passes every rule', () => {
      expect(sut(valid, policy).status).toBe('accepted');
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['missing required field', { vid: 10, name: 'users' }, ['site.required']],
      ['blank required field', { ...valid, site: '  ' }, ['site.required']],
      ['pattern mismatch', { ...valid, name: 'users vlan' }, ['name.pattern']],
      ['below range', { ...valid, vid: 0 }, ['vid.range']],
      ['above range', { ...valid, vid: 4095 }, ['vid.range']],
      ['numeric text in range is read as a number', { ...valid, vid: '4095' }, ['vid.range']],
      ['not a number', { ...valid, vid: 'ten' }, ['vid.range']],
      ['one-sided range', { ...valid, mtu: 1000 }, ['mtu.range']],
      [
        'a rule with its own name',
        { ...valid, description: 'far too long text' },
        ['short-description'],
      ],
      [
        'every failing rule at once',
        { name: 'a b', vid: 5000 },
        ['site.required', 'name.pattern', 'vid.range'],
      ],
    ])('rejects: %s', (_case, entity, rules) => {
      expect(ruleNames(sut(entity, policy))).toEqual(rules);
    });

    it('accepts range bounds themselves', () => {
      expect(sut({ ...valid, vid: 4094 }, policy).status).toBe('accepted');
      expect(sut({ ...valid, vid: 1 }, policy).status).toBe('accepted');
    });
  });

  describe('IP address filters', () => {
    const both = policyOf(
      { filters: { exclude_private: true, exclude_reserved: true } },
      'ipam.ipaddress',
    );
    const reservedOnly = policyOf({ filters: { exclude_reserved: true } }, 'ipam.ipaddress');

    it.each<[string, typeof both, string, string]>([
      ['private IPv4', both, '10.0.0.1/24', 'filtered:exclude_private'],
      ['private IPv6 (ULA)', both, 'fd00::1/64', 'filtered:exclude_private'],
      ['reserved IPv4 (loopback)', both, '127.0.0.1/8', 'filtered:exclude_reserved'],
      ['reserved IPv6 (link-local)', both, 'fe80::1/64', 'filtered:exclude_reserved'],
      ['documentation range', both, '2001:db8::1/64', 'filtered:exclude_reserved'],
      ['public IPv4', both, '8.8.8.8/32', 'accepted'],
      ['public IPv6', both, '2606:4700::1111/128', 'accepted'],
      ['private kept when only reserved is excluded', reservedOnly, '192.168.1.1/24', 'accepted'],
      ['not an address', both, 'leaf-01', 'rejected'],
    ])('%s', (_case, policy, address, outcome) => {
      const result = sut({ address }, policy);
      const label = result.status === 'filtered' ? `filtered:${result.filter}` : result.status;

      expect(label).toBe(outcome);
    });

    it('filters on another field when the policy names it', () => {
      const policy = policyOf(
        { filters: { exclude_private: true, field: 'ip' } },
        'ipam.ipaddress',
      );

      expect(sut({ ip: '10.1.1.1' }, policy)).toMatchObject({ status: 'filtered', field: 'ip' });
    });

    it('filters after transformations, so a cleaned-up address is what counts', () => {
      const policy = policyOf(
        {
          filters: { exclude_private: true },
          transformations: { address: [{ type: 'trim_whitespace' }] },
        },
        'ipam.ipaddress',
      );

      expect(sut({ address: ' 10.0.0.1 ' }, policy).status).toBe('filtered');
    });
  });
});

describe(compileRecordPolicy.name, () => {
  it('gives the same answer for every record it is used on', () => {
    const sut = compileRecordPolicy(
      policyOf({
        validation_rules: [{ field: 'name', rule: 'pattern', pattern: 'a', flags: 'i' }],
      }),
    );

    expect(sut.apply({ name: 'A' }).status).toBe('accepted');
    expect(sut.apply({ name: 'A' }).status).toBe('accepted');
    expect(sut.apply({ name: 'b' }).status).toBe('rejected');
  });
});
