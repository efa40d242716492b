// A session as the API shows it: the stored facts, plus the workflow's running totals while it runs,
// plus the CDR summary once it is rated.
import type { CdrRecord, SessionRecord } from '../../db';
import type { SessionLiveState } from '../../../workflows/chargeSessionMessages';
import type { SessionView } from '../schemas/sessions';

export function sessionView(
  session: SessionRecord,
  extra: { live?: SessionLiveState; cdr?: CdrRecord } = {},
): SessionView {
  const { live, cdr } = extra;
  return {
    sessionId: session.id,
    chargePointId: session.chargePointId,
    connectorId: session.connectorId,
    transactionId: session.transactionId,
    idTag: session.idTag,
    status: session.status,
    authorizationStatus: session.authStatus,
    tariff: session.tariffId ? { id: session.tariffId, version: session.tariffVersion! } : null,
    timeZone: session.timeZone,
    startedAt: session.startedAt,
    meterStartWh: session.meterStartWh,
    stoppedAt: session.stoppedAt,
    meterStopWh: session.meterStopWh,
    stopReason: session.stopReason,
    flags: session.flags,
    ...(live && { live: liveView(live) }),
    ...(cdr && { cdr: cdrSummary(cdr) }),
  };
}

function liveView(live: SessionLiveState): NonNullable<SessionView['live']> {
  const { totals } = live;
  return {
    status: live.status,
    energyWh: totals.energyWh,
    costSoFar: totals.costSoFar
      ? { exclVat: totals.costSoFar.excl_vat, inclVat: totals.costSoFar.incl_vat }
      : null,
    currency: live.tariff?.currency ?? null,
    chargingSeconds: totals.chargingSeconds,
    parkingSeconds: totals.parkingSeconds,
    samplesAccepted: totals.samplesAccepted,
    samplesFlagged: totals.samplesFlagged,
    lastSampleAt: totals.lastSampleAt ?? null,
    flags: totals.flags,
  };
}

function cdrSummary(cdr: CdrRecord): NonNullable<SessionView['cdr']> {
  const { totals } = cdr;
  return {
    id: cdr.id,
    currency: cdr.currency,
    // A rated CDR always has its total cost; a missing incl_vat means no VAT applied.
    totalCost: {
      exclVat: totals.cost.exclVat ?? '0',
      inclVat: totals.cost.inclVat ?? totals.cost.exclVat ?? '0',
    },
    totalEnergyKwh: totals.energy ?? '0',
    totalTimeHours: totals.time ?? '0',
    totalParkingTimeHours: totals.parkingTime ?? '0',
  };
}
