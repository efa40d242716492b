// The contract between the roaming workflows and whoever starts them (the session workflow, the OCPI
// routes, Temporal Schedules, the HTTP API and the CLI): workflow types, ids and inputs. Import-free of
// Node modules, so workflow code and clients share it.
import type { IssuedBill } from '../activities/billing';
import type { DeliveredDocument } from './billingMessages';

export const CDR_PUSH_WORKFLOW_TYPE = 'cdrPush';
export const RECEIVED_CDR_WORKFLOW_TYPE = 'receivedCdr';
export const SETTLEMENT_WORKFLOW_TYPE = 'settlement';

/** Who we are towards the partner in an agreement (roaming_agreements.our_role). */
export type OurRole = 'CPO' | 'EMSP';

/** One push per CDR and partner: started twice (a replayed session, a resent credit), it is the same push. */
export function cdrPushWorkflowId(partnerId: string, cdrId: string): string {
  return `cdr-push-${partnerId}-${cdrId}`;
}

/** One hand-over per received CDR: OCPI ids are unique per CPO party. */
export function receivedCdrWorkflowId(key: { countryCode: string; partyId: string; cdrId: string }): string {
  return `received-cdr-${key.countryCode.toUpperCase()}-${key.partyId.toUpperCase()}-${key.cdrId}`;
}

/** A manual settlement of a partner's period (a scheduled run's id is its schedule's). */
export function settlementWorkflowId(
  input: Required<Pick<SettlementInput, 'partnerId' | 'period'>> & { ourRole?: OurRole },
): string {
  const role = input.ourRole ? `-${input.ourRole}` : '';
  return `settlement-${input.partnerId}-${input.period.start}..${input.period.end}${role}`;
}

export interface CdrPushInput {
  partnerId: string;
  cdrId: string;
}

export type CdrPushResult =
  | { partnerId: string; cdrId: string; outcome: 'accepted'; location?: string; alreadyAccepted: boolean }
  /** Refused for good (OCPI 2xxx, or it cannot go to this partner): recorded on its delivery row. */
  | { partnerId: string; cdrId: string; outcome: 'rejected'; message: string };

export interface ReceivedCdrInput {
  /** roaming_cdrs.record_id */
  recordId: string;
}

export type ReceivedCdrResult =
  | { recordId: string; outcome: 'not_invoiceable'; reason: string }
  | { recordId: string; outcome: 'periodic'; cdrId: string; customerId: string }
  | { recordId: string; outcome: 'credit'; cdrId: string; customerId: string; creditedInvoice?: string }
  | ({
      recordId: string;
      outcome: 'invoiced';
      cdrId: string;
      customerId: string;
      notCharged?: string;
    } & DeliveredDocument);

export interface SettlementInput {
  partnerId: string;
  /** Issue the invoice of this agreement only; default: of every agreement with the partner. */
  ourRole?: OurRole;
  /** ISO instants [start, end); a scheduled run derives it from its agreement's period and nominal time. */
  period?: { start: string; end: string };
}

export interface SettlementStatementSummary {
  statementId: string;
  version: number;
  /** False when the statement equals the latest stored version. */
  created: boolean;
  currency: string;
  receivableInclVat: string;
  payableInclVat: string;
  netInclVat: string;
  findings: number;
  /** Where the partner's view of each direction came from (src/roaming PartnerView). */
  views: { sent: unknown; received: unknown };
  /** The statement's PDF and CSV as written. */
  files: { pdf: string; csv: string };
}

export type SettlementInvoiceResult =
  | { ourRole: OurRole; outcome: 'not_issued'; reason: string }
  | ({ ourRole: OurRole; outcome: 'issued'; selfBilled: boolean } & DeliveredDocument);

export interface SettlementResult {
  partnerId: string;
  period: { start: string; end: string };
  statement: SettlementStatementSummary;
  invoices: SettlementInvoiceResult[];
}

export type { IssuedBill };
