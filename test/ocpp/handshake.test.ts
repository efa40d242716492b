// Who gets a WebSocket: /ocpp/<chargePointId>, HTTP Basic auth per charger, an OCPP subprotocol.
import { RPCClient } from 'ocpp-rpc';
import { createOcppGateway, type OcppGateway } from '../../src/ocpp';
import { RecordingBackend } from './support/recordingBackend';

const PASSWORDS: Record<string, string> = { 'CP-1': 'correct horse', 'CP:colon': 'battery:staple' };
let gateway: OcppGateway;
let authenticatorDown = false;
const opened: RPCClient[] = [];

beforeAll(async () => {
  gateway = await createOcppGateway({
    backend: new RecordingBackend(),
    authenticate: async (id, password) => {
      if (authenticatorDown) throw new Error('chargers table unreachable');
      return PASSWORDS[id] === password;
    },
  });
});
afterAll(async () => {
  await Promise.all(opened.map((c) => c.close({ code: 1000 })));
  await gateway.close();
});

interface Attempt {
  endpoint?: string;
  identity?: string;
  password?: string;
  headers?: Record<string, string>;
  protocols?: string[];
}

/** Resolves with the agreed subprotocol, or the HTTP status / error the upgrade failed with. */
async function connect({
  endpoint = gateway.url,
  identity = 'CP-1',
  password,
  headers = {},
  protocols = ['ocpp1.6'],
}: Attempt) {
  const client = new RPCClient({
    endpoint,
    identity,
    password: password ?? null,
    headers,
    protocols,
    reconnect: false,
  } as ConstructorParameters<typeof RPCClient>[0]);
  try {
    await client.connect();
    opened.push(client);
    return { protocol: client.protocol, client };
  } catch (err) {
    const failure = err as { code?: number; message: string };
    return { status: failure.code, error: failure.message };
  }
}

describe('OCPP WebSocket upgrade', () => {
  it('accepts a known charger with its password and agrees on the subprotocol it offers', async () => {
    expect((await connect({ password: 'correct horse' })).protocol).toBe('ocpp1.6');
    expect((await connect({ password: 'correct horse', protocols: ['ocpp2.0.1'] })).protocol).toBe(
      'ocpp2.0.1',
    );
    expect((await connect({ password: 'correct horse', protocols: ['ocpp1.6', 'ocpp2.0.1'] })).protocol).toBe(
      'ocpp2.0.1',
    );
  });

  it('accepts colons in the charge point id and the password (username = identity)', async () => {
    expect((await connect({ identity: 'CP:colon', password: 'battery:staple' })).protocol).toBe('ocpp1.6');
  });

  it.each([
    ['a wrong password', { password: 'wrong' }],
    ['an unknown charger', { identity: 'CP-UNKNOWN', password: 'correct horse' }],
    ['no credentials', {}],
    [
      'a username that is not the charge point id',
      { headers: { authorization: `Basic ${Buffer.from('CP-2:correct horse').toString('base64')}` } },
    ],
    ['a malformed Authorization header', { headers: { authorization: 'Basic !!!' } }],
  ])('answers 401 to %s', async (_, attempt: Attempt) => {
    expect(await connect(attempt)).toMatchObject({ status: 401 });
  });

  it.each([
    ['another path', (url: string) => url.replace('/ocpp', '/chargers')],
    ['a nested path', (url: string) => `${url}/site-1`],
  ])('answers 404 to %s', async (_, pathOf) => {
    expect(await connect({ endpoint: pathOf(gateway.url), password: 'correct horse' })).toMatchObject({
      status: 404,
    });
  });

  it('answers 404 to the bare endpoint without a charge point id', async () => {
    expect(
      await connect({ endpoint: gateway.url.replace('/ocpp', ''), identity: 'ocpp', password: 'x' }),
    ).toMatchObject({ status: 404 });
  });

  it('answers 500 when the authenticator fails, and keeps serving', async () => {
    authenticatorDown = true;
    try {
      expect(await connect({ password: 'correct horse' })).toMatchObject({ status: 500 });
    } finally {
      authenticatorDown = false;
    }
    expect((await connect({ password: 'correct horse' })).protocol).toBe('ocpp1.6');
  });

  it('closes a connection that offers no OCPP version it speaks', async () => {
    const result = await connect({ password: 'correct horse', protocols: ['ocpp1.5'] });
    expect(result.protocol).toBeUndefined();
    expect(result.error).toMatch(/subprotocol/i);
  });

  it('lets a reconnecting charger replace its previous connection', async () => {
    const first = (await connect({ identity: 'CP-1', password: 'correct horse' })).client!;
    const closed = new Promise<{ code: number }>((resolve) => first.once('close', resolve));
    await connect({ identity: 'CP-1', password: 'correct horse' });
    expect((await closed).code).toBe(1000);
    expect(gateway.connectedChargers()).toContain('CP-1');
  });
});

describe('gateway shutdown', () => {
  it('closes connected chargers and stops listening', async () => {
    const own = await createOcppGateway({ backend: new RecordingBackend(), authenticate: async () => true });
    const client = new RPCClient({
      endpoint: own.url,
      identity: 'CP-9',
      password: 'x',
      protocols: ['ocpp2.0.1'],
      reconnect: false,
    } as ConstructorParameters<typeof RPCClient>[0]);
    await client.connect();
    const closed = new Promise<{ code: number }>((resolve) => client.once('close', resolve));
    await own.close();
    expect((await closed).code).toBe(1001);
    expect(own.connectedChargers()).toEqual([]);
    const again = new RPCClient({
      endpoint: own.url,
      identity: 'CP-9',
      password: 'x',
      protocols: ['ocpp2.0.1'],
      reconnect: false,
    } as ConstructorParameters<typeof RPCClient>[0]);
    await expect(again.connect()).rejects.toThrow(/ECONNREFUSED/);
  });
});
