// The OCPI tokens module between two installations: the eMSP pushes its drivers' tokens to the CPO
// (PUT/PATCH/GET on the CPO's receiver), and the CPO authorizes them from that whitelist or in real
// time against the eMSP's authorize endpoint, with the offline rules of each WhitelistType.
import { getPartner, updatePartnerConnection, type PartnerEndpoint } from '../../src/db/repos/partners';
import { findToken, setTokenStatus, upsertToken } from '../../src/db/repos/tokens';
import { freePort } from '../../src/dev/freePort';
import { pushToken, type Token } from '../../src/ocpi';
import { authorizeToken } from '../../src/roaming/tokenAuthorization';
import { CPO_PARTY, DRIVER_TOKEN, EMSP_PARTY, partnerToken } from '../roaming/fixtures';
import { connect, type Connection } from './support/connect';
import { call } from './support/http';
import { startOcpiNode, type OcpiNode } from './support/ocpiNode';

let cpo: OcpiNode;
let emsp: OcpiNode;
let link: Connection;
let emspToken: string;

beforeAll(async () => {
  [cpo, emsp] = await Promise.all([
    startOcpiNode({ parties: [CPO_PARTY] }),
    startOcpiNode({ parties: [EMSP_PARTY] }),
  ]);
  link = await connect(cpo, emsp);
  emspToken = (await getPartner(emsp.db, link.cpoOnEmsp))!.outgoingToken!;
}, 120_000);

afterAll(async () => {
  await Promise.all([cpo?.close(), emsp?.close()]);
});

/** The eMSP issues a token to a driver and pushes it to the CPO. */
async function issueAndPush(token: Token): Promise<number | undefined> {
  await upsertToken(emsp.db, {
    uid: token.uid,
    countryCode: token.country_code,
    partyId: token.party_id,
    type: token.type,
    contractId: token.contract_id,
    issuer: token.issuer,
    whitelist: token.whitelist,
    lastUpdated: token.last_updated,
  });
  const pushed = await pushToken(emsp.ctx, link.cpoOnEmsp, token);
  expect(pushed).toMatchObject({ outcome: 'accepted', statusCode: 1000 });
  return pushed.httpStatus;
}

describe('eMSP pushes tokens to the CPO', () => {
  it('PUT creates (201), PUT again replaces (200), GET reads it back', async () => {
    expect(await issueAndPush(partnerToken('CARD-ALLOWED', { whitelist: 'ALLOWED' }))).toBe(201);
    expect(
      await issueAndPush(partnerToken('CARD-ALLOWED', { whitelist: 'ALLOWED', visual_number: 'EMP 0001' })),
    ).toBe(200);
    const answer = await call('GET', `${cpo.urls.cpoTokens}/NL/EMP/CARD-ALLOWED`, { token: emspToken });
    expect(answer.body).toMatchObject({
      status_code: 1000,
      data: {
        uid: 'CARD-ALLOWED',
        visual_number: 'EMP 0001',
        valid: true,
        whitelist: 'ALLOWED',
        last_updated: '2025-03-01T08:00:00.000Z',
      },
    });
    expect(await findToken(cpo.db, 'CARD-ALLOWED')).toMatchObject({
      isRoaming: true,
      countryCode: 'NL',
      partyId: 'EMP',
    });
  });

  it('refuses to push a token another eMSP issued, without sending it', async () => {
    const foreign = partnerToken('CARD-FOREIGN', { party_id: 'OTH' });
    expect(await pushToken(emsp.ctx, link.cpoOnEmsp, foreign)).toEqual({
      outcome: 'rejected',
      message: 'token CARD-FOREIGN was not issued by an eMSP party of ours',
    });
    expect(await findToken(cpo.db, 'CARD-FOREIGN')).toBeUndefined();
  });

  it('GET of another type or an unknown uid: 404 + 2004', async () => {
    const otherType = await call('GET', `${cpo.urls.cpoTokens}/NL/EMP/CARD-ALLOWED?type=APP_USER`, {
      token: emspToken,
    });
    expect({ http: otherType.status, ocpi: otherType.body?.status_code }).toEqual({ http: 404, ocpi: 2004 });
    const unknown = await call('GET', `${cpo.urls.cpoTokens}/NL/EMP/NO-SUCH-CARD`, { token: emspToken });
    expect({ http: unknown.status, ocpi: unknown.body?.status_code }).toEqual({ http: 404, ocpi: 2004 });
  });

  it('PATCH without last_updated is 2001; PATCH valid=false blocks the token at the CPO', async () => {
    const url = `${cpo.urls.cpoTokens}/NL/EMP/CARD-ALLOWED`;
    const missing = await call('PATCH', url, { token: emspToken, body: { valid: false } });
    expect(missing.body).toMatchObject({
      status_code: 2001,
      status_message: 'token.last_updated: required field of Token is missing',
    });
    const patched = await call('PATCH', url, {
      token: emspToken,
      body: { valid: false, last_updated: '2025-03-02T08:00:00Z' },
    });
    expect(patched.body?.status_code).toBe(1000);
    expect(await findToken(cpo.db, 'CARD-ALLOWED')).toMatchObject({
      status: 'blocked',
      visualNumber: 'EMP 0001',
    });
    expect((await authorizeToken(cpo.ctx, 'CARD-ALLOWED')).result.status).toBe('Blocked');
  });
});

