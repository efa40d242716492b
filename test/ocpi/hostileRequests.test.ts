// Hostile and malformed requests against a real eMSP installation (loopback HTTP, PostgreSQL): each is
// refused with the HTTP status and OCPI status code the spec asks for, with a message naming what is
// wrong, and nothing is stored.
import { getPartner, invitePartner } from '../../src/db/repos/partners';
import { listReceivedCdrs } from '../../src/db/repos/roamingCdrs';
import { findToken, upsertToken } from '../../src/db/repos/tokens';
import { ocpiCdr } from '../../src/ocpi';
import { rateWithTariff } from '../../src/roaming/rateWithTariff';
import type { Cdr } from '../../src/tariff/types';
import {
  CPO_PARTY,
  DRIVER_TOKEN,
  EMSP_PARTY,
  WHOLESALE_TARIFF,
  partnerToken,
  sessionCdr,
} from '../roaming/fixtures';
import { connect, type Connection } from './support/connect';
import { call, type RawAnswer } from './support/http';
import { startOcpiNode, type OcpiNode } from './support/ocpiNode';

const BODY_LIMIT = 64 * 1024;

let cpo: OcpiNode;
let emsp: OcpiNode;
let link: Connection;
/** The credentials token the CPO presents to the eMSP (and the eMSP to the CPO). */
let cpoToken: string;
let emspToken: string;

/** A valid priced CDR as the CPO would send it. */
const validCdr = (): Cdr => {
  const { chargeledger_breakdown: _breakdown, ...cdr } = rateWithTariff(
    sessionCdr(),
    WHOLESALE_TARIFF,
    'Europe/Berlin',
  );
  return ocpiCdr(cdr);
};

beforeAll(async () => {
  [cpo, emsp] = await Promise.all([
    startOcpiNode({ parties: [CPO_PARTY] }),
    startOcpiNode({ parties: [EMSP_PARTY], bodyLimit: BODY_LIMIT }),
  ]);
  link = await connect(cpo, emsp);
  await upsertToken(emsp.db, DRIVER_TOKEN);
  cpoToken = (await getPartner(cpo.db, link.emspOnCpo))!.outgoingToken!;
  emspToken = (await getPartner(emsp.db, link.cpoOnEmsp))!.outgoingToken!;
}, 120_000);

afterAll(async () => {
  await Promise.all([cpo?.close(), emsp?.close()]);
});

afterEach(async () => {
  expect(await listReceivedCdrs(emsp.db)).toEqual([]);
  expect(emsp.received).toEqual([]);
});

function expectRefused(answer: RawAnswer, http: number, ocpi: number, message: RegExp) {
  expect({ http: answer.status, ocpi: answer.body?.status_code }).toEqual({ http, ocpi });
  expect(answer.body?.status_message).toMatch(message);
  expect(typeof answer.body?.timestamp).toBe('string');
}

const postCdr = (body: unknown, options: { token?: string; headers?: Record<string, string> } = {}) =>
  call('POST', emsp.urls.emspCdrs, { token: cpoToken, body, ...options });

describe('credentials tokens', () => {
  it('no Authorization header: 401', async () => {
    expectRefused(
      await call('POST', emsp.urls.emspCdrs, { body: validCdr() }),
      401,
      2000,
      /^Authorization: expected/,
    );
  });

  it('an unknown token: 401', async () => {
    expectRefused(
      await postCdr(validCdr(), { token: 'not-a-token-anyone-issued' }),
      401,
      2000,
      /unknown credentials token/,
    );
  });

  it('a token the eMSP issued for the other direction is not a key to this door: 401', async () => {
    expectRefused(await postCdr(validCdr(), { token: emspToken }), 401, 2000, /unknown credentials token/);
  });

  it('CREDENTIALS_TOKEN_A opens versions but not the cdrs module: 401', async () => {
    const { tokenA } = await invitePartner(emsp.db, { name: 'Newcomer' });
    expect((await call('GET', emsp.urls.versions, { token: tokenA })).status).toBe(200);
    expectRefused(
      await postCdr(validCdr(), { token: tokenA }),
      401,
      2000,
      /only opens the versions and credentials/,
    );
  });

  it('a token sent without Base64 (OCPI 2.1.1 habit) is still recognised', async () => {
    const answer = await call('GET', emsp.urls.versions, { headers: { Authorization: `Token ${cpoToken}` } });
    expect(answer.body?.status_code).toBe(1000);
  });
});

