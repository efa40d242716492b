// One charging transaction, from StartTransaction to a rated CDR.
// Deterministic orchestration only: every read and write happens in activities. Raw meter samples
// never enter this workflow's history: the edge stores them in PostgreSQL and tells nobody; the workflow
// ingests what arrived on a schedule of its own (classify, flag, running totals) and at the stop. So a
// session costs a few workflow tasks however often its charger reports, and its silence (charger
// offline) shows as an ingest that found nothing new.
import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { SessionBilling } from '../activities/billing';
import { gatewayTaskQueue, type GatewayActivities } from '../activities/gateway';
import type { SessionActivities, SessionInit } from '../activities/session';
import {
  DEFAULT_INGEST_INTERVAL_SECONDS,
  liveStateQuery,
  remoteStopSignal,
  startSessionUpdate,
  stopSessionSignal,
  type CdrSummary,
  type LiveTotals,
  type SessionLiveState,
  type SessionStartInput,
  type SessionStatus,
  type StopRequest,
} from './chargeSessionMessages';
import { startCdrPush } from './cdrPush';
import { securePayment, startSessionBilling } from './sessionPayment';

// Short database steps run as local activities: no extra round trip through the task queue.
const db = proxyLocalActivities<SessionActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '200ms', maximumInterval: '10s' },
});
// The last ingest, the stop and the rating, in one local activity: rating may read many samples, so a
// timeout of its own. One step, not three: no extra activation or local activity dispatch per session.
const finishing = proxyLocalActivities<SessionActivities>({
  startToCloseTimeout: '5m',
  retry: { initialInterval: '1s', maximumInterval: '1m' },
});
// Talks to the charger through the OCPP gateway that holds its WebSocket: the gateway of this
// deployment, whose activity task queue is named after the session task queue.
function gatewayActivities() {
  return proxyActivities<GatewayActivities>({
    taskQueue: gatewayTaskQueue(workflowInfo().taskQueue),
    startToCloseTimeout: '30s',
    scheduleToCloseTimeout: '2m',
    retry: { maximumAttempts: 3 },
  });
}

/** What survives continue-as-new: ids and running totals, never samples. */
export interface CarriedSessionState {
  init: SessionInit;
  totals: LiveTotals;
  stop?: StopRequest;
  remoteStopRequested?: string;
  /** The charger was asked to stop already: the next run waits out the grace instead of asking again. */
  remoteStopSent?: boolean;
  billing?: SessionBilling;
  /** Workflow time (ms) of the last ingest that found something new, or of the session's start. */
  lastNewsAt?: number;
}

/** How long to wait for the charger's StopTransaction after asking it to stop remotely. */
const REMOTE_STOP_GRACE_MS = 2 * 60_000;

