import { findPolicy, parseObjectTypePolicy, parsePolicySet } from './policy.parser';
import { driftPolicyOf } from './policy.schema';
import { PolicyValidationError } from './policy-validation.error';
import { exportPoliciesToYaml, importPoliciesFromYaml } from './policy-yaml';

function issuesOf(run: () => unknown): Array<{ path: string; reason: string }> {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a PolicyValidationError');
}

describe('drift policy', () => {
  it('sends drift to review without periodic checks when a policy names no drift settings', () => {
    const sut = parseObjectTypePolicy({ object_type: 'dcim.device' });
    expect(sut.drift).toBeUndefined();
    expect(driftPolicyOf(sut)).toEqual({ action: 'review' });
    expect(driftPolicyOf(undefined)).toEqual({ action: 'review' });
  });

  it('fills in the review action when only an interval is given', () => {
    const sut = parseObjectTypePolicy({
      object_type: 'dcim.device',
      drift: { reconcile_interval: 900 },
    });
    expect(driftPolicyOf(sut)).toEqual({ action: 'review', reconcile_interval: 900 });
  });

  it.each([
    [{ action: 'fix' }, 'drift.action', 'must be one of correct, review, accept'],
    [{ reconcile_interval: 0 }, 'drift.reconcile_interval', 'must be a positive number of seconds'],
    [{ reconcile_interval: 1.5 }, 'drift.reconcile_interval', 'must be a whole number of seconds'],
    [{ reconcile_interval: '1h' }, 'drift.reconcile_interval', 'must be a number of seconds'],
  ])('refuses drift %j, naming %s', (drift, path, reason) => {
    const issues = issuesOf(() => parseObjectTypePolicy({ object_type: 'dcim.device', drift }));
    expect(issues).toEqual([{ path, reason }]);
  });

  it('refuses an unknown drift setting by its path', () => {
    const issues = issuesOf(() =>
      parseObjectTypePolicy({ object_type: 'dcim.device', drift: { action: 'accept', every: 5 } }),
    );
    expect(issues.map((issue) => issue.path)).toEqual(['drift.every']);
  });

  it('reads drift from a sync policy in the YAML file', () => {
    const { policies } = importPoliciesFromYaml(`
sync_policies:
  devices:
    drift:
      action: correct
      reconcile_interval: 300
  ip_addresses:
    sync_interval: 60
`);
    expect(findPolicy(policies, 'dcim.device')?.drift).toEqual({
      action: 'correct',
      reconcile_interval: 300,
    });
    expect(findPolicy(policies, 'ipam.ipaddress')?.drift).toBeUndefined();
  });

  it('names the place in the YAML file of a bad drift setting', () => {
    const issues = issuesOf(() =>
      importPoliciesFromYaml('sync_policies:\n  devices:\n    drift:\n      action: ignore\n'),
    );
    expect(issues).toEqual([
      {
        path: 'sync_policies.devices.drift.action',
        reason: 'must be one of correct, review, accept',
      },
    ]);
  });

  it('writes drift settings to YAML and reads back the same policies', () => {
    const set = parsePolicySet({
      policies: [
        { object_type: 'dcim.device', drift: { action: 'accept', reconcile_interval: 60 } },
        { object_type: 'dcim.site', drift: { action: 'correct' } },
        { object_type: 'ipam.vlan' },
      ],
    });
    const yaml = exportPoliciesToYaml(set);
    expect(yaml).toContain('drift:\n      action: accept\n      reconcile_interval: 60');
    expect(importPoliciesFromYaml(yaml).policies).toEqual(set);
  });
});