describe('parties', () => {
  it('OCPI-from-party-id of someone else: 2001', async () => {
    const answer = await postCdr(validCdr(), {
      headers: { 'OCPI-from-country-code': 'FR', 'OCPI-from-party-id': 'XYZ' },
    });
    expectRefused(answer, 200, 2001, /^OCPI-from-party-id: FR-XYZ is not a party of this connection/);
  });

  it('OCPI-to-party-id that is not our eMSP party: 2001', async () => {
    const answer = await postCdr(validCdr(), {
      headers: { 'OCPI-to-country-code': 'NL', 'OCPI-to-party-id': 'ABC' },
    });
    expectRefused(answer, 200, 2001, /^OCPI-to-party-id: NL-ABC is not one of our EMSP parties/);
  });

  it('a CDR owned by a party that is not a CPO of this connection: 2001', async () => {
    expectRefused(
      await postCdr({ ...validCdr(), party_id: 'OTH' }),
      200,
      2001,
      /^cdr\.party_id: DE-OTH is not a CPO party/,
    );
  });

  it('a CDR billing a token another eMSP issued: 2001', async () => {
    const cdr = validCdr();
    const answer = await postCdr({ ...cdr, cdr_token: { ...cdr.cdr_token, party_id: 'OTH' } });
    expectRefused(answer, 200, 2001, /^cdr\.cdr_token\.party_id: NL-OTH is not an eMSP party of ours/);
  });
});