export async function chargeSession(
  input: SessionStartInput,
  carried?: CarriedSessionState,
): Promise<CdrSummary | null> {
  let init: SessionInit | undefined = carried?.init;
  let billing: SessionBilling = carried?.billing ?? 'none';
  let totals: LiveTotals = carried?.totals ?? emptyTotals();
  let stop: StopRequest | undefined = carried?.stop;
  let remoteStopRequestedBy: string | undefined = carried?.remoteStopRequested;
  let remoteStopSent = carried?.remoteStopSent ?? false;
  let status: SessionStatus = init ? 'charging' : 'starting';
  let cdr: CdrSummary | undefined;

  setHandler(startSessionUpdate, async () => {
    await condition(() => init !== undefined);
    return { transactionId: input.transactionId, authorization: init!.authorization };
  });
  setHandler(stopSessionSignal, (request) => {
    // The first stop wins: a charger retrying StopTransaction must not move the end of the session.
    stop ??= request;
  });
  setHandler(remoteStopSignal, ({ requestedBy }) => {
    remoteStopRequestedBy ??= requestedBy;
  });
  setHandler(liveStateQuery, (): SessionLiveState => ({
    sessionId: input.sessionId,
    status,
    authorization: init?.authorization,
    tariff: init?.tariff,
    totals,
    stop,
    cdr,
  }));

  if (!init) {
    // The start is answered once `init` is set: after the card hold of an ad hoc driver, if any.
    ({ init, billing } = await securePayment(input.sessionId, await db.initializeSession(input)));
    status = init.authorization.status === 'Accepted' ? 'charging' : 'rejected';
    // An integrator told "rejected" over HTTP does not stop anything; an OCPP charger answers with StopTransaction.
    if (status === 'rejected' && input.source === 'api') stop = { reason: 'DeAuthorized' };
  }

  const inactivityMs = input.inactivityTimeoutSeconds * 1000;
  const ingestEveryMs = Math.min(
    inactivityMs,
    (input.ingestIntervalSeconds ?? DEFAULT_INGEST_INTERVAL_SECONDS) * 1000,
  );
  let lastNewsAt = carried?.lastNewsAt ?? Date.now();
  const remoteStopPending = () => remoteStopRequestedBy !== undefined && !remoteStopSent;
  while (!stop) {
    // Next ingest, or the end of the silence the timeout allows if that comes first (Date.now() is the
    // workflow task's time: deterministic on replay).
    const waitMs = remoteStopSent
      ? REMOTE_STOP_GRACE_MS
      : Math.max(1, Math.min(ingestEveryMs, lastNewsAt + inactivityMs - Date.now()));
    await condition(() => stop !== undefined || remoteStopPending(), waitMs);
    if (stop) break;
    if (remoteStopPending()) {
      remoteStopSent = true;
      const asked =
        input.source === 'api'
          ? false
          : await gatewayActivities().requestChargerStop(input.chargePointId, input.transactionId);
      if (!asked) stop = { reason: 'Remote' };
      continue;
    }
    if (remoteStopSent) {
      // The charger ignored the remote stop for the whole grace: close from the last sample.
      log.warn('session closed without StopTransaction after a remote stop', { sessionId: input.sessionId });
      stop = { reason: 'Remote' };
      await db.flagSession(input.sessionId, 'remote_stop_unanswered');
      break;
    }
    const before = totals.ingestCursor;
    totals = await db.ingestMeterData(input.sessionId);
    if (totals.ingestCursor !== before) lastNewsAt = Date.now();
    else if (Date.now() - lastNewsAt >= inactivityMs) {
      // Nothing stored for the whole timeout (charger offline): close from the last sample.
      log.warn('session closed without StopTransaction', { sessionId: input.sessionId });
      stop = { reason: 'Timeout' };
      await db.flagSession(input.sessionId, 'closed_by_timeout');
      break;
    }
    if (historyIsLong(input)) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof chargeSession>(input, {
        init,
        totals,
        stop,
        remoteStopRequested: remoteStopRequestedBy,
        remoteStopSent,
        billing,
        lastNewsAt,
      });
    }
  }

  status = 'stopping';
  // A charger that was refused stops at once; the attempt stays on record, nobody is billed.
  const rate = init.authorization.status === 'Accepted';
  try {
    const end = await finishing.finishSession(input.sessionId, stop, { rate });
    totals = end.totals;
    cdr = end.cdr;
  } catch (err) {
    // Only a non-retryable failure gets here: the session's data cannot be rated as it is.
    status = 'failed';
    totals = await db.failSession(
      input.sessionId,
      err instanceof ActivityFailure ? String(err.cause?.message) : String(err),
    );
    await startSessionBilling(input.sessionId, billing);
    await condition(allHandlersFinished);
    return null;
  }
  if (!cdr) {
    status = 'rejected';
    await condition(allHandlersFinished);
    return null;
  }
  status = 'completed';
  await startSessionBilling(input.sessionId, billing);
  await startCdrPush(init.roamingPartnerId, cdr.cdrId);
  await condition(allHandlersFinished);
  return cdr;
}

function historyIsLong(input: SessionStartInput): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > (input.maxHistoryEvents ?? 5000);
}

function emptyTotals(): LiveTotals {
  return {
    energyWh: '0',
    chargingSeconds: 0,
    parkingSeconds: 0,
    samplesAccepted: 0,
    samplesFlagged: 0,
    flags: [],
  };
}
