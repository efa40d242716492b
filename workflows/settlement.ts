// Settlement with one roaming partner for one period: collect the CDRs sent and received, reconcile
// them with the partner's view (their CDR list when they are a CPO, their copy of each CDR we delivered
// when they are an eMSP), store the statement (a new version only when it changed; its PDF and CSV
// written beside), then issue the B2B settlement invoice of each agreement where we are the side that
// issues it (the CPO, or the eMSP under self-billing), with its PDF and e-mail.
//
// Started by a Temporal Schedule per agreement (src/roaming/settlement/settlementSchedules.ts), which
// settles the period before the schedule's nominal time, or by hand for a named period (CLI, API).
// Re-running a period is safe: an unchanged statement is not stored again, an issued invoice is found
// by its key, and a later version invoices only CDRs no earlier version did.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { RoamingActivities } from '../activities/roaming';
import { deliverDocument } from './deliverDocument';
import type { SettlementInput, SettlementInvoiceResult, SettlementResult } from './roamingMessages';

const roaming = proxyActivities<RoamingActivities>({
  // Reading the partner's view may take a request per CDR.
  startToCloseTimeout: '10m',
  retry: { initialInterval: '2s', maximumInterval: '5m' },
});

/** Set by Temporal on workflows a Schedule starts: the nominal time, even when the start is late. */
const SCHEDULED_START = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

export async function settlement(input: SettlementInput): Promise<SettlementResult> {
  const info = workflowInfo();
  // The same instant on every replay: it dates the statement and the invoices.
  const at = (info.typedSearchAttributes.get(SCHEDULED_START) ?? info.startTime).toISOString();
  const plan = await roaming.planSettlement({ ...input, asOf: at });
  const statement = await roaming.settlePartner({
    partnerId: plan.partnerId,
    period: plan.period,
    generatedAt: at,
  });
  const invoices: SettlementInvoiceResult[] = [];
  for (const ourRole of plan.roles) {
    const issued = await roaming.issueSettlementInvoice({
      statementId: statement.statementId,
      ourRole,
      issuedAt: at,
    });
    invoices.push(
      issued.outcome === 'issued'
        ? {
            ourRole,
            outcome: 'issued',
            selfBilled: issued.selfBilled,
            ...(await deliverDocument(issued.bill)),
          }
        : { ourRole, outcome: 'not_issued', reason: issued.reason },
    );
  }
  return { partnerId: plan.partnerId, period: plan.period, statement, invoices };
}