describe('malformed bodies', () => {
  it('oversized body: 413', async () => {
    const cdr = { ...validCdr(), remark: 'x'.repeat(BODY_LIMIT) };
    expectRefused(await postCdr(cdr), 413, 2000, new RegExp(`larger than ${BODY_LIMIT} bytes`));
  });

  it('malformed JSON: 400', async () => {
    const answer = await call('POST', emsp.urls.emspCdrs, { token: cpoToken, rawBody: '{"id": "CDR-1",' });
    expectRefused(answer, 400, 2000, /^malformed JSON/);
  });

  it('not JSON at all: 415', async () => {
    const answer = await call('POST', emsp.urls.emspCdrs, {
      token: cpoToken,
      rawBody: 'id=CDR-1',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(answer.status).toBe(415);
    expect(answer.body?.status_code).toBe(2000);
  });

  const invalid: Array<[string, (cdr: Cdr) => unknown, RegExp]> = [
    [
      'a missing location field',
      (c) => ({ ...c, cdr_location: { ...c.cdr_location, evse_uid: undefined } }),
      /^cdr\.cdr_location\.evse_uid: required field/,
    ],
    ['a missing total', (c) => ({ ...c, total_energy: undefined }), /^cdr\.total_energy: required field/],
    [
      'a token of an unknown type',
      (c) => ({ ...c, cdr_token: { ...c.cdr_token, type: 'BADGE' } }),
      /^cdr\.cdr_token\.type: expected one of/,
    ],
    [
      'a negative amount in a normal CDR',
      (c) => ({ ...c, total_cost: { excl_vat: -9.375 } }),
      /^cdr\.total_cost\.excl_vat: negative amount/,
    ],
    [
      'a credit CDR without reference',
      (c) => ({ ...c, credit: true, total_cost: { excl_vat: -9.375 } }),
      /^cdr\.credit_reference_id: a credit CDR must name/,
    ],
    [
      'periods out of order',
      (c) => ({ ...c, charging_periods: [...c.charging_periods].reverse() }),
      /^cdr\.charging_periods\[1\]\.start_date_time: .* not after the previous/,
    ],
    [
      'an id longer than OCPI allows',
      (c) => ({ ...c, id: 'C'.repeat(40) }),
      /^cdr\.id: longer than the 39 characters/,
    ],
    ['a list instead of a CDR', (c) => [c], /^cdr: expected CDR object, got an array/],
  ];

  it.each(invalid)('%s: 2001 naming the field', async (_what, mutate, message) => {
    expectRefused(await postCdr(mutate(validCdr())), 200, 2001, message);
  });
});

describe('objects that are not there or not yours', () => {
  it('GET of a CDR id that was never received: 404', async () => {
    const answer = await call('GET', `${emsp.urls.emspCdrs}/00000000-0000-0000-0000-000000000000`, {
      token: cpoToken,
    });
    expectRefused(answer, 404, 2000, /no CDR .* received from you/);
  });

  it("PUT of a token under another eMSP's party: 404, nothing stored", async () => {
    const url = `${cpo.urls.cpoTokens}/FR/OTH/CARD-1`;
    const token = partnerToken('CARD-1', { country_code: 'FR', party_id: 'OTH' });
    expectRefused(
      await call('PUT', url, { token: emspToken, body: token }),
      404,
      2000,
      /FR-OTH is not an eMSP party/,
    );
    expect(await findToken(cpo.db, 'CARD-1')).toBeUndefined();
  });

  it('PUT of a token whose body disagrees with the URL: 2001', async () => {
    const url = `${cpo.urls.cpoTokens}/NL/EMP/CARD-2`;
    const token = partnerToken('CARD-3');
    expectRefused(
      await call('PUT', url, { token: emspToken, body: token }),
      200,
      2001,
      /^token\.uid: "CARD-3" differs from the URL/,
    );
    expect(await findToken(cpo.db, 'CARD-2')).toBeUndefined();
    expect(await findToken(cpo.db, 'CARD-3')).toBeUndefined();
  });

  it("PUT of a token whose uid is one of the CPO's own: 2001, the CPO's token is untouched", async () => {
    await upsertToken(cpo.db, {
      uid: 'OWN-CARD',
      countryCode: 'DE',
      partyId: 'CLG',
      type: 'RFID',
      contractId: 'DE-CLG-OWN',
    });
    const url = `${cpo.urls.cpoTokens}/NL/EMP/OWN-CARD`;
    const token = partnerToken('OWN-CARD');
    expectRefused(
      await call('PUT', url, { token: emspToken, body: token }),
      200,
      2001,
      /^token\.uid: OWN-CARD is a token of another party/,
    );
    expect(await findToken(cpo.db, 'OWN-CARD')).toMatchObject({ contractId: 'DE-CLG-OWN', isRoaming: false });
  });
});

describe('message ids', () => {
  it('X-Request-ID and X-Correlation-ID are echoed, routing headers swapped, also on errors', async () => {
    const answer = await postCdr(
      { ...validCdr(), total_time: undefined },
      {
        headers: {
          'X-Request-ID': 'req-123',
          'X-Correlation-ID': 'corr-456',
          'OCPI-from-country-code': 'DE',
          'OCPI-from-party-id': 'CLG',
          'OCPI-to-country-code': 'NL',
          'OCPI-to-party-id': 'EMP',
        },
      },
    );
    expect(answer.body?.status_code).toBe(2001);
    expect(answer.headers.get('x-request-id')).toBe('req-123');
    expect(answer.headers.get('x-correlation-id')).toBe('corr-456');
    expect(answer.headers.get('ocpi-to-party-id')).toBe('CLG');
    expect(answer.headers.get('ocpi-from-party-id')).toBe('EMP');
  });
});
