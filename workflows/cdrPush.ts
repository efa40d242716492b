// A CDR of a partner eMSP's driver, pushed to that partner's cdrs endpoint (OCPI POST): retried by
// Temporal, with backoff up to ten minutes between attempts (or the deployment's own pace) and no
// limit on their number, until the partner accepts it or refuses it for good (then the refusal is
// recorded on the delivery row and returned). Every attempt is recorded; an accepted push sends
// nothing again, so the partner gets the CDR once. Started by the session workflow as a child it does
// not wait for (ParentClosePolicy ABANDON): a partner down for days never keeps a session open. Credit
// CDRs start it the same way.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import type { RoamingActivities } from '../activities/roaming';
import { DEFAULT_PUSH_RETRY } from '../src/roaming/pushRetry';
import {
  CDR_PUSH_WORKFLOW_TYPE,
  cdrPushWorkflowId,
  type CdrPushInput,
  type CdrPushResult,
} from './roamingMessages';

const delivery = proxyActivities<RoamingActivities>({
  // One POST with its 15 s limit, plus the bookkeeping around it.
  startToCloseTimeout: '1m',
  // A deployment's own pace (RoamingSettings.pushRetry) overrides this per failed attempt.
  retry: {
    initialInterval: DEFAULT_PUSH_RETRY.initialIntervalMs,
    backoffCoefficient: 2,
    maximumInterval: DEFAULT_PUSH_RETRY.maximumIntervalMs,
  },
});

export async function cdrPush(input: CdrPushInput): Promise<CdrPushResult> {
  return delivery.pushCdrToPartner(input);
}

/** From the session workflow: push the session's CDR when its driver is a partner's (`partnerId`). */
export async function startCdrPush(partnerId: string | undefined, cdrId: string): Promise<void> {
  if (!partnerId) return;
  try {
    await startChild(CDR_PUSH_WORKFLOW_TYPE, {
      workflowId: cdrPushWorkflowId(partnerId, cdrId),
      args: [{ partnerId, cdrId } satisfies CdrPushInput],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (err) {
    // Started before (a replayed or reset session): that push is the one.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
