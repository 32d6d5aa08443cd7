import { createApiClient, type ApiClient } from '@plumbline/api-client';
import { Client } from 'pg';
import { Stack, testDatabaseUrl } from '../support/stack';

// A policy file in the three-section YAML format policies are specified in.
const POLICY_FILE = `
sync_policies:
  devices:
    source_priority: netbox
    conflict_resolution: "latest_wins"
    sync_interval: 300
    fields:
      required: ["name", "device_type", "site"]
      optional: ["serial", "asset_tag", "platform"]
    transformations:
      name: "uppercase"
    validation_rules:
      - field: "name"
        pattern: "^[A-Z0-9-]+$"
  vlans:
    source_priority: netbox
    conflict_resolution: "manual_review"
    fields:
      required: ["vid", "name"]
    validation_rules:
      - field: "vid"
        range: [1, 4094]
data_transformations:
  devices:
    field_mappings:
      "hostname": "name"
    value_transformations:
      name:
        - type: "uppercase"
        - type: "replace"
          pattern: "_"
          replacement: "-"
conflict_resolution:
  global_policy: "manual_review"
  per_model_policies:
    devices:
      policy: "latest_wins"
      field_specific:
        serial:
          policy: "immutable"
  manual_review_triggers:
    - field_conflicts: ["name", "serial"]
    - value_changes:
        - field: "device_type"
          threshold: "any"
`;

describe('sync policies API (real PostgreSQL)', () => {
  let stack: Stack;
  let client: ApiClient;
  let token: string;

  beforeAll(async () => {
    stack = await Stack.start();
    token = await stack.login();
    client = createApiClient({ baseUrl: stack.baseUrl, getToken: () => token });
    const db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    await db.query('DELETE FROM sync_policies; DELETE FROM sync_policy_versions;');
    await db.end();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function importYaml(yaml: string) {
    return fetch(`${stack.baseUrl}/api/v1/policies/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml', authorization: `Bearer ${token}` },
      body: yaml,
    });
  }

  async function exportYaml(): Promise<string> {
    const response = await fetch(`${stack.baseUrl}/api/v1/policies/export`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.headers.get('content-type')).toMatch(/^application\/yaml/);
    return response.text();
  }

  it('imports a policy file as is, exports it, and re-imports the export without change', async () => {
    const imported = await importYaml(POLICY_FILE);
    expect(imported.status).toBe(200);
    const result = (await imported.json()) as { changed: string[]; unchanged: string[] };
    expect(result.changed.sort()).toEqual(['*', 'dcim.device', 'ipam.vlan']);

    const exported = await exportYaml();
    const again = (await (await importYaml(exported)).json()) as {
      changed: string[];
      unchanged: string[];
    };
    expect(again.changed).toEqual([]);
    expect(again.unchanged.sort()).toEqual(['*', 'dcim.device', 'ipam.vlan']);
    expect(await exportYaml()).toBe(exported);

    const device = await client.GET('/api/v1/policies/{objectType}', {
      params: { path: { objectType: 'dcim.device' } },
    });
    expect(device.data).toMatchObject({
      scope: 'dcim.device',
      version: 1,
      updatedBy: 'admin@plumbline.test',
    });
    expect(device.data?.policy).toMatchObject({
      object_type: 'dcim.device',
      source_priority: ['netbox'],
    });
  });

  it('keeps every saved version with who and when', async () => {
    const current = await client.GET('/api/v1/policies/{objectType}', {
      params: { path: { objectType: 'ipam.vlan' } },
    });
    const edited = { ...current.data!.policy, source_priority: ['netbox', 'discovery'] };
    const saved = await client.PUT('/api/v1/policies/{objectType}', {
      params: {
        path: { objectType: 'ipam.vlan' },
        query: { expectedVersion: current.data!.version },
      },
      body: edited,
    });
    expect(saved.response.status).toBe(200);
    expect(saved.data?.version).toBe(current.data!.version + 1);

    const stale = await client.PUT('/api/v1/policies/{objectType}', {
      params: {
        path: { objectType: 'ipam.vlan' },
        query: { expectedVersion: current.data!.version },
      },
      body: edited,
    });
    expect(stale.response.status).toBe(409);

    const versions = await client.GET('/api/v1/policies/{objectType}/versions', {
      params: { path: { objectType: 'ipam.vlan' } },
    });
    expect(versions.data?.map((version) => [version.version, version.action])).toEqual([
      [2, 'save'],
      [1, 'import'],
    ]);
    expect(versions.data?.[1]?.policy).toMatchObject({ source_priority: ['netbox'] });
    expect(versions.data?.[0]?.savedBy).toBe('admin@plumbline.test');
  });

  it('answers invalid policy input with a 400 naming the path of each bad field, and stores nothing', async () => {
    const response = await fetch(`${stack.baseUrl}/api/v1/policies/dcim.site`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        conflict_resolution: { strategy: 'coin_flip' },
        validation_rules: [{ field: 'vid', rule: 'range', min: 'low' }],
        colour: 'blue',
      }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: string;
      details: Array<{ field: string; reason: string }>;
    };
    expect(body.error).toBe('Bad Request');
    const fields = body.details.map((problem) => problem.field);
    expect(fields).toEqual(expect.arrayContaining(['conflict_resolution.strategy', 'colour']));
    expect(fields.some((field) => field.startsWith('validation_rules.0'))).toBe(true);

    const missing = await client.GET('/api/v1/policies/{objectType}', {
      params: { path: { objectType: 'dcim.site' } },
    });
    expect(missing.response.status).toBe(404);

    const badYaml = await importYaml('sync_policies:\n  devices:\n    conflict_resolution: 42\n');
    expect(badYaml.status).toBe(400);
    const yamlBody = (await badYaml.json()) as { details: Array<{ field: string }> };
    expect(yamlBody.details[0]?.field).toMatch(/^sync_policies\.devices/);
  });

  it('deletes a policy but keeps its history', async () => {
    const removed = await client.DELETE('/api/v1/policies/{objectType}', {
      params: { path: { objectType: 'ipam.vlan' } },
    });
    expect(removed.response.status).toBe(204);
    const versions = await client.GET('/api/v1/policies/{objectType}/versions', {
      params: { path: { objectType: 'ipam.vlan' } },
    });
    expect(versions.data?.[0]).toMatchObject({ version: 3, action: 'delete', policy: null });
  });
});
