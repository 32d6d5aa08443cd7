import {
  EXPECTED_KEYED_READ,
  requirePeers,
  runKeyedReadScenario,
  summarizeKeyedRead,
} from '@plumbline/connector-http';
import { NautobotAdapter } from './nautobot.adapter';

const peers = requirePeers('NautobotAdapter keyed reads');
const describeWithPeers = peers ? describe : describe.skip;

describeWithPeers(`${NautobotAdapter.name} keyed reads`, () => {
  it('reads one device in a few small requests, updates it and resolves a late parent', async () => {
    const peer = peers!.peers.nautobotProduction;
    const findings = await runKeyedReadScenario('nautobot', (onRequest, maxKeyedRead) => {
      const adapter = new NautobotAdapter({
        url: peer.url,
        token: peer.token,
        ...(onRequest && { onRequest }),
      });
      if (maxKeyedRead !== undefined) Object.assign(adapter.options, { maxKeyedRead });
      return adapter;
    });
    expect(summarizeKeyedRead('nautobot', findings)).toEqual(EXPECTED_KEYED_READ);
  });
});
