// OCPP 2.0.1 through the real gateway: TransactionEvents become start / meter values / state changes /
// stop on the protocol-neutral backend, with units and multipliers converted exactly.
import { randomUUID } from 'node:crypto';
import { RPCError } from 'ocpp-rpc';
import { runChargingScenario, type SimulatedCharger } from '../../src/sim';
import type { TransactionStart, TransactionStop } from '../../src/ocpp/backend';
import type { MeterSample } from '../../src/session/types';
import { startHarness, type Harness } from './support/gatewayHarness';
import { SESSION } from './support/scenario';

const T0 = '2026-03-02T08:00:00.000Z';
const T3 = '2026-03-02T08:00:03.000Z';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.stop();
});

/** The start the backend must see for the scenario's transaction. */
const sessionStart = (timestamp: string, transactionId: string): TransactionStart => ({
  connectorId: 1,
  idTag: 'RFID-0001',
  meterStartWh: '125000',
  timestamp,
  reservationId: undefined,
  transactionId,
});

type MeterValuesCall = { connectorId: number; transactionId?: string; samples: MeterSample[] };
type StatusCall = { connectorId: number; state: string; timestamp: string; transactionId?: string };

describe.each(['Wh', 'kWh'] as const)(
  'OCPP 2.0.1 session (TxStartPoint PowerPathClosed, register in %s)',
  (energyUnit) => {
    it('starts, meters, suspends and stops the session with exact values', async () => {
      const charger = await harness.charger('CP-201', '2.0.1', { energyUnit });
      const result = await runChargingScenario(charger, { ...SESSION, idleTailSeconds: 300 });
      const { backend } = harness;
      const tx = result.transactionId!;

      expect(result.authorizationStatus).toBe('Accepted');
      expect(backend.of<TransactionStart>('startTransaction')).toEqual([sessionStart(T3, tx)]);
      const periodic = result.samples.filter((s) => s.context === 'Sample.Periodic');
      const begin = { timestamp: T3, energyWh: '125000', context: 'Transaction.Begin' };
      expect(backend.of<MeterValuesCall>('meterValues')).toEqual(
        [begin, ...periodic].map((sample) => ({ connectorId: 1, transactionId: tx, samples: [sample] })),
      );
      expect(backend.of<StatusCall>('statusNotification')).toEqual([
        { connectorId: 1, state: 'Preparing', timestamp: T0, transactionId: undefined },
        { connectorId: 1, state: 'Charging', timestamp: T3, transactionId: tx },
        { connectorId: 1, state: 'SuspendedEV', timestamp: result.suspendedAt, transactionId: tx },
        // Ended reports chargingState Idle: the EV has left.
        { connectorId: 1, state: 'Available', timestamp: result.stoppedAt, transactionId: tx },
        { connectorId: 1, state: 'Available', timestamp: result.stoppedAt, transactionId: undefined },
      ]);
      expect(backend.of<TransactionStop>('stopTransaction')).toEqual([
        {
          transactionId: tx,
          idTag: undefined,
          meterStopWh: result.meterStopWh,
          timestamp: result.stoppedAt,
          reason: 'EVDisconnected',
          samples: [
            { timestamp: result.stoppedAt, energyWh: result.meterStopWh, context: 'Transaction.End' },
          ],
        },
      ]);
      expect(Number(result.energyWh)).toBeGreaterThanOrEqual(5999);
    });
  },
);

