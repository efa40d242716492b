// The settlement statement with one partner for one period and currency. Pure.
//
// Lines: every CDR of the period (issued, i.e. last_updated, in [start, end)) in either direction:
// `sent` CDRs are ours (the partner owes us), `received` ones theirs (we owe them). A CDR under an
// open dispute is shown but withheld from what is due; a credit CDR offsets the CDR it credits (a
// credited CDR stays due, its credit line cancels it, in this period or the one the credit came in).
// Totals per direction, and the netted balance when we are both CPO and eMSP towards the partner.
//
// Rounding: each CDR's total_cost excl. and incl. VAT is rounded once, half-up, to the currency's
// minor unit; its VAT is incl − excl. Every total is the exact sum of those rounded lines, so the
// CSV and PDF add up to the cent.
import { Dec, moneyString, roundToMinorUnits } from '../../invoice/decimal';
import type { CdrDirection, DisputeStatus } from '../../db/repos/settlements';
import type { Finding } from './reconcile';
import { cdrKey, type SettlementCdr } from './settlementCdr';

export const STATEMENT_ROUNDING =
  "Each CDR's total_cost excl. and incl. VAT rounded half-up to the currency's minor unit; VAT = incl. − excl.; totals are sums of the rounded lines.";

export interface StatementDispute {
  direction: CdrDirection;
  countryCode: string;
  partyId: string;
  cdrId: string;
  reason: string;
  status: DisputeStatus;
  creditCdrId: string | null;
}

export interface StatementInput {
  partner: { id: string; name: string };
  ourName: string;
  /** Inclusive. */
  periodStart: string;
  /** Exclusive. */
  periodEnd: string;
  currency: string;
  /** Our CDRs with this partner, both directions. */
  cdrs: readonly SettlementCdr[];
  disputes?: readonly StatementDispute[];
  /** Reconciliation against the partner's view, shown on the statement. */
  findings?: readonly Finding[];
  generatedAt: string;
}

/** due: counts towards the balance; disputed: withheld; credit: a credit CDR; credited: offset by one. */
export type LineStatus = 'due' | 'disputed' | 'credit' | 'credited';

export interface StatementLine {
  direction: CdrDirection;
  countryCode: string;
  partyId: string;
  cdrId: string;
  startDateTime: string;
  /** kWh, exact. */
  energyKwh: string;
  exclVat: string;
  vat: string;
  inclVat: string;
  status: LineStatus;
  creditReferenceId: string | null;
  note: string | null;
}

export interface Amounts {
  count: number;
  energyKwh: string;
  exclVat: string;
  vat: string;
  inclVat: string;
}

export interface SettlementStatement {
  partnerId: string;
  partnerName: string;
  ourName: string;
  periodStart: string;
  periodEnd: string;
  currency: string;
  generatedAt: string;
  rounding: string;
  lines: StatementLine[];
  /** Sent CDRs not disputed: the partner owes us. */
  receivable: Amounts;
  /** Received CDRs not disputed: we owe the partner. */
  payable: Amounts;
  /** Disputed, not due until resolved. */
  withheldReceivable: Amounts;
  withheldPayable: Amounts;
  /** receivable − payable. */
  net: { exclVat: string; vat: string; inclVat: string; payer: 'partner' | 'us' | 'none' };
  findings: Finding[];
  /** CDRs handed in that are not on this statement, and why. */
  excluded: Array<{
    direction: CdrDirection;
    countryCode: string;
    partyId: string;
    cdrId: string;
    reason: string;
  }>;
}

interface Sum {
  count: number;
  energy: Dec;
  excl: Dec;
  incl: Dec;
}

const emptySum = (): Sum => ({ count: 0, energy: new Dec(0), excl: new Dec(0), incl: new Dec(0) });

function add(sum: Sum, line: StatementLine): void {
  sum.count++;
  sum.energy = sum.energy.plus(line.energyKwh);
  sum.excl = sum.excl.plus(line.exclVat);
  sum.incl = sum.incl.plus(line.inclVat);
}

function amounts(sum: Sum, currency: string): Amounts {
  return {
    count: sum.count,
    energyKwh: sum.energy.toFixed(),
    exclVat: moneyString(sum.excl, currency),
    vat: moneyString(sum.incl.minus(sum.excl), currency),
    inclVat: moneyString(sum.incl, currency),
  };
}

function disputeKey(d: Pick<StatementDispute, 'direction' | 'countryCode' | 'partyId' | 'cdrId'>): string {
  return `${d.direction}|${cdrKey({ countryCode: d.countryCode, partyId: d.partyId, id: d.cdrId })}`;
}

