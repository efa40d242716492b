// Settlement with a partner towards whom we are both CPO and eMSP, March 2025, EUR. Every kind of
// mismatch is planted in the partner's view and must be found; the statement's totals are worked out
// by hand below; the CSV lines add up to its totals; the PDF shows them.
//
// Sent (we are CPO DE-CLG, their drivers NL-EMP), rounded per line half-up to cents:
//   S1   9.375 / 11.1563 →  9.38 / 11.16      S2  20.00 / 23.80          S3  5.125 / 6.0988 → 5.13 / 6.10
//   S4  12.00 / 14.28                         S5   7.00 / 8.33 disputed (withheld)
//   S7   4.00 / 4.76 credited by S6 (−4.00 / −4.76)                      S8  3.50 / 4.165 → 3.50 / 4.17
//   S10  1.004 / 1.19476 → 1.00 / 1.19
//   due to us: excl 9.38+20+5.13+12+4−4+3.5+1 = 51.01; incl 11.16+23.8+6.1+14.28+4.76−4.76+4.17+1.19 = 60.70
// Received (we are eMSP DE-CLG, their chargers NL-EMP): R1 15.00 / 18.15, R2 8.40 / 10.164 → 10.16
//   due to them: excl 23.40, incl 28.31
// Net: excl 27.61, incl 32.39, VAT 4.78: the partner pays us 32.39.
import { buildStatement, reconcile, statementCsv, statementPdf, type SettlementCdr } from '../../src/roaming';
import { havePoppler, pdfText } from '../invoice/poppler';
import { parseCsv } from '../export/csvText';

function cdr(
  direction: SettlementCdr['direction'],
  id: string,
  excl: string,
  incl: string | null,
  energy = '10',
  extra: Partial<SettlementCdr> = {},
): SettlementCdr {
  const [countryCode, partyId] = direction === 'sent' ? ['DE', 'CLG'] : ['NL', 'EMP'];
  return {
    direction,
    countryCode,
    partyId,
    id,
    startDateTime: '2025-03-10T08:00:00Z',
    endDateTime: '2025-03-10T10:00:00Z',
    lastUpdated: '2025-03-10T10:05:00Z',
    currency: 'EUR',
    totalExclVat: excl,
    totalInclVat: incl,
    totalEnergy: energy,
    credit: false,
    creditReferenceId: null,
    ...extra,
  };
}

const S = {
  s1: cdr('sent', 'S1', '9.375', '11.1563', '22.5'),
  s2: cdr('sent', 'S2', '20', '23.8'),
  s3: cdr('sent', 'S3', '5.125', '6.0988'),
  s4: cdr('sent', 'S4', '12', '14.28'),
  s5: cdr('sent', 'S5', '7', '8.33'),
  s6: cdr('sent', 'S6', '-4', '-4.76', '8', {
    credit: true,
    creditReferenceId: 'S7',
    lastUpdated: '2025-03-20T00:00:00Z',
  }),
  s7: cdr('sent', 'S7', '4', '4.76', '8'),
  s8: cdr('sent', 'S8', '3.5', '4.165', '8'),
  s10: cdr('sent', 'S10', '1.004', '1.19476', '2'),
};
const R = {
  r1: cdr('received', 'R1', '15', '18.15', '30'),
  r2: cdr('received', 'R2', '8.4', '10.164', '16'),
};
const ours = [...Object.values(S), ...Object.values(R)];

/** The partner's list of what we sent them, with a mismatch of every kind planted. */
const theirsSent: SettlementCdr[] = [
  S.s1,
  S.s1, // duplicate on their side
  { ...S.s2, totalExclVat: '19.5', totalInclVat: '23.205' }, // amount
  { ...S.s3, totalEnergy: '10.5' }, // energy
  // S4 missing at the partner
  S.s5,
  S.s6,
  S.s7,
  S.s8,
  { ...S.s10, totalExclVat: '1', totalInclVat: '1.19' }, // within the 0.01 tolerance
  cdr('sent', 'X9', '2', '2.38'), // missing here
];

