import { execFileSync } from 'node:child_process';
import { startStripeMock } from '../../src/dev/stripeMock';

/** Local addresses the process listens on, from `ss` (iproute2). */
function listeningAddresses(pid: number): string[] {
  const lines = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes(`pid=${pid},`)).map((line) => line.trim().split(/\s+/)[3]);
}

describe('startStripeMock', () => {
  it('serves the Stripe API on loopback only, and stop() ends it', async () => {
    const mock = await startStripeMock();
    try {
      expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`);
      const response = await fetch(`${mock.url}/v1/payment_intents/pi_1`, {
        headers: { authorization: 'Bearer sk_test_123' },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: 'pi_1', object: 'payment_intent' });

      const addresses = listeningAddresses(mock.pid);
      expect(addresses).toContain(`127.0.0.1:${mock.port}`);
      // HTTP and the HTTPS listener stripe-mock always opens: both on 127.0.0.1.
      expect(addresses).toHaveLength(2);
      for (const address of addresses) expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    } finally {
      await mock.stop();
    }
    expect(listeningAddresses(mock.pid)).toEqual([]);
    await expect(fetch(`${mock.url}/v1/balance`)).rejects.toThrow();
  });

  it('uses the port it is given', async () => {
    const first = await startStripeMock();
    const port = first.port;
    await first.stop();
    const mock = await startStripeMock({ port });
    try {
      expect(mock.port).toBe(port);
    } finally {
      await mock.stop();
    }
  });
});
