// The CPO tariffs sender interface between two installations: a partner sees our public tariffs and
// its own wholesale tariff, never the wholesale tariff agreed with another partner; paged and
// filtered by last_updated.
import { getPartner, invitePartner, putAgreement } from '../../src/db/repos/partners';
import { putTariffVersion } from '../../src/db/repos/tariffs';
import type { Tariff } from '../../src/tariff/types';
import { CPO_PARTY, EMSP_PARTY, RETAIL_TARIFF, WHOLESALE_TARIFF } from '../roaming/fixtures';
import { connect, type Connection } from './support/connect';
import { call } from './support/http';
import { startOcpiNode, type OcpiNode } from './support/ocpiNode';

let cpo: OcpiNode;
let emsp: OcpiNode;
let link: Connection;
let token: string;

const PUBLIC: Tariff = { ...WHOLESALE_TARIFF, id: 'DE-CLG-PUBLIC', last_updated: '2025-02-01T00:00:00Z' };
const OTHERS_WHOLESALE: Tariff = {
  ...WHOLESALE_TARIFF,
  id: 'DE-CLG-WS-OTHER',
  last_updated: '2025-01-15T00:00:00Z',
};
const FOREIGN: Tariff = { ...RETAIL_TARIFF, id: 'NL-EMP-NOT-OURS' };

beforeAll(async () => {
  [cpo, emsp] = await Promise.all([
    startOcpiNode({ parties: [CPO_PARTY] }),
    startOcpiNode({ parties: [EMSP_PARTY] }),
  ]);
  link = await connect(cpo, emsp);
  token = (await getPartner(emsp.db, link.cpoOnEmsp))!.outgoingToken!;
  for (const tariff of [WHOLESALE_TARIFF, PUBLIC, OTHERS_WHOLESALE, FOREIGN])
    await putTariffVersion(cpo.db, tariff);
  const { partner: other } = await invitePartner(cpo.db, { name: 'Another eMSP' });
  const terms = {
    ourRole: 'CPO',
    currency: 'EUR',
    settlementPeriod: 'monthly',
    paymentTermsDays: 30,
  } as const;
  await putAgreement(cpo.db, { ...terms, partnerId: link.emspOnCpo, wholesaleTariffId: WHOLESALE_TARIFF.id });
  await putAgreement(cpo.db, { ...terms, partnerId: other.id, wholesaleTariffId: OTHERS_WHOLESALE.id });
}, 120_000);

afterAll(async () => {
  await Promise.all([cpo?.close(), emsp?.close()]);
});

const ids = (data: unknown) => (data as Tariff[]).map((t) => t.id);

it("lists our public tariffs and the partner's own wholesale tariff, oldest first", async () => {
  const answer = await call('GET', cpo.urls.cpoTariffs, { token });
  expect(answer.body?.status_code).toBe(1000);
  expect(ids(answer.body?.data)).toEqual(['DE-CLG-WS-EMP', 'DE-CLG-PUBLIC']);
  expect(answer.headers.get('x-total-count')).toBe('2');
});

it('filters by last_updated and pages', async () => {
  const since = await call('GET', `${cpo.urls.cpoTariffs}?date_from=2025-01-10T00:00:00Z`, { token });
  expect(ids(since.body?.data)).toEqual(['DE-CLG-PUBLIC']);
  const first = await call('GET', `${cpo.urls.cpoTariffs}?limit=1`, { token });
  expect(ids(first.body?.data)).toEqual(['DE-CLG-WS-EMP']);
  expect(first.headers.get('link')).toBe(`<${cpo.urls.cpoTariffs}?offset=1&limit=1>; rel="next"`);
});

it('is not offered by an installation without a CPO role', async () => {
  const answer = await call('GET', `${new URL(emsp.urls.versions).origin}/ocpi/2.2.1/cpo/tariffs`, { token });
  expect(answer.status).toBe(404);
});
