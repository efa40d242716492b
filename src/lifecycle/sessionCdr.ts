// A stopped session's priced OCPI CDR: the stored samples and status changes become charging periods
// (src/cdr), priced with the tariff frozen at the start (src/tariff). Reads only; the caller stores.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import {
  findToken,
  getCharger,
  getTariff,
  listSamples,
  type ChargerRecord,
  type SessionRecord,
  type TokenRecord,
} from '../db';
import { statusChangesOf } from '../db/repos/sessionIngest';
import { buildCdr, buildChargingPeriods, ocmfRecordsOfSamples, ocmfSignedData, type CdrOwner } from '../cdr';
import { pricedCdr, rateCdr, splitPlanFor, type PricedCdr } from '../tariff';
import type { CdrLocation, CdrToken, Tariff } from '../tariff/types';
import type { MeterSample, StatusChange } from '../session/types';
import type { ChargingPeriodsResult } from '../cdr';

/** OCPI CDR ids are at most 36 characters; derived from the session so a rebuilt CDR keeps its id. */
export function cdrIdFor(sessionId: string): string {
  return 'CDR-' + createHash('sha256').update(sessionId).digest('hex').slice(0, 24).toUpperCase();
}

/** OCPI Session ids are at most 36 characters too: a longer workflow id is shortened the same way. */
export function ocpiSessionIdFor(sessionId: string): string {
  return sessionId.length <= 36
    ? sessionId
    : 'S-' + createHash('sha256').update(sessionId).digest('hex').slice(0, 32).toUpperCase();
}

export interface SessionFacts {
  session: SessionRecord;
  charger: ChargerRecord;
  token?: TokenRecord;
  tariff?: Tariff;
  samples: MeterSample[];
  statusChanges: StatusChange[];
}

/** What pricing needs: the session, its frozen tariff, and its accepted samples and status changes. */
export type PricingFacts = Pick<SessionFacts, 'session' | 'tariff' | 'samples' | 'statusChanges'>;

/** `ingestedOnly`: only samples the ingest has classified (a running session's price so far). */
export async function loadPricingFacts(
  db: Knex,
  session: SessionRecord,
  options: { ingestedOnly?: boolean } = {},
): Promise<PricingFacts> {
  const [tariffRecord, stored, statusChanges] = await Promise.all([
    session.tariffId
      ? getTariff(db, session.tariffId, session.tariffVersion ?? undefined)
      : Promise.resolve(undefined),
    listSamples(db, session.id, { acceptedOnly: true, ingestedOnly: options.ingestedOnly }),
    statusChangesOf(db, session.id),
  ]);
  const samples = stored.map(({ id: _id, sessionId: _s, flags: _f, receivedAt: _r, ...sample }) => sample);
  return { session, tariff: tariffRecord?.tariff, samples, statusChanges };
}

export async function loadSessionFacts(db: Knex, session: SessionRecord): Promise<SessionFacts> {
  const [pricing, charger, token] = await Promise.all([
    loadPricingFacts(db, session),
    getCharger(db, session.chargePointId),
    session.tokenUid ? findToken(db, session.tokenUid) : Promise.resolve(undefined),
  ]);
  if (!charger)
    throw new Error(`charger ${session.chargePointId} of session ${session.id} is not registered`);
  return { ...pricing, charger, token };
}

/** The session's charging periods so far (`until` = now for a running session, the stop for a stopped one). */
export function chargingPeriodsOf(facts: PricingFacts, until: string): ChargingPeriodsResult {
  const { session, tariff } = facts;
  return buildChargingPeriods({
    sessionStart: session.startedAt,
    sessionStop: until,
    meterStartWh: session.meterStartWh,
    meterStopWh: session.stoppedAt ? (session.meterStopWh ?? undefined) : undefined,
    samples: facts.samples,
    statusChanges: facts.statusChanges,
    splitPlan: splitPlanFor(tariff ?? FREE_TARIFF, session.timeZone),
    tariffId: tariff?.id,
  });
}

/** With no tariff to apply, energy is delivered free of charge (and flagged by the caller). */
const FREE_TARIFF: Tariff = {
  country_code: 'ZZ',
  party_id: 'ZZZ',
  id: 'no-tariff',
  currency: 'EUR',
  elements: [{ price_components: [{ type: 'ENERGY', price: 0, step_size: 1 }] }],
  last_updated: '2000-01-01T00:00:00Z',
};

function cdrLocationOf(charger: ChargerRecord, connectorId: number): CdrLocation {
  const location = charger.location;
  const connector = charger.connectors.find((c) => c.connectorId === connectorId);
  return {
    id: location?.id ?? charger.chargePointId,
    ...(location?.name !== undefined && { name: location.name }),
    address: location?.address ?? 'unknown',
    city: location?.city ?? 'unknown',
    ...(location?.postalCode !== undefined && { postal_code: location.postalCode }),
    country: location?.country ?? 'ZZZ',
    coordinates: { latitude: location?.latitude ?? '0', longitude: location?.longitude ?? '0' },
    evse_uid: connector?.evseUid ?? `${charger.chargePointId}-${connectorId}`,
    evse_id: connector?.evseId ?? `${charger.chargePointId}*${connectorId}`,
    connector_id: connector?.ocpiConnectorId ?? String(connectorId),
    connector_standard: connector?.standard ?? 'IEC_62196_T2',
    connector_format: connector?.format ?? 'SOCKET',
    connector_power_type: connector?.powerType ?? 'AC_3_PHASE',
  };
}

function cdrTokenOf(session: SessionRecord, token: TokenRecord | undefined, owner: CdrOwner): CdrToken {
  if (token) {
    return {
      country_code: token.countryCode,
      party_id: token.partyId,
      uid: token.uid,
      type: token.type,
      contract_id: token.contractId,
    };
  }
  return {
    country_code: owner.countryCode,
    party_id: owner.partyId,
    uid: session.idTag,
    type: 'OTHER',
    contract_id: session.idTag,
  };
}

/** Builds and prices the CDR of a stopped session. */
export function pricedSessionCdr(facts: SessionFacts, defaultOwner: CdrOwner, now: string): PricedCdr {
  const { session, charger, token, tariff } = facts;
  if (!session.stoppedAt) throw new Error(`session ${session.id} has not stopped yet`);
  const owner = charger.cpo ?? defaultOwner;
  const charging = chargingPeriodsOf(facts, session.stoppedAt);
  const ocmf = ocmfRecordsOfSamples(facts.samples);
  const cdr = buildCdr({
    owner,
    cdrId: cdrIdFor(session.id),
    sessionId: ocpiSessionIdFor(session.id),
    token: cdrTokenOf(session, token, owner),
    authMethod: 'WHITELIST',
    location: cdrLocationOf(charger, session.connectorId),
    meterId: ocmf.records[0]?.meter.serial,
    currency: tariff?.currency ?? FREE_TARIFF.currency,
    tariff,
    charging,
    signedData: ocmf.records.length > 0 ? ocmfSignedData(ocmf.records) : undefined,
    lastUpdated: now,
  });
  const rating = rateCdr(cdr, { tariffs: [tariff ?? FREE_TARIFF], timeZone: session.timeZone });
  return pricedCdr(cdr, rating);
}
