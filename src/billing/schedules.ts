// Temporal Schedules of the contract invoice runs: one per contract customer, firing on the 1st of each
// month (of each quarter for quarterly customers) at 03:00 in the customer's own time zone, each
// starting the invoiceRun workflow, which derives the period from the schedule's nominal time.
// `ensureInvoiceSchedules` makes Temporal match the customers table: creates what is missing, updates
// what changed (time zone, period, task queue), deletes schedules of customers no longer on contract
// (src/temporal/scheduleSync.ts).
// Idempotent: run it at every worker or dev start.
import {
  ScheduleOverlapPolicy,
  type CalendarSpec,
  type Client,
  type ScheduleOptions,
} from '@temporalio/client';
import type { Knex } from 'knex';
import { listContractCustomers, type CustomerRecord } from '../db/repos/customers';
import { syncSchedules, type ScheduleSync } from '../temporal/scheduleSync';
import { INVOICE_RUN_WORKFLOW_TYPE, type InvoiceRunInput } from '../../workflows/billingMessages';

export interface InvoiceScheduleOptions {
  /** The task queue the runs go to; also scopes the schedule ids, so deployments sharing a namespace never meet. */
  taskQueue: string;
  /** Local time of the run on the 1st; default 03:00. */
  at?: { hour: number; minute: number };
}

const QUARTER_STARTS = ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'] as const;

function idPrefix(taskQueue: string): string {
  return `${taskQueue}-invoice-run-`;
}

export function invoiceScheduleId(taskQueue: string, customerId: string): string {
  return `${idPrefix(taskQueue)}${customerId}`;
}

/** When the customer's runs fire, in the customer's time zone. */
export function invoiceCalendar(customer: CustomerRecord, at = { hour: 3, minute: 0 }): CalendarSpec {
  return {
    dayOfMonth: 1,
    ...(customer.contractPeriod === 'quarterly' && { month: [...QUARTER_STARTS] }),
    hour: at.hour,
    minute: at.minute,
    comment: `${customer.contractPeriod} invoice run of customer ${customer.id}`,
  };
}

/** A summary of everything the schedule depends on, kept as its note: a changed note means "update". */
function noteOf(customer: CustomerRecord, options: InvoiceScheduleOptions): string {
  const at = options.at ?? { hour: 3, minute: 0 };
  const time = `${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')}`;
  return `chargeledger ${customer.contractPeriod} invoice run of ${customer.id} on the 1st at ${time} ${customer.timeZone} → ${options.taskQueue}`;
}

export function invoiceScheduleOptions(
  customer: CustomerRecord,
  options: InvoiceScheduleOptions,
): ScheduleOptions {
  return {
    scheduleId: invoiceScheduleId(options.taskQueue, customer.id),
    spec: { calendars: [invoiceCalendar(customer, options.at)], timezone: customer.timeZone },
    action: {
      type: 'startWorkflow',
      workflowType: INVOICE_RUN_WORKFLOW_TYPE,
      args: [{ customerId: customer.id } satisfies InvoiceRunInput],
      taskQueue: options.taskQueue,
      // Temporal appends the scheduled time, so every run has an id of its own.
      workflowId: `invoice-run-${customer.id}`,
    },
    policies: {
      // Runs of different periods are independent (each is idempotent per period).
      overlap: ScheduleOverlapPolicy.ALLOW_ALL,
      // A run missed while Temporal was down is still taken within a week.
      catchupWindow: '7d',
    },
    state: { note: noteOf(customer, options) },
  };
}

export async function ensureInvoiceSchedules(
  client: Client,
  db: Knex,
  options: InvoiceScheduleOptions,
): Promise<ScheduleSync> {
  const issuers: Array<{ id: string }> = await db('issuers').orderBy('id').select('id');
  const customers = (await Promise.all(issuers.map(({ id }) => listContractCustomers(db, id)))).flat();
  return syncSchedules(
    client,
    customers.map((customer) => invoiceScheduleOptions(customer, options)),
    idPrefix(options.taskQueue),
  );
}
