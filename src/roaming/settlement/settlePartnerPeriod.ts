// One settlement run for a partner and period: our CDRs both ways (sent: our CDRs of their drivers;
// received: their CDRs of our drivers), the disputes, reconciliation against the partner's view where
// we have it (their CDRs pulled over OCPI, or rows of their statement), the statement, stored as a new
// version when it changed. The I/O edge around the pure reconcile/buildStatement.
import { getAgreement, getPartner } from '../../db/repos/partners';
import { listOwnCdrsFor, listReceivedCdrs, type PartyRef } from '../../db/repos/roamingCdrs';
import { listDisputes, storeStatement, type StatementRecord } from '../../db/repos/settlements';
import { OcpiCallError, OcpiTransportError } from '../../ocpi/client/ocpiFetch';
import { pullCdrs } from '../../ocpi/client/pullCdrs';
import { readDeliveredCdrs } from '../../ocpi/client/readDeliveredCdrs';
import type { OcpiContext } from '../../ocpi/credentials';
import { partiesWithRole } from '../../ocpi/identity';
import { reconcile, type Finding, type ReconcileOptions } from './reconcile';
import { settlementCdrOf, type SettlementCdr } from './settlementCdr';
import { buildStatement, type SettlementStatement } from './statement';

export interface SettlementRun extends ReconcileOptions {
  partnerId: string;
  /** Inclusive, ISO instant. */
  periodStart: string;
  /** Exclusive, ISO instant. */
  periodEnd: string;
  /** Default: the currency of our agreement with the partner. */
  currency?: string;
  /** The partner's view to reconcile against, per direction (e.g. rows of their statement). */
  theirs?: { sent?: SettlementCdr[]; received?: SettlementCdr[] };
  /** Pull the partner's CDRs of the period (their cdrs sender interface) as their view of `received`. */
  pullTheirCdrs?: boolean;
  /** Read the partner's copy of each CDR we delivered (its Location) as their view of `sent`. */
  readTheirCopies?: boolean;
  /** Default: now. */
  generatedAt?: string;
}

const PAGE = 1000;

async function allOwnCdrs(
  ctx: OcpiContext,
  tokenIssuers: PartyRef[],
  run: SettlementRun,
): Promise<SettlementCdr[]> {
  const filter = {
    owners: partiesWithRole(ctx.identity, 'CPO'),
    tokenIssuers,
    from: run.periodStart,
    to: run.periodEnd,
  };
  const cdrs: SettlementCdr[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await listOwnCdrsFor(ctx.db, { ...filter, limit: PAGE, offset });
    cdrs.push(...page.map((cdr) => settlementCdrOf(cdr, 'sent')));
    if (page.length < PAGE) return cdrs;
  }
}

async function allReceivedCdrs(ctx: OcpiContext, run: SettlementRun): Promise<SettlementCdr[]> {
  const cdrs: SettlementCdr[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await listReceivedCdrs(ctx.db, {
      partnerId: run.partnerId,
      from: run.periodStart,
      to: run.periodEnd,
      limit: PAGE,
      offset,
    });
    cdrs.push(...page.map((record) => settlementCdrOf(record.cdr, 'received')));
    if (page.length < PAGE) return cdrs;
  }
}

/**
 * Where the partner's view of one direction came from: handed in, read over OCPI, not asked for, or
 * unavailable (the partner could not be read: that direction is not reconciled this time).
 */
export type PartnerView = 'given' | 'read' | 'none' | { unavailable: string };

/** Their view read over OCPI, or why it could not be (a partner that is down must not stop settlement). */
async function readView(
  read: () => Promise<SettlementCdr[]>,
): Promise<{ cdrs?: SettlementCdr[]; view: PartnerView }> {
  try {
    return { cdrs: await read(), view: 'read' };
  } catch (err) {
    if (err instanceof OcpiCallError || err instanceof OcpiTransportError) {
      return { view: { unavailable: err.message } };
    }
    throw err;
  }
}

export async function settlePartnerPeriod(
  ctx: OcpiContext,
  run: SettlementRun,
): Promise<{
  statement: SettlementStatement;
  record: StatementRecord;
  created: boolean;
  views: { sent: PartnerView; received: PartnerView };
}> {
  const partner = await getPartner(ctx.db, run.partnerId);
  if (!partner) throw new Error(`no roaming partner ${JSON.stringify(run.partnerId)}`);
  const currency =
    run.currency ??
    (await getAgreement(ctx.db, partner.id, 'CPO'))?.currency ??
    (await getAgreement(ctx.db, partner.id, 'EMSP'))?.currency;
  if (!currency) throw new Error(`roaming partner ${partner.id}: no agreement names a currency; pass one`);

  const sent = await allOwnCdrs(
    ctx,
    partner.roles.filter((role) => role.role === 'EMSP'),
    run,
  );
  const received = await allReceivedCdrs(ctx, run);
  const theirSent = run.theirs?.sent
    ? { cdrs: run.theirs.sent, view: 'given' as const }
    : run.readTheirCopies
      ? await readView(async () =>
          (
            await readDeliveredCdrs(
              ctx,
              partner.id,
              sent.map((cdr) => cdr.id),
            )
          ).map((cdr) => settlementCdrOf(cdr, 'sent')),
        )
      : { view: 'none' as const };
  const theirReceived = run.pullTheirCdrs
    ? await readView(async () =>
        (await pullCdrs(ctx, partner.id, { dateFrom: run.periodStart, dateTo: run.periodEnd })).map((cdr) =>
          settlementCdrOf(cdr, 'received'),
        ),
      )
    : run.theirs?.received
      ? { cdrs: run.theirs.received, view: 'given' as const }
      : { view: 'none' as const };
  const findings: Finding[] = [];
  if (theirSent.cdrs) findings.push(...reconcile(sent, theirSent.cdrs, run).findings);
  if (theirReceived.cdrs) findings.push(...reconcile(received, theirReceived.cdrs, run).findings);

  const disputes = await listDisputes(ctx.db, { partnerId: partner.id });
  const ourName = (partiesWithRole(ctx.identity, 'CPO')[0] ?? ctx.identity.parties[0]).name;
  const statement = buildStatement({
    partner: { id: partner.id, name: partner.roles[0]?.businessName ?? partner.name },
    ourName,
    periodStart: run.periodStart,
    periodEnd: run.periodEnd,
    currency,
    cdrs: [...sent, ...received],
    disputes,
    findings,
    generatedAt: run.generatedAt ?? new Date().toISOString(),
  });
  const { record, created } = await storeStatement(ctx.db, {
    partnerId: partner.id,
    periodStart: run.periodStart,
    periodEnd: run.periodEnd,
    currency,
    statement,
    contentKey: { ...statement, generatedAt: null },
    receivableInclVat: statement.receivable.inclVat,
    payableInclVat: statement.payable.inclVat,
    netInclVat: statement.net.inclVat,
  });
  return { statement, record, created, views: { sent: theirSent.view, received: theirReceived.view } };
}
