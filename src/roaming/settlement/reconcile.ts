// Reconciliation: our CDRs of one direction against the partner's view of the same CDRs (their list
// pulled with GET cdrs, or rows of their statement). Pure. Finds, per CDR key:
//   missing_at_partner / missing_here – on one side only;
//   amount_mismatch – total_cost excl. or incl. VAT differs by more than the tolerance;
//   energy_mismatch – total_energy differs by more than the energy tolerance;
//   currency_mismatch – the two sides state different currencies (amounts are then not compared);
//   duplicate – the same key more than once on one side (the first is compared, the others reported).
import { Dec } from '../../invoice/decimal';
import { cdrKey, type SettlementCdr } from './settlementCdr';

export type FindingKind =
  | 'missing_at_partner'
  | 'missing_here'
  | 'amount_mismatch'
  | 'energy_mismatch'
  | 'currency_mismatch'
  | 'duplicate';

export interface FindingValues {
  exclVat: string;
  inclVat: string | null;
  energy: string;
  currency: string;
}

export interface Finding {
  kind: FindingKind;
  direction: SettlementCdr['direction'];
  countryCode: string;
  partyId: string;
  cdrId: string;
  /** For duplicates: which side holds the key twice. */
  side?: 'ours' | 'theirs';
  ours?: FindingValues;
  theirs?: FindingValues;
  /** ours − theirs, for amount (excl. VAT) and energy mismatches. */
  difference?: string;
  message: string;
}

export interface ReconcileOptions {
  /** Largest accepted difference of an amount, in the currency (default "0.01"). */
  amountTolerance?: string;
  /** Largest accepted difference of total_energy, in kWh (default "0.001", one Wh). */
  energyTolerance?: string;
}

export interface Reconciliation {
  findings: Finding[];
  /** Keys present on both sides without any finding. */
  matched: number;
}

function values(cdr: SettlementCdr): FindingValues {
  return {
    exclVat: cdr.totalExclVat,
    inclVat: cdr.totalInclVat,
    energy: cdr.totalEnergy,
    currency: cdr.currency,
  };
}

function indexed(cdrs: readonly SettlementCdr[], side: 'ours' | 'theirs', findings: Finding[]) {
  const byKey = new Map<string, SettlementCdr>();
  for (const cdr of cdrs) {
    const key = cdrKey(cdr);
    if (byKey.has(key)) {
      findings.push({
        kind: 'duplicate',
        direction: cdr.direction,
        countryCode: cdr.countryCode,
        partyId: cdr.partyId,
        cdrId: cdr.id,
        side,
        [side]: values(cdr),
        message: `CDR ${cdr.id} appears more than once in ${side === 'ours' ? 'our' : 'the partner'} list`,
      });
    } else {
      byKey.set(key, cdr);
    }
  }
  return byKey;
}

const beyond = (a: string | null, b: string | null, tolerance: Dec) =>
  a !== null && b !== null && new Dec(a).minus(b).abs().greaterThan(tolerance);

function compare(
  ours: SettlementCdr,
  theirs: SettlementCdr,
  amountTolerance: Dec,
  energyTolerance: Dec,
): Finding[] {
  const base = {
    direction: ours.direction,
    countryCode: ours.countryCode,
    partyId: ours.partyId,
    cdrId: ours.id,
    ours: values(ours),
    theirs: values(theirs),
  };
  if (ours.currency !== theirs.currency) {
    return [
      {
        ...base,
        kind: 'currency_mismatch',
        message: `CDR ${ours.id}: ${ours.currency} here, ${theirs.currency} at the partner`,
      },
    ];
  }
  const findings: Finding[] = [];
  if (
    beyond(ours.totalExclVat, theirs.totalExclVat, amountTolerance) ||
    beyond(ours.totalInclVat, theirs.totalInclVat, amountTolerance)
  ) {
    findings.push({
      ...base,
      kind: 'amount_mismatch',
      difference: new Dec(ours.totalExclVat).minus(theirs.totalExclVat).toFixed(),
      message: `CDR ${ours.id}: total_cost ${ours.totalExclVat}/${ours.totalInclVat ?? '–'} here, ${theirs.totalExclVat}/${theirs.totalInclVat ?? '–'} at the partner (excl./incl. VAT)`,
    });
  }
  if (beyond(ours.totalEnergy, theirs.totalEnergy, energyTolerance)) {
    findings.push({
      ...base,
      kind: 'energy_mismatch',
      difference: new Dec(ours.totalEnergy).minus(theirs.totalEnergy).toFixed(),
      message: `CDR ${ours.id}: ${ours.totalEnergy} kWh here, ${theirs.totalEnergy} kWh at the partner`,
    });
  }
  return findings;
}

export function reconcile(
  ours: readonly SettlementCdr[],
  theirs: readonly SettlementCdr[],
  options: ReconcileOptions = {},
): Reconciliation {
  const amountTolerance = new Dec(options.amountTolerance ?? '0.01');
  const energyTolerance = new Dec(options.energyTolerance ?? '0.001');
  const findings: Finding[] = [];
  const mine = indexed(ours, 'ours', findings);
  const partner = indexed(theirs, 'theirs', findings);
  let matched = 0;
  for (const [key, cdr] of mine) {
    const counterpart = partner.get(key);
    if (!counterpart) {
      findings.push({
        kind: 'missing_at_partner',
        direction: cdr.direction,
        countryCode: cdr.countryCode,
        partyId: cdr.partyId,
        cdrId: cdr.id,
        ours: values(cdr),
        message: `CDR ${cdr.id} is ours but not in the partner's list`,
      });
      continue;
    }
    const differences = compare(cdr, counterpart, amountTolerance, energyTolerance);
    findings.push(...differences);
    if (differences.length === 0) matched++;
  }
  for (const [key, cdr] of partner) {
    if (mine.has(key)) continue;
    findings.push({
      kind: 'missing_here',
      direction: cdr.direction,
      countryCode: cdr.countryCode,
      partyId: cdr.partyId,
      cdrId: cdr.id,
      theirs: values(cdr),
      message: `CDR ${cdr.id} is in the partner's list but not ours`,
    });
  }
  return { findings, matched };
}
