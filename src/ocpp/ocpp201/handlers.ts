// OCPP 2.0.1 actions a charging station sends, mapped onto the protocol-neutral ChargingBackend.
// EVSE ids play the role of 1.6 connector ids (each EVSE charges one vehicle at a time).
import { answerBoot, answerDataTransfer, answerHeartbeat } from '../commonHandlers';
import type { ActionHandlers, HandlerContext } from '../handlerContext';
import { connectorStateOfCharging, connectorStateOfStatus, toIdTokenInfo } from './mappings';
import type {
  AuthorizeReq201,
  BootNotificationReq201,
  MeterValuesReq201,
  StatusNotificationReq201,
  TransactionEventReq201,
} from './messages';
import { samplesFrom201 } from './meterValues';
import { handleTransactionEvent } from './transactionEvent';
import type { TransactionTracker } from './transactions';

export function ocpp201Handlers(context: HandlerContext, transactions: TransactionTracker): ActionHandlers {
  const { backend, charger } = context;
  return {
    BootNotification: ({ chargingStation }: BootNotificationReq201) =>
      answerBoot(context, {
        vendor: chargingStation.vendorName,
        model: chargingStation.model,
        serialNumber: chargingStation.serialNumber,
        firmwareVersion: chargingStation.firmwareVersion,
      }),

    Heartbeat: () => answerHeartbeat(context),

    StatusNotification: async (req: StatusNotificationReq201) => {
      const open = transactions.onEvse(charger.chargePointId, req.evseId);
      const occupiedAs = open?.chargingState && connectorStateOfCharging(open.chargingState, open.hasCharged);
      await backend.statusNotification(charger, {
        connectorId: req.evseId,
        state: connectorStateOfStatus(req.connectorStatus, occupiedAs),
        timestamp: req.timestamp,
        transactionId: open?.transactionId,
      });
      return {};
    },

    Authorize: async (req: AuthorizeReq201) => ({
      idTokenInfo: toIdTokenInfo(await backend.authorize(charger, req.idToken.idToken)),
    }),

    // Meter values outside a transaction (within one they come in TransactionEvent).
    MeterValues: async (req: MeterValuesReq201) => {
      const samples = samplesFrom201(req.meterValue, 'meterValue');
      if (samples.length > 0) await backend.meterValues(charger, { connectorId: req.evseId, samples });
      return {};
    },

    TransactionEvent: (req: TransactionEventReq201) => handleTransactionEvent(context, transactions, req),

    DataTransfer: answerDataTransfer,
  };
}