const statement = () =>
  buildStatement({
    partner: { id: 'partner-nl-emp', name: 'Example Mobility' },
    ourName: 'Chargeledger Charging',
    periodStart: '2025-03-01T00:00:00Z',
    periodEnd: '2025-04-01T00:00:00Z',
    currency: 'EUR',
    cdrs: [
      ...ours,
      cdr('received', 'R-USD', '5', '5.95', '10', { currency: 'USD' }),
      cdr('sent', 'S-FEB', '9', '10.71', '10', { lastUpdated: '2025-02-28T23:59:59Z' }),
    ],
    disputes: [
      {
        direction: 'sent',
        countryCode: 'DE',
        partyId: 'CLG',
        cdrId: 'S5',
        reason: 'meter reading questioned',
        status: 'open',
        creditCdrId: null,
      },
      {
        direction: 'sent',
        countryCode: 'DE',
        partyId: 'CLG',
        cdrId: 'S7',
        reason: 'wrong tariff',
        status: 'resolved',
        creditCdrId: 'S6',
      },
    ],
    findings: reconcile(Object.values(S), theirsSent).findings,
    generatedAt: '2025-04-02T06:00:00Z',
  });

describe('reconciliation', () => {
  const { findings, matched } = reconcile(Object.values(S), theirsSent);
  const summary = findings.map(
    (f) => `${f.kind} ${f.cdrId}${f.side ? ` ${f.side}` : ''}${f.difference ? ` ${f.difference}` : ''}`,
  );

  it('finds each planted mismatch, and nothing else', () => {
    expect(summary.sort()).toEqual(
      [
        'amount_mismatch S2 0.5',
        'duplicate S1 theirs',
        'energy_mismatch S3 -0.5',
        'missing_at_partner S4',
        'missing_here X9',
      ].sort(),
    );
    // S1, S5, S6, S7, S8 and S10 (0.004 apart: within tolerance) agree.
    expect(matched).toBe(6);
  });

  it('a tighter tolerance reports the small difference too', () => {
    const tight = reconcile([S.s10], [{ ...S.s10, totalExclVat: '1' }], { amountTolerance: '0.001' });
    expect(tight.findings).toMatchObject([{ kind: 'amount_mismatch', cdrId: 'S10', difference: '0.004' }]);
  });

  it('a different currency is reported instead of amounts; duplicates on our side are found too', () => {
    const result = reconcile([R.r1, R.r1], [{ ...R.r1, currency: 'CHF' }]);
    expect(result.findings.map((f) => `${f.kind} ${f.side ?? ''}`.trim())).toEqual([
      'duplicate ours',
      'currency_mismatch',
    ]);
  });
});

describe('statement', () => {
  const s = statement();

  it('totals each direction from cent-rounded lines, withholds disputes, nets the balance', () => {
    // A credit CDR takes its energy back too: 22.5 + 10 + 10 + 10 − 8 + 8 + 8 + 2 kWh.
    expect(s.receivable).toEqual({
      count: 8,
      energyKwh: '62.5',
      exclVat: '51.01',
      vat: '9.69',
      inclVat: '60.70',
    });
    expect(s.withheldReceivable).toEqual({
      count: 1,
      energyKwh: '10',
      exclVat: '7.00',
      vat: '1.33',
      inclVat: '8.33',
    });
    expect(s.payable).toEqual({ count: 2, energyKwh: '46', exclVat: '23.40', vat: '4.91', inclVat: '28.31' });
    expect(s.withheldPayable.count).toBe(0);
    expect(s.net).toEqual({ exclVat: '27.61', vat: '4.78', inclVat: '32.39', payer: 'partner' });
  });

  it('shows the dispute, the credit and the credited CDR', () => {
    const line = (id: string) => s.lines.find((l) => l.cdrId === id);
    expect(line('S5')).toMatchObject({ status: 'disputed', note: 'disputed: meter reading questioned' });
    expect(line('S6')).toMatchObject({
      status: 'credit',
      exclVat: '-4.00',
      vat: '-0.76',
      inclVat: '-4.76',
      creditReferenceId: 'S7',
    });
    expect(line('S7')).toMatchObject({ status: 'credited', note: 'credited by S6' });
    expect(line('S1')).toMatchObject({ status: 'due', exclVat: '9.38', vat: '1.78', inclVat: '11.16' });
    expect(line('S8')).toMatchObject({ exclVat: '3.50', vat: '0.67', inclVat: '4.17' });
  });

  it('leaves out CDRs of another currency or period, and says so', () => {
    expect(s.excluded.map((e) => `${e.cdrId}: ${e.reason}`)).toEqual([
      'R-USD: in USD, not EUR',
      'S-FEB: issued 2025-02-28T23:59:59Z, outside the period',
    ]);
    expect(s.lines.map((l) => l.cdrId)).not.toContain('R-USD');
  });

  it('we owe the partner when what they charged us is more', () => {
    const onlyReceived = buildStatement({
      partner: { id: 'p', name: 'Example Mobility' },
      ourName: 'Chargeledger Charging',
      periodStart: '2025-03-01T00:00:00Z',
      periodEnd: '2025-04-01T00:00:00Z',
      currency: 'EUR',
      cdrs: [R.r1, S.s10],
      generatedAt: '2025-04-02T06:00:00Z',
    });
    expect(onlyReceived.net).toEqual({ exclVat: '-14.00', vat: '-2.96', inclVat: '-16.96', payer: 'us' });
  });
});

