import nautobotDeleted from './fixtures/nautobot-3.2-tenant-deleted.json';
import nautobotUpdated from './fixtures/nautobot-3.2-tenant-updated.json';
import netboxDeleted from './fixtures/netbox-4.7-device-deleted.json';
import netboxUpdated from './fixtures/netbox-4.7-device-updated.json';
import { endpointOfObjectUrl, parseWebhookPayload } from './webhook-payload';
import { isValidWebhookSignature } from './webhook-signature';

// Deliveries recorded from the real NetBox 4.7.3 and Nautobot 3.2.7 of the peers harness.
const recorded = { netboxUpdated, netboxDeleted, nautobotUpdated, nautobotDeleted };

describe(parseWebhookPayload.name, () => {
  it.each(Object.entries(recorded))(
    'verifies the signature the peer put on %s',
    (_name, fixture) => {
      const body = Buffer.from(fixture.body, 'utf8');
      expect(isValidWebhookSignature(body, fixture.secret, fixture.signature)).toBe(true);
      expect(isValidWebhookSignature(body, 'not-the-secret', fixture.signature)).toBe(false);
    },
  );

  it('reads the object of a NetBox 4.7 event-rule delivery', () => {
    expect(parseWebhookPayload('netbox', JSON.parse(netboxUpdated.body))).toEqual({
      isRelevant: true,
      object: {
        event: 'updated',
        model: 'dcim.device',
        endpoint: 'dcim/devices/',
        peerId: 1,
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        timestamp: expect.any(String),
      },
    });
    expect(parseWebhookPayload('netbox', JSON.parse(netboxDeleted.body))).toMatchObject({
      isRelevant: true,
      object: { event: 'deleted', endpoint: 'dcim/devices/', peerId: 1 },
    });
  });

  it('reads the object of a Nautobot 3.2 webhook delivery', () => {
    const id = (JSON.parse(nautobotUpdated.body) as { data: { id: string } }).data.id;
    expect(parseWebhookPayload('nautobot', JSON.parse(nautobotUpdated.body))).toEqual({
      isRelevant: true,
      object: {
        event: 'updated',
        model: 'tenant',
        endpoint: 'tenancy/tenants/',
        peerId: id,
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        timestamp: expect.any(String),
      },
    });
    expect(parseWebhookPayload('nautobot', JSON.parse(nautobotDeleted.body))).toMatchObject({
      isRelevant: true,
      object: { event: 'deleted', endpoint: 'tenancy/tenants/', peerId: id },
    });
  });

  it('says why a delivery is not about an object change', () => {
    const body = JSON.parse(netboxUpdated.body) as Record<string, unknown>;
    expect(parseWebhookPayload('netbox', { ...body, event: 'job_ended' })).toEqual({
      isRelevant: false,
      reason: 'event "job_ended" is not an object change',
    });
    expect(parseWebhookPayload('netbox', [])).toEqual({
      isRelevant: false,
      reason: 'the body is not a JSON object',
    });
    expect(parseWebhookPayload('netbox', { event: 'updated', object_type: 'dcim.device' })).toEqual(
      {
        isRelevant: false,
        reason: 'the body names no model or carries no object data',
      },
    );
    // A custom body template that leaves out the object's API URL.
    expect(
      parseWebhookPayload('nautobot', { event: 'updated', model: 'device', data: { id: 'x' } }),
    ).toEqual({ isRelevant: false, reason: 'the object data holds no id and API url' });
  });
});

describe(endpointOfObjectUrl.name, () => {
  it.each([
    ['/api/dcim/devices/12/', 'dcim/devices/'],
    ['http://netbox.example.com/api/ipam/ip-addresses/7/', 'ipam/ip-addresses/'],
    ['https://nb.example.com/netbox/api/dcim/device-roles/3/?brief=1', 'dcim/device-roles/'],
    ['/api/plugins/acme/widgets/5/', 'plugins/acme/widgets/'],
  ])('finds the list endpoint of %s', (url, endpoint) => {
    expect(endpointOfObjectUrl(url)).toBe(endpoint);
  });

  it.each(['/dcim/devices/12/', '/api/', 'not a url'])('finds none in %s', (url) => {
    expect(endpointOfObjectUrl(url)).toBeNull();
  });
});
