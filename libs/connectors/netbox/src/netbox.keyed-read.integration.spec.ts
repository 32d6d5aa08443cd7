import {
  EXPECTED_KEYED_READ,
  requirePeers,
  runKeyedReadScenario,
  summarizeKeyedRead,
} from '@plumbline/connector-http';
import { NetboxAdapter } from './netbox.adapter';

const peers = requirePeers('NetboxAdapter keyed reads');
const describeWithPeers = peers ? describe : describe.skip;

describeWithPeers(`${NetboxAdapter.name} keyed reads`, () => {
  it('reads one device in a few small requests, updates it and resolves a late parent', async () => {
    const peer = peers!.peers.netbox;
    const findings = await runKeyedReadScenario('netbox', (onRequest, maxKeyedRead) => {
      const adapter = new NetboxAdapter({
        url: peer.url,
        token: peer.token,
        ...(onRequest && { onRequest }),
      });
      if (maxKeyedRead !== undefined) Object.assign(adapter.options, { maxKeyedRead });
      return adapter;
    });
    expect(summarizeKeyedRead('netbox', findings)).toEqual(EXPECTED_KEYED_READ);
  });
});
