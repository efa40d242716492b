// A simulated charge point speaking OCPP 1.6J or 2.0.1 (through ocpp-rpc unless given another link).
// Its methods use chargeledger's protocol-neutral vocabulary (ConnectorState, MeterSample, StopReason)
// and send whatever the chosen OCPP version says for it. No clock of its own: callers pass every
// timestamp.
import { randomUUID } from 'node:crypto';
import type { ConnectorState, MeterSample, StopReason } from '../session/types';
import { meterValue16, statusNotification16 } from './frames16';
import { chargingState201, connectorStatus201, meterValue201 } from './frames201';
import { rpcLink, type OcppLink, type OcppLinkFactory } from './ocppLink';
import type { EnergyUnit } from './readings';

export type SimOcppVersion = '1.6' | '2.0.1';

export interface SimulatedChargerOptions {
  /** The gateway's base URL (`ws://host:port/ocpp`); the charge point id is appended. */
  url: string;
  chargePointId: string;
  /** HTTP Basic auth password (Security Profile 1); omit to connect without credentials. */
  password?: string;
  ocppVersion: SimOcppVersion;
  /** Unit the energy register is reported in. Default Wh. */
  energyUnit?: EnergyUnit;
  /** Validate own frames against the OCPP schemas before sending. Default true. */
  strictMode?: boolean;
  /**
   * Per-call timeout. Default 0: none. On loopback, ocpp-rpc's timer (an AbortController and an
   * error object per call) costs as much as the call itself; set one for links that can hang.
   */
  callTimeoutMs?: number;
  /** How frames travel. Default ocpp-rpc's client (src/sim/ocppLink.ts). */
  link?: OcppLinkFactory;
}

/** The charger-side answer to a token, whatever the version called it (idTagInfo / idTokenInfo). */
export interface TokenAnswer {
  status: string;
  info: Record<string, unknown>;
}

export interface StartTransactionInput {
  connectorId: number;
  /** Required by 1.6; 2.0.1 may start on plug-in and present the token later (authorizeTransaction). */
  idTag?: string;
  /** Register at start, Wh (whole Wh for 1.6). */
  meterStartWh: string;
  timestamp: string;
  reservationId?: number;
  /** 2.0.1: the station picks the id. Default a random UUID. */
  transactionId?: string;
  /** 2.0.1: chargingState in the Started event. Default Charging with a token, EVConnected without. */
  state?: ConnectorState;
}

export interface StopTransactionInput {
  transactionId: string;
  /** Register at stop, Wh (whole Wh for 1.6). */
  meterStopWh: string;
  timestamp: string;
  reason?: StopReason;
  idTag?: string;
  /** Samples to attach to the stop (1.6 transactionData; 2.0.1 meterValue besides the end register). */
  samples?: MeterSample[];
}

interface OpenTransaction201 {
  evseId: number;
  nextSeqNo: number;
}

const TRIGGER_OF_STOP: Partial<Record<StopReason, string>> = {
  EVDisconnected: 'EVCommunicationLost',
  Remote: 'RemoteStop',
  Local: 'StopAuthorized',
  DeAuthorized: 'Deauthorized',
};
const REASONS_201 = new Set([
  'DeAuthorized',
  'EmergencyStop',
  'EVDisconnected',
  'Local',
  'Other',
  'PowerLoss',
  'Reboot',
  'Remote',
  'Timeout',
]);

function wholeWh(value: string, field: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`${field} must be whole Wh for OCPP 1.6 (got "${value}")`);
  return Number(value);
}

export class SimulatedCharger {
  readonly chargePointId: string;
  readonly ocppVersion: SimOcppVersion;
  private readonly energyUnit: EnergyUnit;
  private readonly link: OcppLink;
  private readonly open201 = new Map<string, OpenTransaction201>();
  /** Transaction ids the central system asked this charger to stop, in order. */
  readonly remoteStopRequests: string[] = [];
  /** Answer to RemoteStopTransaction / RequestStopTransaction. The simulator does not stop by itself. */
  acceptRemoteStop = true;

