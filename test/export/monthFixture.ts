// A month of charging for the export tests: three customers' March sessions rated by the real engine,
// invoiced by contract runs on 1 April, one invoice partly credited on 3 April.
import type { Knex } from 'knex';
import { issueContractInvoice, issueCreditNote } from '../../src/billing';
import type { CdrRecord, InvoiceRecord } from '../../src/db';
import { CUSTOMERS, monthOfSessions, seedParties, storeSessions } from '../billing/fixtures';

export const MARCH = { start: '2026-03-01', end: '2026-03-31' };

export interface Month {
  cdrs: CdrRecord[];
  invoices: InvoiceRecord[];
  creditNote: InvoiceRecord;
}

export async function seedMonth(db: Knex, sessionsPerCustomer = [40, 25, 20]): Promise<Month> {
  await seedParties(db);
  const cdrs: CdrRecord[] = [];
  for (const [i, customer] of CUSTOMERS.entries()) {
    cdrs.push(...(await storeSessions(db, monthOfSessions(customer.id, sessionsPerCustomer[i], 100 + i))));
  }
  const invoices: InvoiceRecord[] = [];
  for (const customer of CUSTOMERS) {
    const issued = await issueContractInvoice(db, {
      customerId: customer.id,
      period: MARCH,
      issueDate: '2026-04-01',
    });
    if (issued) invoices.push(issued.record);
  }
  const credited = invoices[0];
  const creditNote = (
    await issueCreditNote(db, {
      invoiceNumber: credited.number,
      lines: credited.invoice.lines.slice(0, 2).map((line) => line.id),
      reason: 'Meter fault on EVSE DE*VWK*E0001*1',
      issueDate: '2026-04-03',
      idempotencyKey: 'credit:month',
    })
  ).record;
  return { cdrs, invoices, creditNote };
}