describe('the CPO authorizes a partner driver', () => {
  it('ALWAYS: from the whitelist, without asking', async () => {
    await issueAndPush(partnerToken('CARD-ALWAYS', { whitelist: 'ALWAYS' }));
    expect(await authorizeToken(cpo.ctx, 'CARD-ALWAYS')).toEqual({
      result: {
        status: 'Accepted',
        tokenUid: 'CARD-ALWAYS',
        contractId: 'NL-EMP-C-CARD-ALWAYS',
        countryCode: 'NL',
        partyId: 'EMP',
      },
      source: 'whitelist',
    });
  });

  it('NEVER: real time at the eMSP, which answers with an authorization reference', async () => {
    await issueAndPush(partnerToken('CARD-NEVER', { whitelist: 'NEVER' }));
    const decision = await authorizeToken(cpo.ctx, 'CARD-NEVER', {
      location: { location_id: 'LOC-BER-1', evse_uids: ['BER1-E1'] },
    });
    expect(decision).toMatchObject({
      source: 'realtime',
      result: { status: 'Accepted', tokenUid: 'CARD-NEVER' },
    });
    expect(decision.authorizationReference).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('NEVER: a token the eMSP has blocked since is Blocked, whatever the CPO cached', async () => {
    await issueAndPush(partnerToken('CARD-NEVER-BLOCKED', { whitelist: 'NEVER' }));
    await setTokenStatus(emsp.db, 'CARD-NEVER-BLOCKED', 'blocked');
    expect(await authorizeToken(cpo.ctx, 'CARD-NEVER-BLOCKED')).toMatchObject({
      source: 'realtime',
      result: { status: 'Blocked' },
    });
  });

  it('NEVER: a token the eMSP does not know (404 / 2004) is Invalid', async () => {
    await issueAndPush(partnerToken('CARD-GONE', { whitelist: 'NEVER' }));
    await emsp.db('tokens').where({ uid: 'CARD-GONE' }).delete();
    expect(await authorizeToken(cpo.ctx, 'CARD-GONE')).toMatchObject({
      source: 'realtime',
      result: { status: 'Invalid' },
    });
  });

  it('unknown uids are Invalid', async () => {
    expect(await authorizeToken(cpo.ctx, 'NEVER-SEEN')).toEqual({
      result: { status: 'Invalid' },
      source: 'unknown_token',
    });
  });

  describe('with the eMSP unreachable', () => {
    let endpoints: PartnerEndpoint[];
    beforeAll(async () => {
      await issueAndPush(partnerToken('CARD-OFFLINE', { whitelist: 'ALLOWED_OFFLINE' }));
      await issueAndPush(partnerToken('CARD-STRICT', { whitelist: 'NEVER' }));
      endpoints = (await getPartner(cpo.db, link.emspOnCpo))!.endpoints;
      const dead = `http://127.0.0.1:${await freePort()}`;
      await updatePartnerConnection(cpo.db, link.emspOnCpo, {
        endpoints: endpoints.map((e) => ({ ...e, url: `${dead}${new URL(e.url).pathname}` })),
      });
    });
    afterAll(() => updatePartnerConnection(cpo.db, link.emspOnCpo, { endpoints }));

    it('ALLOWED_OFFLINE is let through', async () => {
      expect(await authorizeToken(cpo.ctx, 'CARD-OFFLINE')).toMatchObject({
        source: 'offline_fallback',
        result: { status: 'Accepted' },
      });
    });

    it('NEVER is refused', async () => {
      expect(await authorizeToken(cpo.ctx, 'CARD-STRICT')).toMatchObject({
        source: 'unreachable',
        result: { status: 'Invalid' },
      });
    });
  });

  it('ALLOWED_OFFLINE with the eMSP reachable: real time', async () => {
    expect(await authorizeToken(cpo.ctx, 'CARD-OFFLINE')).toMatchObject({
      source: 'realtime',
      result: { status: 'Accepted' },
    });
  });

  it('the eMSP authorize endpoint: 404 + 2004 for a token it did not issue', async () => {
    const cpoToken = (await getPartner(cpo.db, link.emspOnCpo))!.outgoingToken!;
    const answer = await call('POST', `${emsp.urls.emspTokens}/${DRIVER_TOKEN.uid}/authorize`, {
      token: cpoToken,
    });
    expect({ http: answer.status, ocpi: answer.body?.status_code }).toEqual({ http: 404, ocpi: 2004 });
  });
});