  constructor(options: SimulatedChargerOptions) {
    this.chargePointId = options.chargePointId;
    this.ocppVersion = options.ocppVersion;
    this.energyUnit = options.energyUnit ?? 'Wh';
    this.link = (options.link ?? rpcLink)({
      url: options.url,
      chargePointId: options.chargePointId,
      ...(options.password !== undefined && { password: options.password }),
      protocol: options.ocppVersion === '1.6' ? 'ocpp1.6' : 'ocpp2.0.1',
      strictMode: options.strictMode ?? true,
      callTimeoutMs: options.callTimeoutMs ?? 0,
    });
    const remoteStop = async (params: Record<string, unknown> | undefined) => {
      this.remoteStopRequests.push(String(params?.transactionId));
      return { status: this.acceptRemoteStop ? 'Accepted' : 'Rejected' };
    };
    this.link.handle(
      this.ocppVersion === '1.6' ? 'RemoteStopTransaction' : 'RequestStopTransaction',
      remoteStop,
    );
  }

  async connect(): Promise<void> {
    await this.link.connect();
  }

  /** Any action, as is (for tests of what the simulator's methods do not cover). */
  async call(action: string, payload: object): Promise<Record<string, unknown>> {
    return this.link.call(action, payload);
  }

  async boot(): Promise<{ status: string; interval: number; currentTime: string }> {
    const answer =
      this.ocppVersion === '1.6'
        ? await this.call('BootNotification', {
            chargePointVendor: 'chargeledger',
            chargePointModel: 'SimulatedCharger',
            chargePointSerialNumber: this.chargePointId.slice(0, 25),
          })
        : await this.call('BootNotification', {
            chargingStation: {
              vendorName: 'chargeledger',
              model: 'SimulatedCharger',
              serialNumber: this.chargePointId.slice(0, 25),
            },
            reason: 'PowerUp',
          });
    return answer as { status: string; interval: number; currentTime: string };
  }

  async heartbeat(): Promise<string> {
    return (await this.call('Heartbeat', {})).currentTime as string;
  }

  async authorize(idTag: string): Promise<TokenAnswer> {
    return this.ocppVersion === '1.6'
      ? tokenAnswer((await this.call('Authorize', { idTag })).idTagInfo)
      : tokenAnswer((await this.call('Authorize', { idToken: idToken201(idTag) })).idTokenInfo);
  }

  /** Connector availability: 1.6 StatusNotification status; 2.0.1 connectorStatus (Occupied for any in-use state). */
  async status(connectorId: number, state: ConnectorState, timestamp: string): Promise<void> {
    if (this.ocppVersion === '1.6')
      await this.call('StatusNotification', statusNotification16(connectorId, state, timestamp));
    else
      await this.call('StatusNotification', {
        timestamp,
        connectorStatus: connectorStatus201(state),
        evseId: connectorId,
        connectorId: 1,
      });
  }

  async startTransaction(
    input: StartTransactionInput,
  ): Promise<{ transactionId: string; authorization?: TokenAnswer }> {
    if (this.ocppVersion === '1.6') {
      if (input.idTag === undefined) throw new Error('OCPP 1.6 StartTransaction needs an idTag');
      const answer = await this.call('StartTransaction', {
        connectorId: input.connectorId,
        idTag: input.idTag,
        meterStart: wholeWh(input.meterStartWh, 'meterStartWh'),
        timestamp: input.timestamp,
        ...(input.reservationId !== undefined ? { reservationId: input.reservationId } : {}),
      });
      return { transactionId: String(answer.transactionId), authorization: tokenAnswer(answer.idTagInfo) };
    }
    const transactionId = input.transactionId ?? randomUUID();
    this.open201.set(transactionId, { evseId: input.connectorId, nextSeqNo: 0 });
    const answer = await this.transactionEvent('Started', transactionId, input.timestamp, {
      triggerReason: input.idTag !== undefined ? 'Authorized' : 'CablePluggedIn',
      chargingState: chargingState201(input.state ?? (input.idTag !== undefined ? 'Charging' : 'Preparing')),
      ...(input.idTag !== undefined ? { idToken: idToken201(input.idTag) } : {}),
      ...(input.reservationId !== undefined ? { reservationId: input.reservationId } : {}),
      evse: { id: input.connectorId, connectorId: 1 },
      meterValue: [
        meterValue201(
          { timestamp: input.timestamp, energyWh: input.meterStartWh, context: 'Transaction.Begin' },
          this.energyUnit,
        ),
      ],
    });
    return { transactionId, authorization: answer.idTokenInfo ? tokenAnswer(answer.idTokenInfo) : undefined };
  }

  /** 2.0.1: the token presented after a transaction began on plug-in. */
  async authorizeTransaction(transactionId: string, idTag: string, timestamp: string): Promise<TokenAnswer> {
    if (this.ocppVersion === '1.6') throw new Error('OCPP 1.6 transactions start with their token');
    const answer = await this.transactionEvent('Updated', transactionId, timestamp, {
      triggerReason: 'Authorized',
      idToken: idToken201(idTag),
    });
    return tokenAnswer(answer.idTokenInfo);
  }

