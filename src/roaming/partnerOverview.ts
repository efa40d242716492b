// What an operator wants to know about each roaming partner at a glance: the connection (status, the
// parties it speaks for), the agreements, and how CDR exchange stands (pushes pending or refused for
// good, received CDRs not invoiced yet). For `chargeledger roaming partners` and GET /v1/roaming/partners.
import type { Knex } from 'knex';
import { listAgreements, listPartners, type AgreementRecord, type PartnerRecord } from '../db/repos/partners';

export interface PartnerOverview {
  id: string;
  name: string;
  status: PartnerRecord['status'];
  versionsUrl: string | null;
  /** e.g. "EMSP NL-EMP Example Mobility". */
  parties: string[];
  agreements: Array<Omit<AgreementRecord, 'partnerId' | 'createdAt' | 'updatedAt'>>;
  /** Our CDRs pushed to them, by delivery status. */
  deliveries: { pending: number; accepted: number; rejected: number };
  /** CDRs received from them that invoicing has not taken (no retail price, no customer, in progress). */
  receivedNotInvoiced: number;
}

async function countsBy(
  db: Knex,
  table: string,
  column: string,
  where: Record<string, unknown> = {},
): Promise<Map<string, Map<string, number>>> {
  const rows: Array<{ partner_id: string; key: string; count: string | number }> = await db(table)
    .where(where)
    .groupBy('partner_id', column)
    .select('partner_id', `${column} as key`)
    .count({ count: '*' });
  const counts = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const byKey = counts.get(row.partner_id) ?? new Map<string, number>();
    byKey.set(row.key, Number(row.count));
    counts.set(row.partner_id, byKey);
  }
  return counts;
}

export async function partnerOverviews(db: Knex): Promise<PartnerOverview[]> {
  const [partners, agreements, deliveries, received] = await Promise.all([
    listPartners(db),
    listAgreements(db),
    countsBy(db, 'roaming_cdr_deliveries', 'status'),
    countsBy(db, 'roaming_cdrs', 'state', { state: 'received' }),
  ]);
  return partners.map((partner) => {
    const delivered = deliveries.get(partner.id);
    return {
      id: partner.id,
      name: partner.name,
      status: partner.status,
      versionsUrl: partner.versionsUrl,
      parties: partner.roles.map((r) => `${r.role} ${r.countryCode}-${r.partyId} ${r.businessName}`),
      agreements: agreements
        .filter((agreement) => agreement.partnerId === partner.id)
        .map(({ partnerId: _p, createdAt: _c, updatedAt: _u, ...terms }) => terms),
      deliveries: {
        pending: delivered?.get('pending') ?? 0,
        accepted: delivered?.get('accepted') ?? 0,
        rejected: delivered?.get('rejected') ?? 0,
      },
      receivedNotInvoiced: received.get(partner.id)?.get('received') ?? 0,
    };
  });
}
