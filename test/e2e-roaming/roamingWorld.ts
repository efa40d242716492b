// The roaming world of the end-to-end tests, with its figures worked out by hand: CPO Voltwerk (DE-CLG)
// runs the Berlin charger of test/lifecycle; eMSP Example Mobility (DE-EMP) has a driver who charges
// there. Both are chargeledger installations (roamingNode.ts) that connect through their CLIs and OCPI.
//
// The session is test/lifecycle's BERLIN_EVENING played with the eMSP driver's token: 12 kWh charged
// in one hour from 16:15:03Z, then 20 minutes connected but idle.
//   wholesale WS-EMP (the CPO bills the eMSP): 0.30 per session + 0.25 €/kWh, VAT 19 %, idle free
//     CDR total_cost: 0.30 + 12 × 0.25 = 3.30 excl; × 1.19 = 3.927 incl
//     statement line (each CDR rounded half-up to the cent): 3.30 + 0.63 VAT = 3.93
//     B2B invoice: 0.30 + 3.00 = 3.30 net, 19 % of 3.30 = 0.627 → 0.63 VAT, 3.93 gross
//   retail EMP-FLEX (the eMSP bills its driver): 0.50 per session + 0.49 €/kWh + 3.00 €/h idle per
//     started minute, VAT 19 %: 0.50 + 5.88 + 20 min × 3.00/h = 1.00 → 7.38 excl; × 1.19 = 8.7822 incl
//     driver's invoice: 0.50 + 5.88 + 1.00 = 7.38 net, 19 % = 1.4022 → 1.40 VAT, 8.78 gross
import { randomBytes } from 'node:crypto';
import type { WorkflowBundleOption } from '@temporalio/worker';
import { putAgreement, putTariffVersion, upsertCustomer, upsertIssuer, upsertToken } from '../../src/db';
import type { CustomerInput } from '../../src/db/repos/customers';
import type { OurParty } from '../../src/ocpi';
import type { PushRetry } from '../../src/roaming/pushRetry';
import type { Tariff } from '../../src/tariff/types';
import { bundleWorkflows } from '../../src/worker';
import { issuerInput } from '../billing/fixtures';
import type { TestDatabase } from '../helpers/db';
import { chargeledger, chargeledgerJson, startRoamingNode, type RoamingNode } from './roamingNode';

export const CPO_PARTY: OurParty = {
  role: 'CPO',
  countryCode: 'DE',
  partyId: 'CLG',
  name: 'Voltwerk Ladenetz GmbH',
};
export const EMSP_PARTY: OurParty = {
  role: 'EMSP',
  countryCode: 'DE',
  partyId: 'EMP',
  name: 'Example Mobility GmbH',
};

export const WHOLESALE_TARIFF: Tariff = {
  country_code: 'DE',
  party_id: 'CLG',
  id: 'WS-EMP',
  currency: 'EUR',
  elements: [
    {
      price_components: [
        { type: 'FLAT', price: 0.3, vat: 19, step_size: 1 },
        { type: 'ENERGY', price: 0.25, vat: 19, step_size: 1 },
      ],
    },
  ],
  last_updated: '2026-01-01T00:00:00Z',
};

export const RETAIL_TARIFF: Tariff = {
  country_code: 'DE',
  party_id: 'EMP',
  id: 'EMP-FLEX',
  currency: 'EUR',
  elements: [
    {
      price_components: [
        { type: 'FLAT', price: 0.5, vat: 19, step_size: 1 },
        { type: 'ENERGY', price: 0.49, vat: 19, step_size: 1 },
        { type: 'PARKING_TIME', price: 3, vat: 19, step_size: 60 },
      ],
    },
  ],
  last_updated: '2026-01-01T00:00:00Z',
};

export const DRIVER_UID = 'EMP0000000042';

/** The eMSP's driver: no contract, invoiced per session, pays by bank transfer. */
export const DRIVER: CustomerInput = {
  id: 'EMP-DRIVER-42',
  issuerId: 'emp',
  kind: 'consumer',
  name: 'Lena Laderin',
  addressLines: ['Torstraße 5'],
  postalCode: '10119',
  city: 'Berlin',
  country: 'DE',
  email: 'lena@example.org',
  language: 'en',
  timeZone: 'Europe/Berlin',
  currency: 'EUR',
  paymentMethod: 'bank_transfer',
  billingMode: 'ad_hoc',
};

/** The eMSP as the CPO's business customer (settlement invoices): the customer id is the partner id. */
export function emspAsCustomer(partnerId: string): CustomerInput {
  return {
    id: partnerId,
    issuerId: issuerInput.id,
    kind: 'business',
    name: EMSP_PARTY.name,
    addressLines: ['Chausseestraße 88'],
    postalCode: '10115',
    city: 'Berlin',
    country: 'DE',
    vatId: 'DE129273398',
    email: 'roaming@emp.example',
    language: 'en',
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
    paymentMethod: 'bank_transfer',
    billingMode: 'ad_hoc',
  };
}

