// Issuing against real PostgreSQL: gapless numbers under concurrency (separate connections, one
// transaction per call), rollback frees a number, idempotency keys, CDRs billed once, frozen documents.
// The same rules on PGlite (one connection) at the end.
import type { Knex } from 'knex';
import {
  AlreadyBilledError,
  IdempotencyConflictError,
  issueInvoice,
  type UnnumberedInvoiceDraft,
} from '../../src/billing';
import { createKnex, setInvoiceStatus, type CdrRecord } from '../../src/db';
import { InvoiceInputError } from '../../src/invoice/errors';
import { useTestDatabase, type TestDatabaseKind } from '../helpers/db';
import { draftFor, fleet, monthOfSessions, seedParties, storeSessions } from './fixtures';

const draftOf = (db: Knex, cdrs: CdrRecord[], issueDate = '2026-04-01') =>
  draftFor(db, fleet.id, cdrs, { issueDate });

const issue = (db: Knex, draft: UnnumberedInvoiceDraft, idempotencyKey: string) =>
  issueInvoice(db, { issuerId: 'voltwerk', customerId: fleet.id, draft, idempotencyKey });

async function sequences(db: Knex): Promise<number[]> {
  const rows = await db('invoices').where({ kind: 'invoice' }).orderBy('sequence').select('sequence');
  return rows.map((row: { sequence: number }) => row.sequence);
}

const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('issueInvoice on PostgreSQL', () => {
  const t = useTestDatabase({ kind: 'postgres' });
  let cdrs: CdrRecord[];

  beforeAll(async () => {
    await seedParties(t.db);
    cdrs = await storeSessions(t.db, monthOfSessions(fleet.id, 70, 1));
  });

  it('gives 50 concurrent calls (own transactions, 25 pooled connections) the numbers 1…50 without gaps', async () => {
    const pool = createKnex(t.current.config, { poolMax: 25 });
    try {
      const connections = new Set<string>();
      const transactions = new Set<string>();
      pool.on('query', (query: { __knexUid: string; __knexTxId?: string; sql: string }) => {
        if (!query.sql.includes('invoice_number_counters')) return;
        connections.add(query.__knexUid);
        if (query.__knexTxId) transactions.add(query.__knexTxId);
      });
      const drafts = await Promise.all(cdrs.slice(0, 50).map((cdr) => draftOf(t.db, [cdr])));
      const issued = await Promise.all(drafts.map((draft, i) => issue(pool, draft, `session:${cdrs[i].id}`)));
      expect(issued.every((result) => result.created)).toBe(true);
      expect(issued.map((result) => result.record.sequence).sort((a, b) => a - b)).toEqual(oneTo(50));
      expect(new Set(issued.map((result) => result.record.number)).size).toBe(50);
      expect(issued.map((result) => result.record.number)).toContain('INV-2026-000050');
      // knex tags each query with its connection and transaction.
      expect(transactions.size).toBe(50);
      expect(connections.size).toBeGreaterThan(10);
    } finally {
      await pool.destroy();
    }
    expect(await sequences(t.db)).toEqual(oneTo(50));
  });

  it('frees the number when the transaction fails after taking it: the next invoice gets it', async () => {
    // computeInvoice runs after the number is taken; a due date before the issue date breaks a rule.
    const bad = { ...(await draftOf(t.db, [cdrs[50]])), dueDate: '2026-03-01' };
    await expect(issue(t.db, bad, 'session:bad')).rejects.toThrow(InvoiceInputError);
    // A CDR already on invoice 1 fails at the link insert, after the invoice row was inserted.
    const twice = await draftOf(t.db, [cdrs[51], cdrs[0]]);
    const error = await issue(t.db, twice, 'session:twice').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlreadyBilledError);
    expect((error as AlreadyBilledError).cdrIds).toEqual([cdrs[0].id]);

    const next = await issue(t.db, await draftOf(t.db, [cdrs[50]]), `session:${cdrs[50].id}`);
    expect(next.record.number).toBe('INV-2026-000051');
    expect(await sequences(t.db)).toEqual(oneTo(51));
    expect(await t.db('invoices').where({ idempotency_key: 'session:twice' }).first()).toBeUndefined();
  });

  it('returns the same invoice for the same key, also to concurrent callers, and refuses the key for another request', async () => {
    const draft = await draftOf(t.db, [cdrs[52], cdrs[53]]);
    const pool = createKnex(t.current.config, { poolMax: 10 });
    try {
      const results = await Promise.all(oneTo(10).map(() => issue(pool, draft, 'run:C-10042:2026-03')));
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.record.id)).size).toBe(1);
      expect(results[0].record.number).toBe('INV-2026-000052');
    } finally {
      await pool.destroy();
    }
    const again = await issue(t.db, draft, 'run:C-10042:2026-03');
    expect(again).toMatchObject({ created: false, record: { number: 'INV-2026-000052' } });
    const other = await draftOf(t.db, [cdrs[54]]);
    await expect(issue(t.db, other, 'run:C-10042:2026-03')).rejects.toThrow(IdempotencyConflictError);
    expect(await sequences(t.db)).toEqual(oneTo(52));
    const links = await t.db('invoice_cdrs').where({ invoice_id: again.record.id }).orderBy('cdr_id');
    expect(links.map((link: { cdr_id: string }) => link.cdr_id)).toEqual([cdrs[52].id, cdrs[53].id].sort());
  });

  it('stores the computed document and its totals; only the status of an issued invoice may change', async () => {
    const { record } = await issue(t.db, await draftOf(t.db, [cdrs[55]]), `session:${cdrs[55].id}`);
    expect(record.invoice.number).toBe(record.number);
    expect(record.totals).toEqual({
      net: record.invoice.totals.net,
      vat: record.invoice.totals.vat,
      gross: record.invoice.totals.gross,
    });
    expect(record).toMatchObject({
      kind: 'invoice',
      series: 'INV',
      year: 2026,
      status: 'open',
      currency: 'EUR',
    });
    expect((await setInvoiceStatus(t.db, record.id, 'paid')).status).toBe('paid');
    await expect(t.db('invoices').where({ id: record.id }).update({ total_net: '0' })).rejects.toThrow(
      /only its status may change/,
    );
    await expect(t.db('invoices').where({ id: record.id }).delete()).rejects.toThrow(/never deleted/);
    await expect(t.db('invoice_cdrs').where({ invoice_id: record.id }).delete()).rejects.toThrow(/immutable/);
  });

  it('restarts the sequence each year and keeps series apart', async () => {
    const nextYear = await issue(
      t.db,
      await draftOf(t.db, [cdrs[56]], '2027-01-02'),
      `session:${cdrs[56].id}`,
    );
    expect(nextYear.record.number).toBe('INV-2027-000001');
  });
});