describe('statement CSV', () => {
  const s = statement();
  const rows = parseCsv(statementCsv(s));
  const [header, ...body] = rows;
  const col = (name: string) => header.indexOf(name);
  const sum = (filter: (row: string[]) => boolean, column: string) =>
    body
      .filter((row) => row[col('record')] === 'cdr' && filter(row))
      .reduce((total, row) => total + Math.round(Number(row[col(column)]) * 100), 0);
  const total = (record: string, direction: string, column: string) =>
    Math.round(
      Number(
        body.find((r) => r[col('record')] === record && r[col('direction')] === direction)![col(column)],
      ) * 100,
    );

  it('has one row per CDR plus the totals', () => {
    expect(header).toEqual([
      'record',
      'direction',
      'country_code',
      'party_id',
      'cdr_id',
      'start_date_time',
      'energy_kwh',
      'excl_vat',
      'vat',
      'incl_vat',
      'currency',
      'status',
      'credit_reference_id',
      'note',
    ]);
    expect(body.filter((r) => r[col('record')] === 'cdr')).toHaveLength(s.lines.length);
  });

  it.each(['excl_vat', 'vat', 'incl_vat'])(
    '%s: the line rows add up to each total row, to the cent',
    (column) => {
      for (const direction of ['sent', 'received']) {
        const due = (row: string[]) =>
          row[col('direction')] === direction && row[col('status')] !== 'disputed';
        const withheld = (row: string[]) =>
          row[col('direction')] === direction && row[col('status')] === 'disputed';
        expect(sum(due, column)).toBe(total('total_due', direction, column));
        expect(sum(withheld, column)).toBe(total('total_withheld', direction, column));
      }
      const net = body.find((r) => r[col('record')] === 'net')!;
      expect(Math.round(Number(net[col(column)]) * 100)).toBe(
        total('total_due', 'sent', column) - total('total_due', 'received', column),
      );
    },
  );

  it('states the totals of the statement', () => {
    expect(body.find((r) => r[col('record')] === 'net')?.slice(col('excl_vat'), col('incl_vat') + 1)).toEqual(
      ['27.61', '4.78', '32.39'],
    );
  });
});

(havePoppler ? describe : describe.skip)('statement PDF', () => {
  let text: string;
  beforeAll(async () => {
    text = pdfText(await statementPdf(statement()));
  });

  it('shows the totals each way and the netted balance', () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toMatch(/Due to Chargeledger Charging \(8 CDRs\) €51\.01 €9\.69 €60\.70/);
    expect(flat).toMatch(/Due to Example Mobility \(2 CDRs\) €23\.40 €4\.91 €28\.31/);
    expect(flat).toMatch(/Withheld from Chargeledger Charging \(1 disputed\) €7\.00 €1\.33 €8\.33/);
    expect(flat).toMatch(/Net balance €27\.61 €4\.78 €32\.39/);
    expect(flat).toContain('Example Mobility pays Chargeledger Charging €32.39.');
  });

  it('lists every CDR with its status, and the findings', () => {
    for (const line of statement().lines) expect(text).toContain(line.cdrId);
    expect(text).toMatch(/S6\s.*-4\.00\s+-0\.76\s+-4\.76\s+credit/);
    expect(text).toMatch(/S5\s.*disputed/);
    expect(text).toContain('amount mismatch: CDR S2');
    expect(text).toContain('missing here: CDR X9');
    expect(text).toContain('not on this statement: CDR R-USD (in USD, not EUR)');
  });
});
