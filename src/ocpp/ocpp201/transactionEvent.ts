// OCPP 2.0.1 TransactionEvent → backend calls:
//   Started/Updated: start the session once the token and the start register are known,
//   forward meter values, report chargingState changes; Ended: stop with the final register.
import type { AuthorizationResult, MeterSample } from '../../session/types';
import { missingField } from '../callErrors';
import type { HandlerContext } from '../handlerContext';
import { connectorStateOfCharging, stopReasonOf, toIdTokenInfo } from './mappings';
import type { TransactionEventReq201 } from './messages';
import { samplesFrom201 } from './meterValues';
import type { TrackedTransaction, TransactionTracker } from './transactions';

function registerIn(samples: MeterSample[], context: string, pick: 'first' | 'last'): string | undefined {
  const withEnergy = samples.filter((s) => s.energyWh !== undefined);
  const marked = withEnergy.find((s) => s.context === context);
  return (marked ?? (pick === 'first' ? withEnergy[0] : withEnergy[withEnergy.length - 1]))?.energyWh;
}

function track(
  req: TransactionEventReq201,
  chargePointId: string,
  transactions: TransactionTracker,
): TrackedTransaction {
  const { transactionId } = req.transactionInfo;
  if (req.eventType === 'Started' && !req.evse) {
    throw missingField('evse', 'the Started event must name the EVSE of the transaction');
  }
  return transactions.add(chargePointId, {
    transactionId,
    evseId: req.evse?.id ?? 0,
    startedAt: req.timestamp,
    reservationId: req.reservationId,
    // A transaction first seen after its start began before this gateway process: the backend knows it.
    startSent: req.eventType !== 'Started',
    hasCharged: false,
  });
}

export async function handleTransactionEvent(
  { backend, charger, log }: HandlerContext,
  transactions: TransactionTracker,
  req: TransactionEventReq201,
): Promise<object> {
  const { transactionId, chargingState, stoppedReason } = req.transactionInfo;
  const samples = samplesFrom201(req.meterValue ?? [], 'meterValue');
  const tx =
    transactions.get(charger.chargePointId, transactionId) ?? track(req, charger.chargePointId, transactions);
  const ending = req.eventType === 'Ended';
  const stopRegister = ending ? registerIn(samples, 'Transaction.End', 'last') : undefined;
  let authorization: AuthorizationResult | undefined;

  if (!tx.startSent) {
    tx.idTag ??= req.idToken?.idToken;
    tx.meterStartWh ??= registerIn(samples, 'Transaction.Begin', 'first');
    if (tx.idTag !== undefined && (tx.meterStartWh !== undefined || ending)) {
      if (tx.meterStartWh === undefined) {
        log.warn(
          { transactionId },
          'transaction reported no energy register before it ended; start register taken as the stop register',
        );
      }
      const started = await backend.startTransaction(charger, {
        connectorId: tx.evseId,
        idTag: tx.idTag,
        meterStartWh: tx.meterStartWh ?? stopRegister ?? '0',
        timestamp: tx.startedAt,
        reservationId: tx.reservationId,
        transactionId,
      });
      tx.startSent = true;
      if (req.idToken) authorization = started.authorization;
    }
  }

  if (!ending && samples.length > 0) {
    await backend.meterValues(charger, { connectorId: tx.evseId, transactionId, samples });
  }

  if (chargingState !== undefined && chargingState !== tx.chargingState) {
    const hasCharged = tx.hasCharged || chargingState === 'Charging';
    await backend.statusNotification(charger, {
      connectorId: tx.evseId,
      state: connectorStateOfCharging(chargingState, hasCharged),
      timestamp: req.timestamp,
      transactionId,
    });
    tx.chargingState = chargingState;
    tx.hasCharged = hasCharged;
  }

  if (ending) {
    if (tx.startSent) {
      const stopAuthorization = await backend.stopTransaction(charger, {
        transactionId,
        idTag: req.idToken?.idToken,
        meterStopWh: stopRegister,
        timestamp: req.timestamp,
        reason: stopReasonOf(stoppedReason),
        samples,
      });
      if (req.idToken) authorization = stopAuthorization;
    } else {
      log.warn({ transactionId }, 'transaction ended without ever presenting a token: nothing to bill');
    }
    transactions.remove(charger.chargePointId, transactionId);
  }

  // Any event carrying a token is answered with that token's status.
  if (req.idToken && !authorization) authorization = await backend.authorize(charger, req.idToken.idToken);
  return authorization ? { idTokenInfo: toIdTokenInfo(authorization) } : {};
}