describe('OCPP 2.0.1 transactions', () => {
  it('starts a transaction begun at plug-in once the token arrives, at the plug-in instant', async () => {
    const charger = await harness.charger('CP-201', '2.0.1');
    const result = await runChargingScenario(charger, { ...SESSION, txStartPoint: 'EVConnected' });
    const { backend } = harness;
    const tx = result.transactionId!;

    expect(result.authorizationStatus).toBe('Accepted');
    expect(backend.of<TransactionStart>('startTransaction')).toEqual([sessionStart(T0, tx)]);
    // The start is answered in the TransactionEvent that carried the token; the Authorize before it too.
    expect(backend.of('authorize')).toEqual(['RFID-0001']);
    expect(backend.calls.map((c) => c.method).slice(0, 7)).toEqual([
      'boot',
      'statusNotification', // Occupied
      'meterValues', // Started's Transaction.Begin, forwarded at once
      'statusNotification', // Started: EVConnected
      'authorize',
      'startTransaction', // Updated: Authorized
      'statusNotification', // Updated: Charging
    ]);
    expect(backend.of<StatusCall>('statusNotification').slice(0, 3)).toEqual([
      { connectorId: 1, state: 'Preparing', timestamp: T0, transactionId: undefined },
      { connectorId: 1, state: 'Preparing', timestamp: T0, transactionId: tx },
      { connectorId: 1, state: 'Charging', timestamp: T3, transactionId: tx },
    ]);
    expect(
      backend.of<TransactionStop>('stopTransaction').map((s) => [s.transactionId, s.meterStopWh, s.reason]),
    ).toEqual([[tx, result.meterStopWh, 'EVDisconnected']]);
  });

  it('answers every TransactionEvent carrying a token with its idTokenInfo', async () => {
    const charger = await harness.charger('CP-201', '2.0.1');
    const tokenInfo = {
      status: 'Accepted',
      cacheExpiryDateTime: '2030-01-01T00:00:00.000Z',
      groupIdToken: { idToken: 'FLEET-7', type: 'Central' },
    };
    const started = await charger.startTransaction({
      connectorId: 2,
      idTag: 'RFID-9',
      meterStartWh: '10',
      timestamp: T0,
      transactionId: 'tx-1',
    });
    expect(started.authorization?.info).toEqual(tokenInfo);
    const stopped = await charger.stopTransaction({
      transactionId: 'tx-1',
      meterStopWh: '20',
      timestamp: T3,
      idTag: 'RFID-9',
      reason: 'Local',
    });
    expect(stopped.authorization?.info).toEqual(tokenInfo);
    const stop = harness.backend.of<TransactionStop>('stopTransaction')[0];
    expect([stop.idTag, stop.reason, stop.meterStopWh]).toEqual(['RFID-9', 'Local', '20']);
  });

  it('defers the start of a token-bearing Started event without a register until the first register', async () => {
    const charger = await harness.charger('CP-201', '2.0.1');
    const event = (seqNo: number, eventType: string, timestamp: string, extra: object) =>
      charger.call('TransactionEvent', {
        eventType,
        timestamp,
        triggerReason: 'Authorized',
        seqNo,
        transactionInfo: { transactionId: 'tx-2' },
        ...extra,
      });
    const reply = await event(0, 'Started', T0, {
      idToken: { idToken: 'RFID-9', type: 'ISO14443' },
      evse: { id: 1 },
    });
    expect(reply.idTokenInfo).toMatchObject({ status: 'Accepted' });
    expect(harness.backend.of('startTransaction')).toEqual([]);
    await event(1, 'Updated', T3, {
      meterValue: [{ timestamp: T3, sampledValue: [{ value: 7.5, unitOfMeasure: { unit: 'kWh' } }] }],
    });
    expect(harness.backend.of<TransactionStart>('startTransaction')).toEqual([
      {
        connectorId: 1,
        idTag: 'RFID-9',
        meterStartWh: '7500',
        timestamp: T0,
        reservationId: undefined,
        transactionId: 'tx-2',
      },
    ]);
  });

  it('converts units, multipliers and phases exactly and keeps signed meter data', async () => {
    const charger = await harness.charger('CP-201', '2.0.1');
    await charger.startTransaction({
      connectorId: 1,
      idTag: 'RFID-1',
      meterStartWh: '0',
      timestamp: T0,
      transactionId: 'tx-3',
    });
    await charger.call('TransactionEvent', {
      eventType: 'Updated',
      timestamp: T3,
      triggerReason: 'MeterValuePeriodic',
      seqNo: 1,
      transactionInfo: { transactionId: 'tx-3' },
      meterValue: [
        {
          timestamp: T3,
          sampledValue: [
            {
              value: 12.345,
              unitOfMeasure: { unit: 'kWh' },
              signedMeterValue: {
                signedMeterData: 'T0NNRnw=',
                signingMethod: 'ECDSA-secp256r1-SHA256',
                encodingMethod: 'OCMF',
                publicKey: '',
              },
            },
            { value: 7.2, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W', multiplier: 3 } },
            { value: 16.1, measurand: 'Current.Import', phase: 'L1', unitOfMeasure: { unit: 'A' } },
            { value: 15.9, measurand: 'Current.Import', phase: 'L2', unitOfMeasure: { unit: 'A' } },
            { value: 16.4, measurand: 'Current.Import', phase: 'L3', unitOfMeasure: { unit: 'A' } },
            { value: 0.2, measurand: 'Current.Import', phase: 'N', unitOfMeasure: { unit: 'A' } },
            { value: 231, measurand: 'Voltage', phase: 'L1-N', unitOfMeasure: { unit: 'V' } },
            { value: 55.5, measurand: 'SoC', location: 'EV', unitOfMeasure: { unit: 'Percent' } },
          ],
        },
        {
          timestamp: '2026-03-02T08:01:03.000Z',
          sampledValue: [
            { value: 4115, phase: 'L1', unitOfMeasure: { unit: 'Wh' } },
            { value: 4115.5, phase: 'L2', unitOfMeasure: { unit: 'Wh' } },
            { value: 4.1155, phase: 'L3', unitOfMeasure: { unit: 'kWh' } },
            { value: 99999, location: 'Inlet' },
          ],
        },
      ],
    });
    const [, periodic] = harness.backend.of<MeterValuesCall>('meterValues');
    expect(periodic.samples).toEqual([
      {
        timestamp: T3,
        energyWh: '12345',
        powerW: '7200',
        currentA: '16.4',
        socPercent: '55.5',
        signedData: 'T0NNRnw=',
        signedFormat: 'OCMF',
        context: 'Sample.Periodic',
      },
      // No total at the outlet: the three phase registers add up; the inlet meter is not the billing one.
      { timestamp: '2026-03-02T08:01:03.000Z', energyWh: '12346', context: 'Sample.Periodic' },
    ]);
  });

  it('takes connector status Occupied as the state its transaction last reported', async () => {
    const charger = await harness.charger('CP-201', '2.0.1');
    const { transactionId } = await charger.startTransaction({
      connectorId: 1,
      idTag: 'RFID-1',
      meterStartWh: '0',
      timestamp: T0,
    });
    await charger.chargingState(1, transactionId, 'SuspendedEVSE', T3);
    await charger.status(1, 'Charging', '2026-03-02T08:00:04.000Z'); // → connectorStatus Occupied
    await charger.call('StatusNotification', {
      timestamp: '2026-03-02T08:00:05.000Z',
      connectorStatus: 'Reserved',
      evseId: 2,
      connectorId: 1,
    });
    expect(harness.backend.of<StatusCall>('statusNotification').slice(-2)).toEqual([
      { connectorId: 1, state: 'SuspendedEVSE', timestamp: '2026-03-02T08:00:04.000Z', transactionId },
      {
        connectorId: 2,
        state: 'Unavailable',
        timestamp: '2026-03-02T08:00:05.000Z',
        transactionId: undefined,
      },
    ]);
  });

  it('refuses a Started event without evse, naming the field, with 2.0.1 spelling', async () => {
    const charger = await harness.charger('CP-201', '2.0.1');
    const refused = await charger
      .call('TransactionEvent', {
        eventType: 'Started',
        timestamp: T0,
        triggerReason: 'CablePluggedIn',
        seqNo: 0,
        transactionInfo: { transactionId: randomUUID() },
      })
      .catch((err: RPCError) => err);
    expect(refused).toBeInstanceOf(RPCError);
    expect((refused as RPCError).rpcErrorCode).toBe('OccurenceConstraintViolation');
    expect((refused as RPCError).message).toMatch(/^evse is required/);
    expect(harness.backend.of('startTransaction')).toEqual([]);
    expect(await charger.heartbeat()).toBeTruthy(); // still connected
  });

  it('does not bill a transaction that ends without ever presenting a token', async () => {
    const charger = await harness.charger('CP-201', '2.0.1');
    const { transactionId } = await charger.startTransaction({
      connectorId: 1,
      meterStartWh: '100',
      timestamp: T0,
    });
    await charger.stopTransaction({
      transactionId,
      meterStopWh: '100',
      timestamp: T3,
      reason: 'EVDisconnected',
    });
    expect(harness.backend.of('startTransaction')).toEqual([]);
    expect(harness.backend.of('stopTransaction')).toEqual([]);
  });

  it('forwards MeterValues outside a transaction with the EVSE as connector', async () => {
    const charger: SimulatedCharger = await harness.charger('CP-201', '2.0.1');
    await charger.sendMeterValues(3, [{ timestamp: T0, energyWh: '123.5', context: 'Sample.Clock' }]);
    expect(harness.backend.of<MeterValuesCall>('meterValues')).toEqual([
      { connectorId: 3, samples: [{ timestamp: T0, energyWh: '123.5', context: 'Sample.Clock' }] },
    ]);
  });

  it('asks a connected station to stop with RequestStopTransaction', async () => {
    const charger = await harness.charger('CP-201', '2.0.1');
    expect(await harness.gateway.requestChargerStop('CP-201', 'tx-uuid-1')).toBe(true);
    expect(charger.remoteStopRequests).toEqual(['tx-uuid-1']);
  });
});
