// The OCPI credentials handshake between two chargeledger installations (a CPO and an eMSP), each
// with its own PostgreSQL database, over real HTTP on loopback: registration with token A, each side
// calling the other with the exchanged tokens, rotation from either side, unregistration, and a
// registration whose connect-back fails.
import { getPartner, invitePartner, listPartners, type PartnerRecord } from '../../src/db/repos/partners';
import { OcpiCallError, registerWithPartner, unregisterFromPartner, updateCredentials } from '../../src/ocpi';
import { freePort } from '../../src/dev/freePort';
import { call } from './support/http';
import { startOcpiNode, type OcpiNode } from './support/ocpiNode';

let cpo: OcpiNode;
let emsp: OcpiNode;

beforeAll(async () => {
  [cpo, emsp] = await Promise.all([
    startOcpiNode({
      parties: [{ role: 'CPO', countryCode: 'DE', partyId: 'CLG', name: 'Chargeledger Charging' }],
    }),
    startOcpiNode({
      parties: [{ role: 'EMSP', countryCode: 'NL', partyId: 'EMP', name: 'Example Mobility' }],
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([cpo?.close(), emsp?.close()]);
});

/** The partner record a node keeps for the other one (each test scenario has exactly one). */
async function only(node: OcpiNode): Promise<PartnerRecord> {
  const partners = await listPartners(node.db);
  expect(partners).toHaveLength(1);
  return partners[0];
}

async function canCall(url: string, token: string | null) {
  return call('GET', url, { token: token ?? undefined });
}

describe('credentials handshake', () => {
  let tokenA: string;

  it('the eMSP registers with the CPO using the token A the CPO issued', async () => {
    ({ tokenA } = await invitePartner(cpo.db, { name: 'Example Mobility', id: 'emsp-nl-emp' }));
    const versions = await call('GET', cpo.urls.versions, { token: tokenA });
    expect(versions.status).toBe(200);
    expect(versions.body).toMatchObject({
      status_code: 1000,
      data: [{ version: '2.2.1', url: cpo.urls.details }],
    });

    const registered = await registerWithPartner(emsp.ctx, cpo.urls.versions, tokenA, {
      name: 'Chargeledger DE',
    });
    expect(registered).toMatchObject({
      status: 'registered',
      versionsUrl: cpo.urls.versions,
      version: '2.2.1',
      roles: [{ role: 'CPO', countryCode: 'DE', partyId: 'CLG', businessName: 'Chargeledger Charging' }],
    });
    expect(registered.endpoints).toContainEqual({
      identifier: 'cdrs',
      role: 'SENDER',
      url: cpo.urls.cpoCdrs,
    });

    const onCpo = await getPartner(cpo.db, 'emsp-nl-emp');
    expect(onCpo).toMatchObject({
      status: 'registered',
      versionsUrl: emsp.urls.versions,
      incomingTokenKind: 'C',
      roles: [{ role: 'EMSP', countryCode: 'NL', partyId: 'EMP', businessName: 'Example Mobility' }],
    });
    expect(onCpo!.endpoints).toContainEqual({
      identifier: 'cdrs',
      role: 'RECEIVER',
      url: emsp.urls.emspCdrs,
    });
    // Each side holds the token the other one issued.
    expect(onCpo!.outgoingToken).not.toBe(registered.outgoingToken);
    expect(registered.outgoingToken).not.toBe(tokenA);
  });

  it('each side calls the other with the exchanged tokens; token A is dead', async () => {
    const onEmsp = await only(emsp);
    const onCpo = await only(cpo);
    const pull = await canCall(cpo.urls.cpoCdrs, onEmsp.outgoingToken);
    expect(pull.status).toBe(200);
    expect(pull.body).toMatchObject({ status_code: 1000, data: [] });
    expect(pull.headers.get('x-total-count')).toBe('0');

    const details = await canCall(emsp.urls.details, onCpo.outgoingToken);
    expect(details.body).toMatchObject({
      status_code: 1000,
      data: {
        version: '2.2.1',
        endpoints: expect.arrayContaining([
          expect.objectContaining({ identifier: 'tokens', role: 'SENDER' }),
        ]),
      },
    });
    expect((await canCall(cpo.urls.versions, tokenA)).status).toBe(401);
  });

  it('POST again on a registered connection is 405', async () => {
    const onEmsp = await only(emsp);
    const again = await call('POST', cpo.urls.credentials, {
      token: onEmsp.outgoingToken!,
      body: { token: 'x'.repeat(20), url: emsp.urls.versions, roles: [] },
    });
    expect(again.status).toBe(405);
    expect(again.body?.status_code).toBe(2000);
  });

  it('GET credentials returns our credentials object with the caller token', async () => {
    const onEmsp = await only(emsp);
    const answer = await canCall(cpo.urls.credentials, onEmsp.outgoingToken);
    expect(answer.body).toMatchObject({
      status_code: 1000,
      data: {
        token: onEmsp.outgoingToken,
        url: cpo.urls.versions,
        roles: [
          {
            role: 'CPO',
            country_code: 'DE',
            party_id: 'CLG',
            business_details: { name: 'Chargeledger Charging' },
          },
        ],
      },
    });
  });

  it.each(['eMSP', 'CPO'])('rotates both tokens when the %s sends PUT credentials', async (side) => {
    const [initiator, other] = side === 'eMSP' ? [emsp, cpo] : [cpo, emsp];
    const before = { initiator: await only(initiator), other: await only(other) };
    const after = await updateCredentials(initiator.ctx, before.initiator.id);
    const otherAfter = await only(other);
    expect(after.outgoingToken).not.toBe(before.initiator.outgoingToken);
    expect(otherAfter.outgoingToken).not.toBe(before.other.outgoingToken);
    expect(after.status).toBe('registered');
    // Old tokens are refused, new ones work, both ways.
    expect((await canCall(other.urls.versions, before.initiator.outgoingToken)).status).toBe(401);
    expect((await canCall(initiator.urls.versions, before.other.outgoingToken)).status).toBe(401);
    expect((await canCall(other.urls.versions, after.outgoingToken)).body?.status_code).toBe(1000);
    expect((await canCall(initiator.urls.versions, otherAfter.outgoingToken)).body?.status_code).toBe(1000);
  });

  it('unregisters: both sides forget the tokens; PUT and DELETE are then refused', async () => {
    const onEmsp = await only(emsp);
    const onCpo = await only(cpo);
    const done = await unregisterFromPartner(emsp.ctx, onEmsp.id);
    expect(done).toMatchObject({ status: 'unregistered', outgoingToken: null });
    expect(await getPartner(cpo.db, onCpo.id)).toMatchObject({ status: 'unregistered', outgoingToken: null });
    expect((await canCall(cpo.urls.cpoCdrs, onEmsp.outgoingToken)).status).toBe(401);
    expect((await canCall(emsp.urls.versions, onCpo.outgoingToken)).status).toBe(401);
    const put = await call('PUT', cpo.urls.credentials, {
      token: onEmsp.outgoingToken!,
      body: { token: 'y'.repeat(20), url: emsp.urls.versions, roles: [] },
    });
    expect(put.status).toBe(401);
  });
});

describe('registration failures', () => {
  it('a connect-back that cannot reach the client answers 3001 and leaves token A usable', async () => {
    const { tokenA, partner } = await invitePartner(cpo.db, { name: 'Unreachable' });
    const deadPort = await freePort();
    const answer = await call('POST', cpo.urls.credentials, {
      token: tokenA,
      body: {
        token: 'token-b-for-unreachable',
        url: `http://127.0.0.1:${deadPort}/ocpi/versions`,
        roles: [
          { role: 'EMSP', country_code: 'BE', party_id: 'UNR', business_details: { name: 'Unreachable' } },
        ],
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body?.status_code).toBe(3001);
    expect(answer.body?.status_message).toMatch(/reading your endpoints failed/);
    expect(await getPartner(cpo.db, partner.id)).toMatchObject({ status: 'invited', roles: [] });
    expect((await call('GET', cpo.urls.versions, { token: tokenA })).status).toBe(200);
  });

  it('malformed credentials are 2001 naming the field', async () => {
    const { tokenA } = await invitePartner(cpo.db, { name: 'Sloppy' });
    const answer = await call('POST', cpo.urls.credentials, {
      token: tokenA,
      body: {
        token: 'tok',
        url: emsp.urls.versions,
        roles: [{ role: 'EMSP', country_code: 'NLD', party_id: 'EMP' }],
      },
    });
    expect(answer.body).toMatchObject({ status_code: 2001 });
    expect(answer.body?.status_message).toMatch(/^credentials\.roles\[0\]\.business_details: required field/);
  });

  it('a versions URL that answers no versions list fails before anything is stored', async () => {
    const { tokenA } = await invitePartner(cpo.db, { name: 'Wrong version' });
    const count = (await listPartners(emsp.db)).length;
    await expect(registerWithPartner(emsp.ctx, `${cpo.urls.details}/credentials`, tokenA)).rejects.toThrow(
      OcpiCallError,
    );
    expect(await listPartners(emsp.db)).toHaveLength(count);
  });
});
