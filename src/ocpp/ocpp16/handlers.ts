// OCPP 1.6J actions a charge point sends, mapped onto the protocol-neutral ChargingBackend.
import { invalidValue } from '../callErrors';
import { answerBoot, answerDataTransfer, answerHeartbeat } from '../commonHandlers';
import type { ActionHandlers, HandlerContext } from '../handlerContext';
import { connectorStateOf, toIdTagInfo, toTransactionId16 } from './mappings';
import type {
  AuthorizeReq16,
  BootNotificationReq16,
  MeterValuesReq16,
  StartTransactionReq16,
  StatusNotificationReq16,
  StopTransactionReq16,
} from './messages';
import { samplesFrom16 } from './meterValues';

/** meterStart / meterStop are whole Wh registers; the schema only says "integer". */
function registerWh(value: number, field: string): string {
  if (value < 0) throw invalidValue(field, `an energy register cannot be negative (${value})`);
  return String(value);
}

export function ocpp16Handlers(context: HandlerContext): ActionHandlers {
  const { backend, charger, now } = context;
  return {
    BootNotification: (req: BootNotificationReq16) =>
      answerBoot(context, {
        vendor: req.chargePointVendor,
        model: req.chargePointModel,
        serialNumber: req.chargePointSerialNumber ?? req.chargeBoxSerialNumber,
        firmwareVersion: req.firmwareVersion,
      }),

    Heartbeat: () => answerHeartbeat(context),

    StatusNotification: async (req: StatusNotificationReq16) => {
      await backend.statusNotification(charger, {
        connectorId: req.connectorId,
        state: connectorStateOf(req.status),
        timestamp: req.timestamp ?? now(),
        errorCode: req.errorCode === 'NoError' ? undefined : req.errorCode,
      });
      return {};
    },

    Authorize: async (req: AuthorizeReq16) => ({
      idTagInfo: toIdTagInfo(await backend.authorize(charger, req.idTag)),
    }),

    StartTransaction: async (req: StartTransactionReq16) => {
      const started = await backend.startTransaction(charger, {
        connectorId: req.connectorId,
        idTag: req.idTag,
        meterStartWh: registerWh(req.meterStart, 'meterStart'),
        timestamp: req.timestamp,
        reservationId: req.reservationId,
      });
      return {
        transactionId: toTransactionId16(started.transactionId),
        idTagInfo: toIdTagInfo(started.authorization),
      };
    },

    MeterValues: async (req: MeterValuesReq16) => {
      const samples = samplesFrom16(req.meterValue, 'meterValue');
      if (samples.length > 0) {
        await backend.meterValues(charger, {
          connectorId: req.connectorId,
          transactionId: req.transactionId === undefined ? undefined : String(req.transactionId),
          samples,
        });
      }
      return {};
    },

    StopTransaction: async (req: StopTransactionReq16) => {
      const authorization = await backend.stopTransaction(charger, {
        transactionId: String(req.transactionId),
        idTag: req.idTag,
        meterStopWh: registerWh(req.meterStop, 'meterStop'),
        timestamp: req.timestamp,
        reason: req.reason ?? 'Local', // 1.6: reason "MAY only be omitted when the Reason is Local"
        samples: req.transactionData ? samplesFrom16(req.transactionData, 'transactionData') : undefined,
      });
      // idTagInfo answers the idTag presented at the stop; a stop without one gets none.
      return req.idTag && authorization ? { idTagInfo: toIdTagInfo(authorization) } : {};
    },

    DataTransfer: answerDataTransfer,
  };
}
