// Export throughput and memory: seeds N CDRs and N invoices (default 100,000 each) into a scratch schema
// on PostgreSQL, then streams every export to a byte counter and prints rows/s and the peak RSS seen
// while each export ran, for a tenth of the rows and for all of them: flat memory means the two peaks
// match however many rows there are.
//
//   npx tsx --expose-gc bench/exports.ts [--rows 100000] [--url postgres://…/db]
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { createKnex, migrateLatest, storeCdr } from '../src/db';
import { openDatevExport, openExport, type OpenedExport } from '../src/export';
import { computeInvoice } from '../src/invoice/computeInvoice';
import { draftFor, fleet, ratedCdr, seedParties, tokenUidOf } from '../test/billing/fixtures';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    url: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const ROWS = Number(values.rows);
const SCHEMA = `bench_exports_${Date.now().toString(36)}`;
const MB = 1024 * 1024;

function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** One rated CDR and its invoice as templates; N copies of each made by the database itself. */
async function seed(db: Knex): Promise<void> {
  await seedParties(db);
  const priced = ratedCdr({
    id: 'TEMPLATE',
    tokenUid: tokenUidOf(fleet.id),
    start: '2026-01-01T00:00:00Z',
    energyKwh: 21.5,
    chargingSeconds: 5400,
    parkingSeconds: 600,
  });
  const { record } = await storeCdr(db, { cdr: priced, breakdown: priced.chargeledger_breakdown });
  const draft = await draftFor(db, fleet.id, [record], { issueDate: '2026-01-01' });
  const invoice = computeInvoice({ ...draft, number: 'TEMPLATE', series: 'INV' });
  // 30 s apart: the first tenth of the rows ends within the first tenth of the date range.
  await db.raw(
    `insert into cdrs (id, country_code, party_id, currency, start_date_time, end_date_time, total_cost_excl_vat,
       total_cost_incl_vat, total_energy, total_time, total_parking_time, cdr, breakdown, last_updated)
     select 'CDR-' || g, country_code, party_id, currency, start_date_time + g * interval '30 seconds',
       end_date_time + g * interval '30 seconds', total_cost_excl_vat, total_cost_incl_vat, total_energy, total_time,
       total_parking_time, jsonb_set(cdr, '{id}', to_jsonb('CDR-' || g)), breakdown, last_updated
     from cdrs, generate_series(1, ?) g where id = 'TEMPLATE'`,
    [ROWS],
  );
  await db.raw(
    `insert into invoices (issuer_id, customer_id, kind, series, year, sequence, number, issue_date, service_period_start,
       service_period_end, currency, total_net, total_vat, total_gross, status, invoice, idempotency_key, request_hash)
     select 'voltwerk', ?, 'invoice', 'INV', 2026, g, 'INV-2026-' || lpad(g::text, 6, '0'),
       date '2026-01-01' + (g * 30 / 86400), date '2026-01-01', date '2026-01-01', 'EUR', ?, ?, ?, 'open',
       jsonb_set(jsonb_set(?::jsonb, '{number}', to_jsonb('INV-2026-' || lpad(g::text, 6, '0'))),
         '{lines,0,id}', to_jsonb('CDR-' || g)),
       'bench:' || g, 'bench'
     from generate_series(1, ?) g`,
    [fleet.id, invoice.totals.net, invoice.totals.vat, invoice.totals.gross, JSON.stringify(invoice), ROWS],
  );
  await db.raw(
    `insert into invoice_cdrs (invoice_id, cdr_id, kind, line_id)
     select id, 'CDR-' || sequence, 'invoice', 'CDR-' || sequence from invoices`,
  );
  await db.raw('analyze');
}

/** Streams an export into a byte counter, sampling RSS meanwhile. */
async function measure(name: string, open: () => Promise<OpenedExport>): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const started = process.hrtime.bigint();
  const opened = await open();
  let bytes = 0;
  await pipeline(
    opened.stream,
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        bytes += Buffer.byteLength(chunk);
        done();
      },
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(
    [
      name.padEnd(24),
      String(opened.count).padStart(8),
      `${seconds.toFixed(2)} s`.padStart(9),
      `${Math.round(opened.count / seconds).toLocaleString('en')} rows/s`.padStart(16),
      `${(bytes / MB).toFixed(1)} MB out`.padStart(12),
      `peak RSS ${(peak / MB).toFixed(0)} MB (+${((peak - before) / MB).toFixed(0)})`.padStart(26),
    ].join(' '),
  );
}

async function main(): Promise<void> {
  const admin = createKnex({ kind: 'postgres', url: values.url! }, { poolMax: 1 });
  await admin.raw('create schema ??', [SCHEMA]);
  const db = createKnex({ kind: 'postgres', url: withSchema(values.url!, SCHEMA) }, { poolMax: 2 });
  try {
    await migrateLatest(db);
    let started = Date.now();
    await seed(db);
    console.log(
      `seeded ${ROWS} CDRs and ${ROWS} invoices in ${((Date.now() - started) / 1000).toFixed(1)} s (schema ${SCHEMA})`,
    );
    const lastDay = new Date(Date.UTC(2026, 0, 1) + ROWS * 30_000).toISOString().slice(0, 10);
    const tenthDay = new Date(Date.UTC(2026, 0, 1) + (ROWS / 10) * 30_000).toISOString().slice(0, 10);
    const datev = { consultantNumber: 1234567, clientNumber: 10001 };
    started = Date.now();
    for (const [label, to] of [
      ['1/10', tenthDay],
      ['all', lastDay],
    ] as const) {
      const range = { from: '2026-01-01', to };
      await measure(`cdrs csv (${label})`, () =>
        openExport(db, { ...range, dataset: 'cdrs', format: 'csv' }),
      );
      await measure(`invoices csv (${label})`, () =>
        openExport(db, { ...range, dataset: 'invoices', format: 'csv' }),
      );
      await measure(`invoices json (${label})`, () =>
        openExport(db, { ...range, dataset: 'invoices', format: 'json' }),
      );
      await measure(`datev (${label})`, () => openDatevExport(db, { ...range, settings: datev }));
    }
    console.log(`exports took ${((Date.now() - started) / 1000).toFixed(1)} s; node ${process.version}`);
  } finally {
    await db.destroy();
    await admin.raw('drop schema if exists ?? cascade', [SCHEMA]);
    await admin.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
