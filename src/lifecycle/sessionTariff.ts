// Which tariff a session is priced with, chosen once at session start and frozen (OCPI: the CDR carries
// the tariff valid at the start). A roaming partner's driver pays the wholesale tariff of that
// partner's agreement (src/roaming); a contract token's own tariff wins; otherwise the tariffs offered
// at the connector, chosen by src/tariff's selection rule (type, then validity at the start instant).
import type { Knex } from 'knex';
import { getTariff, type TariffVersionRecord, type TokenRecord } from '../db';
import { connectorTariffIds } from '../db/repos/sessionIngest';
import { partnerWholesaleTariff } from '../roaming/wholesale';
import { compileTariff, selectTariff } from '../tariff';
import type { TariffType } from '../tariff/types';

export interface SessionTariffQuery {
  token?: TokenRecord;
  chargePointId: string;
  connectorId: number;
  startedAt: string;
  /** The connector's tariff ids when the caller has them already (its charger record): no lookup. */
  connectorTariffIds?: string[];
}

/** Drivers without a contract pay the ad hoc price; everyone else the regular one. */
function sessionTariffType(token: TokenRecord | undefined): TariffType {
  return !token || token.type === 'AD_HOC_USER' ? 'AD_HOC_PAYMENT' : 'REGULAR';
}

export async function chooseSessionTariff(
  db: Knex,
  query: SessionTariffQuery,
): Promise<TariffVersionRecord | undefined> {
  if (query.token?.isRoaming) {
    const wholesale = await partnerWholesaleTariff(db, query.token);
    // Without an agreement's tariff the connector's applies; the session is flagged (initializeSession).
    if (wholesale?.tariff) return wholesale.tariff;
  }
  const ids = query.token?.tariffId
    ? [query.token.tariffId]
    : (query.connectorTariffIds ?? (await connectorTariffIds(db, query.chargePointId, query.connectorId)));
  const candidates = (await Promise.all(ids.map((id) => getTariff(db, id)))).filter(
    (record): record is TariffVersionRecord => record !== undefined,
  );
  if (candidates.length <= 1) return candidates[0];
  const compiled = candidates.map((record) => compileTariff(record.tariff));
  const { tariff } = selectTariff(compiled, Date.parse(query.startedAt), sessionTariffType(query.token));
  return candidates[compiled.indexOf(tariff)];
}
