// Which of our tariffs a partner may see on GET tariffs: our CPO parties' current tariffs, except the
// wholesale tariffs agreed with *other* partners (commercial terms are private to each agreement).
import type { Knex } from 'knex';
import { isSameParty, listAgreements } from '../db/repos/partners';
import type { PartyRef } from '../db/repos/roamingCdrs';
import { listCurrentTariffs } from '../db/repos/tariffs';
import type { Tariff } from '../tariff/types';

/** Visible tariffs by last_updated (then id), oldest first: a stable order for paging. */
export async function tariffsVisibleTo(
  db: Knex,
  partnerId: string,
  owners: readonly PartyRef[],
): Promise<Tariff[]> {
  const agreements = (await listAgreements(db)).filter((a) => a.ourRole === 'CPO' && a.wholesaleTariffId);
  const theirs = new Set(agreements.filter((a) => a.partnerId === partnerId).map((a) => a.wholesaleTariffId));
  const private_ = new Set(agreements.map((a) => a.wholesaleTariffId).filter((id) => !theirs.has(id)));
  return (await listCurrentTariffs(db))
    .filter((t) => owners.some((owner) => isSameParty(owner, t)))
    .filter((t) => !private_.has(t.tariffId))
    .sort((a, b) => a.lastUpdated.localeCompare(b.lastUpdated) || a.tariffId.localeCompare(b.tariffId))
    .map((t) => t.tariff);
}
