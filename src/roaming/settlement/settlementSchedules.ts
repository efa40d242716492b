// Temporal Schedules of the settlement runs: one per roaming agreement, firing at 04:00 UTC on the
// first day of each settlement period (Monday for weekly, the 1st of the month, the 1st of each
// quarter), each starting the settlement workflow for that partner and role, which settles the period
// before the schedule's nominal time (settlementPeriod.ts). `ensureSettlementSchedules` makes Temporal
// match the agreements table: creates what is missing, updates what changed, deletes schedules of
// agreements that are gone. Idempotent: run it at every worker start and after changing an agreement.
import {
  ScheduleOverlapPolicy,
  type CalendarSpec,
  type Client,
  type ScheduleOptions,
} from '@temporalio/client';
import type { Knex } from 'knex';
import { listAgreements, type AgreementRecord, type SettlementPeriod } from '../../db/repos/partners';
import { SETTLEMENT_WORKFLOW_TYPE, type SettlementInput } from '../../../workflows/roamingMessages';
import { syncSchedules, type ScheduleSync } from '../../temporal/scheduleSync';

export interface SettlementScheduleOptions {
  /** The task queue the runs go to; also scopes the schedule ids (deployments sharing a namespace). */
  taskQueue: string;
  /** UTC time of the run on the period's first day; default 04:00 (after midnight's last CDR pushes). */
  at?: { hour: number; minute: number };
}

function idPrefix(taskQueue: string): string {
  return `${taskQueue}-settlement-`;
}

export function settlementScheduleId(
  taskQueue: string,
  agreement: Pick<AgreementRecord, 'partnerId' | 'ourRole'>,
): string {
  return `${idPrefix(taskQueue)}${agreement.partnerId}-${agreement.ourRole}`;
}

/** The first day of each period. */
const FIRST_DAY: Record<SettlementPeriod, CalendarSpec> = {
  weekly: { dayOfWeek: 'MONDAY' },
  monthly: { dayOfMonth: 1 },
  quarterly: { dayOfMonth: 1, month: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'] },
};

export function settlementCalendar(agreement: AgreementRecord, at = { hour: 4, minute: 0 }): CalendarSpec {
  return {
    ...FIRST_DAY[agreement.settlementPeriod],
    hour: at.hour,
    minute: at.minute,
    comment: `${agreement.settlementPeriod} settlement with partner ${agreement.partnerId} as ${agreement.ourRole}`,
  };
}

function noteOf(agreement: AgreementRecord, options: SettlementScheduleOptions): string {
  const at = options.at ?? { hour: 4, minute: 0 };
  const time = `${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')}`;
  return `chargeledger ${agreement.settlementPeriod} settlement of ${agreement.partnerId} as ${agreement.ourRole} at ${time} UTC → ${options.taskQueue}`;
}

export function settlementScheduleOptions(
  agreement: AgreementRecord,
  options: SettlementScheduleOptions,
): ScheduleOptions {
  return {
    scheduleId: settlementScheduleId(options.taskQueue, agreement),
    spec: { calendars: [settlementCalendar(agreement, options.at)], timezone: 'UTC' },
    action: {
      type: 'startWorkflow',
      workflowType: SETTLEMENT_WORKFLOW_TYPE,
      args: [{ partnerId: agreement.partnerId, ourRole: agreement.ourRole } satisfies SettlementInput],
      taskQueue: options.taskQueue,
      // Temporal appends the scheduled time, so every run has an id of its own.
      workflowId: `settlement-${agreement.partnerId}-${agreement.ourRole}`,
    },
    policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '7d' },
    state: { note: noteOf(agreement, options) },
  };
}

export async function ensureSettlementSchedules(
  client: Client,
  db: Knex,
  options: SettlementScheduleOptions,
): Promise<ScheduleSync> {
  const desired = (await listAgreements(db)).map((agreement) =>
    settlementScheduleOptions(agreement, options),
  );
  return syncSchedules(client, desired, idPrefix(options.taskQueue));
}
