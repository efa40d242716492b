// Pure pieces of the OCPI layer: the Authorization header, paging parameters and headers, our
// identity from the environment, the endpoints we advertise, and the strict CDR check.
import {
  authorizationHeader,
  loadOcpiIdentity,
  ourEndpoints,
  strictCdrIssues,
  tokenCandidates,
} from '../../src/ocpi';
import { nextPageUrl, pageHeaders, pageRequest } from '../../src/ocpi/pagination';
import { OcpiError } from '../../src/ocpi/envelope';
import { rateWithTariff } from '../../src/roaming/rateWithTariff';
import { WHOLESALE_TARIFF, sessionCdr } from '../roaming/fixtures';

describe('Authorization header', () => {
  it('sends the token Base64-encoded, as OCPI 2.2.1 says', () => {
    expect(authorizationHeader('example-token')).toBe('Token ZXhhbXBsZS10b2tlbg==');
  });

  it('reads Base64 first, the plain text second (2.1.1 peers)', () => {
    expect(tokenCandidates('Token ZXhhbXBsZS10b2tlbg==')).toEqual(['example-token', 'ZXhhbXBsZS10b2tlbg==']);
    expect(tokenCandidates('Token ebf3b399-779f-4497-9b9d-ac6ad3cc44d2')).toEqual([
      'ebf3b399-779f-4497-9b9d-ac6ad3cc44d2',
    ]);
  });

  it("reads the spec's own example, which encodes a trailing newline", () => {
    expect(tokenCandidates('Token ZXhhbXBsZS10b2tlbgo=')[0]).toBe('example-token');
  });

  it.each([undefined, '', 'Bearer abc', 'Token', 'Token a b', 'Basic dXNlcjpwYXNz'])(
    'refuses %p',
    (header) => {
      expect(tokenCandidates(header)).toEqual([]);
    },
  );
});

describe('pagination', () => {
  it('reads offset, limit and dates; caps the limit at the server maximum', () => {
    expect(
      pageRequest(
        { offset: '10', limit: '500', date_from: '2019-01-28T12:00:00', date_to: '2019-01-29T12:00:00Z' },
        100,
      ),
    ).toEqual({
      offset: 10,
      limit: 100,
      dateFrom: '2019-01-28T12:00:00.000Z',
      dateTo: '2019-01-29T12:00:00.000Z',
    });
    expect(pageRequest({}, 50)).toEqual({ offset: 0, limit: 50 });
  });

  it.each([
    [{ offset: '-1' }, /^query parameter offset: expected a whole number/],
    [{ limit: '1.5' }, /^query parameter limit/],
    [{ date_to: '29-01-2019' }, /^query parameter date_to: expected an OCPI DateTime/],
  ])('refuses %p with 2001', (query, message) => {
    let error: unknown;
    try {
      pageRequest(query, 100);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(OcpiError);
    expect(error).toMatchObject({
      httpStatus: 200,
      statusCode: 2001,
      message: expect.stringMatching(message),
    });
  });

  it('links the next page with the filters, and none after the last page', () => {
    const page = { offset: 100, limit: 50, dateFrom: '2016-01-01T00:00:00.000Z' };
    expect(pageHeaders('https://x.example/ocpi/2.2.1/cpo/cdrs', page, 175, 50, 50)).toEqual({
      'X-Total-Count': '175',
      'X-Limit': '50',
      Link: '<https://x.example/ocpi/2.2.1/cpo/cdrs?date_from=2016-01-01T00%3A00%3A00.000Z&offset=150&limit=50>; rel="next"',
    });
    expect(pageHeaders('https://x.example/cdrs', { offset: 150, limit: 50 }, 175, 50, 25)).toEqual({
      'X-Total-Count': '175',
      'X-Limit': '50',
    });
  });

  it('finds the next URL in a Link header', () => {
    expect(nextPageUrl('<https://a/prev>; rel="prev", <https://a/next?offset=2>; rel="next"')).toBe(
      'https://a/next?offset=2',
    );
    expect(nextPageUrl(null)).toBeUndefined();
  });
});

describe('identity', () => {
  it('reads base URL and parties from the environment', () => {
    expect(
      loadOcpiIdentity({
        OCPI_BASE_URL: 'https://cl.example/ocpi/',
        OCPI_PARTIES: 'CPO:de:clg:Chargeledger: Charging GmbH; EMSP:DE:CLG:Mobility',
      }),
    ).toEqual({
      baseUrl: 'https://cl.example/ocpi',
      parties: [
        { role: 'CPO', countryCode: 'DE', partyId: 'CLG', name: 'Chargeledger: Charging GmbH' },
        { role: 'EMSP', countryCode: 'DE', partyId: 'CLG', name: 'Mobility' },
      ],
    });
    expect(loadOcpiIdentity({})).toBeUndefined();
  });

  it('says which part of OCPI_PARTIES is wrong', () => {
    expect(() =>
      loadOcpiIdentity({ OCPI_BASE_URL: 'https://x', OCPI_PARTIES: 'CPO:DE:CLG:A;HUB:DE:CLG:B' }),
    ).toThrow('OCPI_PARTIES[1] ("HUB:DE:CLG:B"): role must be CPO or EMSP, got "HUB"');
    expect(() => loadOcpiIdentity({ OCPI_BASE_URL: 'https://x', OCPI_PARTIES: 'EMSP:DEU:CLG:A' })).toThrow(
      /country code must be 2 letters/,
    );
  });

  it('advertises the interfaces of the roles held', () => {
    const emspOnly = ourEndpoints({
      baseUrl: 'https://x/ocpi',
      parties: [{ role: 'EMSP', countryCode: 'NL', partyId: 'EMP', name: 'E' }],
    });
    expect(emspOnly).toEqual([
      { identifier: 'credentials', role: 'SENDER', url: 'https://x/ocpi/2.2.1/credentials' },
      { identifier: 'cdrs', role: 'RECEIVER', url: 'https://x/ocpi/2.2.1/emsp/cdrs' },
      { identifier: 'tokens', role: 'SENDER', url: 'https://x/ocpi/2.2.1/emsp/tokens' },
    ]);
  });
});

describe('strict CDR check', () => {
  const priced = () => {
    const { chargeledger_breakdown: _b, ...cdr } = rateWithTariff(
      sessionCdr(),
      WHOLESALE_TARIFF,
      'Europe/Berlin',
    );
    return cdr;
  };
  const errors = (value: unknown) =>
    strictCdrIssues(value)
      .filter((i) => i.severity === 'error')
      .map((i) => `${i.path}: ${i.code}`);

  it('accepts a complete priced CDR', () => {
    expect(errors(priced())).toEqual([]);
  });

  it('requires what OCPI requires, even where rating would not', () => {
    const { cdr_token: _t, last_updated: _l, total_cost: _c, ...rest } = priced();
    expect(errors(rest)).toEqual([
      'cdr_token: required_field',
      'last_updated: required_field',
      'total_cost: required_field',
    ]);
  });

  it('accepts a credit CDR with a negated total_cost, and refuses a positive one', () => {
    const credit = {
      ...priced(),
      id: 'CDR-2025-0001-C',
      credit: true,
      credit_reference_id: 'CDR-2025-0001',
      total_cost: { excl_vat: -9.375, incl_vat: -11.1563 },
    };
    expect(errors(credit)).toEqual([]);
    expect(errors({ ...credit, total_cost: { excl_vat: 9.375 } })).toEqual([
      'total_cost.excl_vat: invalid_value',
    ]);
  });
});
