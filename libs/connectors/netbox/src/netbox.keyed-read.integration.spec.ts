import { requirePeers, runKeyedReadScenario } from '@plumbline/connector-http';
import { NetboxAdapter } from './netbox.adapter';

const peers = requirePeers('NetboxAdapter keyed reads');
const describeWithPeers = peers ? describe : describe.skip;

describeWithPeers(`${NetboxAdapter.name} keyed reads`, () => {
  it('reads one device in a few small requests, updates it and resolves a late parent', async () => {
    const peer = peers!.peers.netbox;
    const sut = await runKeyedReadScenario('netbox', (onRequest, maxKeyedRead) => {
      const adapter = new NetboxAdapter({
        url: peer.url,
        token: peer.token,
        ...(onRequest && { onRequest }),
      });
      if (maxKeyedRead !== undefined) Object.assign(adapter.options, { maxKeyedRead });
      return adapter;
    });
    const describeRequests = (events: typeof sut.coldRequests) =>
      events.map((event) => `${event.method} ${event.path} ${JSON.stringify(event.query ?? {})}`);
    console.log(
      JSON.stringify({
        peer: 'netbox',
        coldRequests: sut.coldRequests.length,
        coldMs: Math.round(sut.coldMs),
        warmRequests: sut.warmRequests.length,
        warmMs: Math.round(sut.warmMs),
        updateRequests: describeRequests(sut.updateRequests),
      }),
    );
    expect(sut.keyedRecord).toBeDefined();
    expect({ ...sut.keyedRecord, observedAt: 0 }).toEqual({ ...sut.wholeRecord, observedAt: 0 });
    expect(sut.warmRequests).toHaveLength(1);
    expect(sut.coldRequests.length).toBeLessThanOrEqual(12);
    expect(sut.updateStatus).toBe('applied');
    // No read at all: the keyed read just before put the device's id in the index.
    // (a PATCH the peer answered with a retryable error is sent again)
    expect(sut.updateRequests.length).toBeGreaterThan(0);
    expect(sut.updateRequests.every((event) => event.method === 'PATCH')).toBe(true);
    expect(sut.lateParentStatus).toBe('applied');
    expect(sut.lateParentTenant).toMatch(/-late-tenant$/);
  });
});
