// Starting the roaming workflows from outside Temporal: a received CDR's hand-over (the OCPI cdrs
// route), a CDR push (a credit CDR issued by an operator), a settlement run (CLI, HTTP API). Ids come
// from workflows/roamingMessages.ts, so a repeated start reaches the workflow already running.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { getCdr } from '../db/repos/cdrs';
import { findPartnerByParty } from '../db/repos/partners';
import { listReceivedCdrs, type ReceivedCdrRecord } from '../db/repos/roamingCdrs';
import { InvalidRecordError } from '../db/values';
import type { Cdr } from '../tariff/types';
import { issueCreditCdr } from './creditCdr';
import type { OcpiRoutesOptions } from '../ocpi/server/plugin';
import type { RoamingSettings } from './roamingSettings';
import {
  CDR_PUSH_WORKFLOW_TYPE,
  RECEIVED_CDR_WORKFLOW_TYPE,
  SETTLEMENT_WORKFLOW_TYPE,
  cdrPushWorkflowId,
  receivedCdrWorkflowId,
  settlementWorkflowId,
  type CdrPushInput,
  type CdrPushResult,
  type ReceivedCdrInput,
  type SettlementInput,
  type SettlementResult,
} from '../../workflows/roamingMessages';

async function startOnce(
  client: Client,
  type: string,
  options: { workflowId: string; taskQueue: string; args: unknown[] },
): Promise<void> {
  try {
    await client.workflow.start(type, options);
  } catch (err) {
    // Running already: that one does the work.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** eMSP: hands a newly received CDR to invoicing in a workflow of its own (the OCPI route's hook). */
export function startReceivedCdr(
  client: Client,
  taskQueue: string,
  record: ReceivedCdrRecord,
): Promise<void> {
  return startOnce(client, RECEIVED_CDR_WORKFLOW_TYPE, {
    workflowId: receivedCdrWorkflowId(record),
    taskQueue,
    args: [{ recordId: record.recordId } satisfies ReceivedCdrInput],
  });
}

/** The OCPI routes of a running system: each CDR received is handed over by a workflow of its own. */
export function ocpiServing(
  settings: RoamingSettings,
  client: Client,
  taskQueue: string,
): Omit<OcpiRoutesOptions, 'db'> {
  return {
    identity: settings.identity,
    ...(settings.retail && { retail: settings.retail }),
    ...(settings.timeoutMs !== undefined && { timeoutMs: settings.timeoutMs }),
    onCdrReceived: (record) => startReceivedCdr(client, taskQueue, record),
  };
}

/**
 * eMSP: starts the hand-over of every received CDR with a retail price that invoicing has not taken
 * yet (its hook failed, Temporal was down, a customer was linked to the token since). At worker start.
 */
export async function resumeReceivedCdrs(client: Client, db: Knex, taskQueue: string): Promise<number> {
  // Read the whole queue first: the workflows started take records out of it as it is read.
  const waiting: ReceivedCdrRecord[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await listReceivedCdrs(db, { state: 'received', limit: PAGE, offset });
    waiting.push(...page.filter((record) => record.retail.status === 'rated'));
    if (page.length < PAGE) break;
  }
  for (const record of waiting) await startReceivedCdr(client, taskQueue, record);
  return waiting.length;
}

const PAGE = 500;

/** CPO: pushes one of our CDRs to a partner (e.g. a credit CDR); resolves once the push is started. */
export function startCdrPush(client: Client, taskQueue: string, input: CdrPushInput): Promise<void> {
  return startOnce(client, CDR_PUSH_WORKFLOW_TYPE, {
    workflowId: cdrPushWorkflowId(input.partnerId, input.cdrId),
    taskQueue,
    args: [input],
  });
}

/** The outcome of a push started before (waits for it). */
export function cdrPushResult(client: Client, input: CdrPushInput): Promise<CdrPushResult> {
  return client.workflow.getHandle(cdrPushWorkflowId(input.partnerId, input.cdrId)).result();
}

/**
 * CPO: cancels one of our CDRs sent to a partner with its credit CDR (OCPI credit_reference_id), which
 * resolves an open dispute on it, and pushes the credit to the partner. Idempotent: the same credit and
 * push again. Resolves once the push is started (`cdrPushResult` waits for it).
 */
export async function creditSentCdr(
  client: Client,
  db: Knex,
  taskQueue: string,
  cdrId: string,
  lastUpdated: string,
): Promise<{ credit: Cdr; partnerId: string }> {
  const original = await getCdr(db, cdrId);
  if (!original) throw new InvalidRecordError('cdrId', `no CDR ${JSON.stringify(cdrId)} of ours`);
  const issuer = original.cdr.cdr_token;
  const partner = await findPartnerByParty(db, issuer.country_code, issuer.party_id, 'EMSP');
  if (!partner) {
    throw new InvalidRecordError(
      'cdrId',
      `CDR ${cdrId} is not of a roaming partner's driver: nobody to send its credit to`,
    );
  }
  const { cdr: credit } = await issueCreditCdr(db, cdrId, { lastUpdated });
  await startCdrPush(client, taskQueue, { partnerId: partner.id, cdrId: credit.id });
  return { credit, partnerId: partner.id };
}

/** Runs (or joins) a settlement of a named period and waits for its result. */
export async function runSettlement(
  client: Client,
  taskQueue: string,
  input: SettlementInput & { period: { start: string; end: string } },
): Promise<SettlementResult> {
  const workflowId = settlementWorkflowId(input);
  await startOnce(client, SETTLEMENT_WORKFLOW_TYPE, { workflowId, taskQueue, args: [input] });
  return client.workflow.getHandle(workflowId).result();
}