describe.each<TestDatabaseKind>(['pglite'])('issueInvoice on %s', (kind) => {
  const t = useTestDatabase({ kind });
  let cdrs: CdrRecord[];

  beforeAll(async () => {
    await seedParties(t.db);
    cdrs = await storeSessions(t.db, monthOfSessions(fleet.id, 5, 2));
  });

  it('numbers without gaps, frees the number of a failed issue, and is idempotent', async () => {
    const first = await issue(t.db, await draftOf(t.db, [cdrs[0]]), 'a');
    await expect(
      issue(t.db, { ...(await draftOf(t.db, [cdrs[1]])), dueDate: '2020-01-01' }, 'b'),
    ).rejects.toThrow(InvoiceInputError);
    const second = await issue(t.db, await draftOf(t.db, [cdrs[1]]), 'c');
    const repeat = await issue(t.db, await draftOf(t.db, [cdrs[0]]), 'a');
    expect([first.record.number, second.record.number]).toEqual(['INV-2026-000001', 'INV-2026-000002']);
    expect(repeat).toMatchObject({ created: false, record: { id: first.record.id } });
    await expect(issue(t.db, await draftOf(t.db, [cdrs[2], cdrs[0]]), 'd')).rejects.toThrow(
      AlreadyBilledError,
    );
    expect((await issue(t.db, await draftOf(t.db, [cdrs[2]]), 'e')).record.number).toBe('INV-2026-000003');
  });
});