  /** Charging versus idle: 1.6 StatusNotification; 2.0.1 TransactionEvent chargingState. */
  async chargingState(
    connectorId: number,
    transactionId: string,
    state: ConnectorState,
    timestamp: string,
  ): Promise<void> {
    if (this.ocppVersion === '1.6')
      await this.call('StatusNotification', statusNotification16(connectorId, state, timestamp));
    else
      await this.transactionEvent('Updated', transactionId, timestamp, {
        triggerReason: 'ChargingStateChanged',
        chargingState: chargingState201(state),
      });
  }

  /** Samples of a transaction (2.0.1: TransactionEvent Updated) or, without one, of the connector. */
  async sendMeterValues(connectorId: number, samples: MeterSample[], transactionId?: string): Promise<void> {
    if (this.ocppVersion === '1.6') {
      await this.call('MeterValues', {
        connectorId,
        ...(transactionId !== undefined ? { transactionId: Number(transactionId) } : {}),
        meterValue: samples.map((s) => meterValue16(s, this.energyUnit)),
      });
    } else if (transactionId !== undefined) {
      await this.transactionEvent('Updated', transactionId, samples[0].timestamp, {
        triggerReason: 'MeterValuePeriodic',
        meterValue: samples.map((s) => meterValue201(s, this.energyUnit)),
      });
    } else {
      await this.call('MeterValues', {
        evseId: connectorId,
        meterValue: samples.map((s) => meterValue201(s, this.energyUnit)),
      });
    }
  }

  async stopTransaction(input: StopTransactionInput): Promise<{ authorization?: TokenAnswer }> {
    const reason = input.reason ?? 'Local';
    if (this.ocppVersion === '1.6') {
      const answer = await this.call('StopTransaction', {
        transactionId: Number(input.transactionId),
        meterStop: wholeWh(input.meterStopWh, 'meterStopWh'),
        timestamp: input.timestamp,
        reason,
        ...(input.idTag !== undefined ? { idTag: input.idTag } : {}),
        ...(input.samples?.length
          ? { transactionData: input.samples.map((s) => meterValue16(s, this.energyUnit)) }
          : {}),
      });
      return { authorization: answer.idTagInfo ? tokenAnswer(answer.idTagInfo) : undefined };
    }
    const end: MeterSample = {
      timestamp: input.timestamp,
      energyWh: input.meterStopWh,
      context: 'Transaction.End',
    };
    const answer = await this.transactionEvent('Ended', input.transactionId, input.timestamp, {
      triggerReason: TRIGGER_OF_STOP[reason] ?? 'AbnormalCondition',
      chargingState: reason === 'EVDisconnected' ? 'Idle' : 'EVConnected',
      stoppedReason: REASONS_201.has(reason) ? reason : 'Other',
      ...(input.idTag !== undefined ? { idToken: idToken201(input.idTag) } : {}),
      meterValue: [...(input.samples ?? []), end].map((s) => meterValue201(s, this.energyUnit)),
    });
    this.open201.delete(input.transactionId);
    return { authorization: answer.idTokenInfo ? tokenAnswer(answer.idTokenInfo) : undefined };
  }

  async close(): Promise<void> {
    await this.link.close();
  }

  private async transactionEvent(
    eventType: 'Started' | 'Updated' | 'Ended',
    transactionId: string,
    timestamp: string,
    fields: Record<string, unknown> & { chargingState?: string; stoppedReason?: string },
  ): Promise<Record<string, unknown>> {
    const open = this.open201.get(transactionId);
    if (!open) throw new Error(`transaction ${transactionId} is not open on ${this.chargePointId}`);
    const { chargingState, stoppedReason, ...rest } = fields;
    return this.call('TransactionEvent', {
      eventType,
      timestamp,
      seqNo: open.nextSeqNo++,
      transactionInfo: {
        transactionId,
        ...(chargingState ? { chargingState } : {}),
        ...(stoppedReason ? { stoppedReason } : {}),
      },
      ...rest,
    });
  }
}

function idToken201(idTag: string) {
  return { idToken: idTag, type: 'ISO14443' };
}

function tokenAnswer(info: unknown): TokenAnswer {
  const record = (info ?? {}) as Record<string, unknown>;
  return { status: String(record.status), info: record };
}