export interface RoamingPair {
  cpo: RoamingNode;
  emsp: RoamingNode;
  /** The eMSP's partner id at the CPO, and the CPO's at the eMSP (unique per test file: workflow ids use them). */
  emspOnCpo: string;
  cpoOnEmsp: string;
  workflowBundle: WorkflowBundleOption;
}

async function seed(pair: Omit<RoamingPair, 'emspOnCpo' | 'cpoOnEmsp'>): Promise<void> {
  const { cpo, emsp } = pair;
  await putTariffVersion(cpo.db, WHOLESALE_TARIFF);
  await upsertIssuer(cpo.db, issuerInput);
  await putTariffVersion(emsp.db, RETAIL_TARIFF);
  await upsertIssuer(emsp.db, { ...issuerInput, id: 'emp', name: EMSP_PARTY.name, language: 'en' });
  await upsertCustomer(emsp.db, DRIVER);
  await upsertToken(emsp.db, {
    uid: DRIVER_UID,
    countryCode: EMSP_PARTY.countryCode,
    partyId: EMSP_PARTY.partyId,
    type: 'RFID',
    contractId: 'DE-EMP-C00000042-3',
    issuer: EMSP_PARTY.name,
    whitelist: 'ALLOWED',
    tariffId: RETAIL_TARIFF.id,
    customerId: DRIVER.id,
  });
}

/**
 * Connects the two installations as their operators would, through their CLIs: the CPO invites, the
 * eMSP registers with the versions URL and token A, both record their agreement, and the eMSP sends
 * its driver's token to the CPO.
 */
async function connect(pair: Omit<RoamingPair, 'emspOnCpo' | 'cpoOnEmsp'>): Promise<RoamingPair> {
  const { cpo, emsp } = pair;
  const suffix = randomBytes(3).toString('hex');
  const invited = await chargeledgerJson<{ partnerId: string; versionsUrl: string; tokenA: string }>(
    cpo,
    'roaming',
    'invite',
    '--name',
    'Example Mobility',
    '--id',
    `emsp-${suffix}`,
  );
  const registered = await chargeledgerJson<{ partnerId: string; status: string }>(
    emsp,
    'roaming',
    'register',
    invited.versionsUrl,
    invited.tokenA,
    '--name',
    'Voltwerk',
    '--id',
    `cpo-${suffix}`,
  );
  const connected = { ...pair, emspOnCpo: invited.partnerId, cpoOnEmsp: registered.partnerId };
  await putAgreement(cpo.db, {
    partnerId: connected.emspOnCpo,
    ourRole: 'CPO',
    wholesaleTariffId: WHOLESALE_TARIFF.id,
    currency: 'EUR',
    settlementPeriod: 'monthly',
    paymentTermsDays: 30,
  });
  await upsertCustomer(cpo.db, emspAsCustomer(connected.emspOnCpo));
  await putAgreement(emsp.db, {
    partnerId: connected.cpoOnEmsp,
    ourRole: 'EMSP',
    currency: 'EUR',
    settlementPeriod: 'monthly',
    paymentTermsDays: 30,
  });
  const pushed = await chargeledger(emsp, 'roaming', 'push-token', connected.cpoOnEmsp, DRIVER_UID);
  if (pushed.code !== 0) throw new Error(`push-token failed: ${pushed.stderr}`);
  return connected;
}

/**
 * Registers jest hooks: both installations started, seeded and connected before the file's tests,
 * closed after them. `advertiseEmsp` puts something (a proxy) between the CPO and the eMSP's API;
 * `cpoPushRetry` sets the CPO's pace of CDR push retries.
 */
export function useRoamingPair(
  databases: { cpo: { readonly current: TestDatabase }; emsp: { readonly current: TestDatabase } },
  options: {
    advertiseEmsp?: (apiOrigin: string) => Promise<string>;
    /** How fast the CPO retries a CDR push the eMSP did not take. */
    cpoPushRetry?: PushRetry;
  } = {},
) {
  let pair: RoamingPair | undefined;
  const nodes: RoamingNode[] = [];
  beforeAll(async () => {
    const workflowBundle = await bundleWorkflows();
    const start = (name: string, database: TestDatabase, parties: OurParty[], extra = {}) =>
      startRoamingNode({ name, database, parties, workflowBundle, ...extra }).then((node) => {
        nodes.push(node);
        return node;
      });
    const cpo = await start('cpo', databases.cpo.current, [CPO_PARTY], {
      gateway: true,
      ...(options.cpoPushRetry && { pushRetry: options.cpoPushRetry }),
    });
    const emsp = await start('emsp', databases.emsp.current, [EMSP_PARTY], {
      ...(options.advertiseEmsp && { advertise: options.advertiseEmsp }),
    });
    await seed({ cpo, emsp, workflowBundle });
    pair = await connect({ cpo, emsp, workflowBundle });
  }, 180_000);
  afterAll(async () => {
    for (const node of nodes.reverse()) await node.close();
  });
  return {
    get current(): RoamingPair {
      if (!pair) throw new Error('the roaming pair is not ready yet: use it inside tests or hooks');
      return pair;
    },
  };
}