function lineOf(
  cdr: SettlementCdr,
  currency: string,
  openDispute: StatementDispute | undefined,
  creditedBy: string | undefined,
): StatementLine {
  const excl = roundToMinorUnits(new Dec(cdr.totalExclVat), currency);
  const incl = cdr.totalInclVat === null ? excl : roundToMinorUnits(new Dec(cdr.totalInclVat), currency);
  const notes: string[] = [];
  let status: LineStatus = 'due';
  if (cdr.credit) {
    status = 'credit';
    notes.push(`credits ${cdr.creditReferenceId}`);
  } else if (creditedBy) {
    // A credit settles a dispute even before anyone closes it: the CDR is cancelled, not withheld.
    status = 'credited';
    notes.push(`credited by ${creditedBy}`);
  } else if (openDispute) {
    status = 'disputed';
    notes.push(`disputed: ${openDispute.reason}`);
  }
  if (cdr.totalInclVat === null) notes.push('no VAT stated');
  return {
    direction: cdr.direction,
    countryCode: cdr.countryCode,
    partyId: cdr.partyId,
    cdrId: cdr.id,
    startDateTime: cdr.startDateTime,
    // A credit CDR states the energy of the CDR it cancels; on the statement it takes it back.
    energyKwh: (cdr.credit ? new Dec(cdr.totalEnergy).negated() : new Dec(cdr.totalEnergy)).toFixed(),
    exclVat: moneyString(excl, currency),
    vat: moneyString(incl.minus(excl), currency),
    inclVat: moneyString(incl, currency),
    status,
    creditReferenceId: cdr.creditReferenceId,
    note: notes.length ? notes.join('; ') : null,
  };
}

export function buildStatement(input: StatementInput): SettlementStatement {
  const { currency } = input;
  const start = Date.parse(input.periodStart);
  const end = Date.parse(input.periodEnd);
  const excluded: SettlementStatement['excluded'] = [];
  const exclude = (cdr: SettlementCdr, reason: string) =>
    excluded.push({
      direction: cdr.direction,
      countryCode: cdr.countryCode,
      partyId: cdr.partyId,
      cdrId: cdr.id,
      reason,
    });

  const inPeriod = input.cdrs.filter((cdr) => {
    const issued = Date.parse(cdr.lastUpdated);
    if (!(issued >= start && issued < end)) exclude(cdr, `issued ${cdr.lastUpdated}, outside the period`);
    else if (cdr.currency !== currency) exclude(cdr, `in ${cdr.currency}, not ${currency}`);
    else return true;
    return false;
  });

  const open = new Map<string, StatementDispute>();
  const creditedBy = new Map<string, string>();
  for (const dispute of input.disputes ?? []) {
    if (dispute.status === 'open') open.set(disputeKey(dispute), dispute);
    if (dispute.status === 'resolved' && dispute.creditCdrId)
      creditedBy.set(disputeKey(dispute), dispute.creditCdrId);
  }
  for (const cdr of input.cdrs) {
    if (cdr.credit && cdr.creditReferenceId) {
      const credited = {
        direction: cdr.direction,
        countryCode: cdr.countryCode,
        partyId: cdr.partyId,
        cdrId: cdr.creditReferenceId,
      };
      creditedBy.set(disputeKey(credited), cdr.id);
    }
  }

  const lines = inPeriod
    .map((cdr) => {
      const key = disputeKey({
        direction: cdr.direction,
        countryCode: cdr.countryCode,
        partyId: cdr.partyId,
        cdrId: cdr.id,
      });
      return lineOf(cdr, currency, open.get(key), creditedBy.get(key));
    })
    .sort(
      (a, b) =>
        (a.direction === b.direction ? 0 : a.direction === 'sent' ? -1 : 1) ||
        a.startDateTime.localeCompare(b.startDateTime) ||
        a.cdrId.localeCompare(b.cdrId),
    );

  const sums = {
    receivable: emptySum(),
    payable: emptySum(),
    withheldReceivable: emptySum(),
    withheldPayable: emptySum(),
  };
  for (const line of lines) {
    const sent = line.direction === 'sent';
    if (line.status === 'disputed') add(sent ? sums.withheldReceivable : sums.withheldPayable, line);
    else add(sent ? sums.receivable : sums.payable, line);
  }
  const netExcl = sums.receivable.excl.minus(sums.payable.excl);
  const netIncl = sums.receivable.incl.minus(sums.payable.incl);
  return {
    partnerId: input.partner.id,
    partnerName: input.partner.name,
    ourName: input.ourName,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    currency,
    generatedAt: input.generatedAt,
    rounding: STATEMENT_ROUNDING,
    lines,
    receivable: amounts(sums.receivable, currency),
    payable: amounts(sums.payable, currency),
    withheldReceivable: amounts(sums.withheldReceivable, currency),
    withheldPayable: amounts(sums.withheldPayable, currency),
    net: {
      exclVat: moneyString(netExcl, currency),
      vat: moneyString(netIncl.minus(netExcl), currency),
      inclVat: moneyString(netIncl, currency),
      payer: netIncl.isZero() ? 'none' : netIncl.isPositive() ? 'partner' : 'us',
    },
    findings: [...(input.findings ?? [])],
    excluded,
  };
}
