// OCPP 1.6J through the real gateway: a simulated charger plays whole sessions and single actions;
// the recording backend shows exactly what reached chargeledger.
import Decimal from 'decimal.js';
import { runChargingScenario } from '../../src/sim';
import type { TransactionStart, TransactionStop } from '../../src/ocpp/backend';
import type { MeterSample } from '../../src/session/types';
import { startHarness, type Harness } from './support/gatewayHarness';
import { SESSION } from './support/scenario';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.stop();
});

describe.each(['Wh', 'kWh'] as const)('OCPP 1.6 session with the register in %s', (energyUnit) => {
  it('reaches the backend call by call, values exact and in Wh', async () => {
    const charger = await harness.charger('CP-16', '1.6', { energyUnit });
    const result = await runChargingScenario(charger, SESSION);
    const { backend } = harness;
    const identity = { chargePointId: 'CP-16', ocppVersion: '1.6' };

    expect(result.authorizationStatus).toBe('Accepted');
    expect(result.transactionId).toBe('1001');
    expect(
      backend.calls.every(
        (c) => c.charger.chargePointId === identity.chargePointId && c.charger.ocppVersion === '1.6',
      ),
    ).toBe(true);
    const periodic = result.samples.filter((s) => s.context === 'Sample.Periodic');
    const whileCharging = periodic.filter((s) => s.powerW !== '0').length;
    expect(backend.calls.map((c) => c.method)).toEqual([
      'boot',
      'statusNotification',
      'authorize',
      'startTransaction',
      'statusNotification',
      ...Array(whileCharging).fill('meterValues'),
      'statusNotification',
      ...Array(periodic.length - whileCharging).fill('meterValues'),
      'stopTransaction',
      'statusNotification',
    ]);
    expect(periodic.length - whileCharging).toBe(10); // one sample a minute through the 10-minute idle tail
    expect(backend.of('boot')).toEqual([
      {
        vendor: 'chargeledger',
        model: 'SimulatedCharger',
        serialNumber: 'CP-16',
        firmwareVersion: undefined,
      },
    ]);
    expect(backend.of('authorize')).toEqual(['RFID-0001']);
    expect(backend.of<TransactionStart>('startTransaction')).toEqual([
      {
        connectorId: 1,
        idTag: 'RFID-0001',
        meterStartWh: '125000',
        timestamp: '2026-03-02T08:00:03.000Z',
        reservationId: undefined,
      },
    ]);

    expect(whileCharging).toBeGreaterThan(20);
    const received = backend.of<{ connectorId: number; transactionId: string; samples: MeterSample[] }>(
      'meterValues',
    );
    expect(received).toEqual(
      periodic.map((sample) => ({ connectorId: 1, transactionId: '1001', samples: [sample] })),
    );
    // The sum of what the meter showed is what the session delivered, to the Wh.
    const lastRegister = received[received.length - 1].samples[0].energyWh!;
    expect(new Decimal(lastRegister).minus(SESSION.meterStartWh).toFixed()).toBe(result.energyWh);
    expect(Number(result.energyWh)).toBeGreaterThanOrEqual(5999); // 10 % of 60 kWh, register truncated

    expect(backend.of('statusNotification')).toEqual([
      { connectorId: 1, state: 'Preparing', timestamp: '2026-03-02T08:00:00.000Z', errorCode: undefined },
      { connectorId: 1, state: 'Charging', timestamp: '2026-03-02T08:00:03.000Z', errorCode: undefined },
      { connectorId: 1, state: 'SuspendedEV', timestamp: result.suspendedAt, errorCode: undefined },
      { connectorId: 1, state: 'Available', timestamp: result.stoppedAt, errorCode: undefined },
    ]);
    expect(backend.of<TransactionStop>('stopTransaction')).toEqual([
      {
        transactionId: '1001',
        idTag: undefined,
        meterStopWh: result.meterStopWh,
        timestamp: result.stoppedAt,
        reason: 'EVDisconnected',
        samples: [{ timestamp: result.stoppedAt, energyWh: result.meterStopWh, context: 'Transaction.End' }],
      },
    ]);
    // Ten minutes of idle tail after the battery was full, on simulated time.
    expect(Date.parse(result.stoppedAt) - Date.parse(result.suspendedAt!)).toBe(600_000);
  });
});

describe('OCPP 1.6 actions', () => {
  it('answers Authorize and StartTransaction with idTagInfo and an integer transactionId', async () => {
    const charger = await harness.charger('CP-16', '1.6');
    expect(await charger.call('Authorize', { idTag: 'RFID-0001' })).toEqual({
      idTagInfo: { status: 'Accepted', expiryDate: '2030-01-01T00:00:00.000Z', parentIdTag: 'FLEET-7' },
    });
    const start = {
      connectorId: 2,
      idTag: 'RFID-0001',
      meterStart: 0,
      timestamp: '2026-03-02T09:00:00Z',
      reservationId: 42,
    };
    expect(await charger.call('StartTransaction', start)).toEqual({
      transactionId: 1001,
      idTagInfo: { status: 'Accepted', expiryDate: '2030-01-01T00:00:00.000Z', parentIdTag: 'FLEET-7' },
    });
    expect(harness.backend.of('startTransaction')).toEqual([
      {
        connectorId: 2,
        idTag: 'RFID-0001',
        meterStartWh: '0',
        timestamp: '2026-03-02T09:00:00Z',
        reservationId: 42,
      },
    ]);
  });

  it('maps a token the backend does not know ("Unknown") to 1.6 "Invalid"', async () => {
    const charger = await harness.charger('CP-16', '1.6');
    harness.backend.authorization = { status: 'Unknown' };
    expect(await charger.call('Authorize', { idTag: 'NOBODY' })).toEqual({
      idTagInfo: { status: 'Invalid' },
    });
  });

  it('passes a duplicate StartTransaction to the backend twice and answers the same transactionId', async () => {
    const charger = await harness.charger('CP-16', '1.6');
    const start = {
      connectorId: 1,
      idTag: 'RFID-0001',
      meterStart: 500,
      timestamp: '2026-03-02T09:00:00.000Z',
    };
    const [first, second] = await Promise.all([
      charger.call('StartTransaction', start),
      charger.call('StartTransaction', start),
    ]);
    const third = await charger.call('StartTransaction', start);
    expect(harness.backend.of('startTransaction')).toHaveLength(3);
    expect([first.transactionId, second.transactionId, third.transactionId]).toEqual([1001, 1001, 1001]);
    const other = await charger.call('StartTransaction', { ...start, timestamp: '2026-03-02T10:00:00.000Z' });
    expect(other.transactionId).toBe(1002);
  });

  it('answers StopTransaction with idTagInfo only when a token was presented', async () => {
    const charger = await harness.charger('CP-16', '1.6');
    const stop = { transactionId: 1001, meterStop: 1500, timestamp: '2026-03-02T10:00:00Z' };
    expect(await charger.call('StopTransaction', stop)).toEqual({});
    expect(await charger.call('StopTransaction', { ...stop, idTag: 'RFID-0002' })).toEqual({
      idTagInfo: { status: 'Accepted', expiryDate: '2030-01-01T00:00:00.000Z', parentIdTag: 'FLEET-7' },
    });
    expect(
      harness.backend.of<TransactionStop>('stopTransaction').map((s) => [s.reason, s.idTag, s.meterStopWh]),
    ).toEqual([
      ['Local', undefined, '1500'],
      ['Local', 'RFID-0002', '1500'],
    ]);
  });

  it('accepts meter values for a transaction it cannot know and leaves the judgement to the backend', async () => {
    const charger = await harness.charger('CP-16', '1.6');
    const reply = await charger.call('MeterValues', {
      connectorId: 3,
      transactionId: 999,
      meterValue: [{ timestamp: '2026-03-02T10:00:00Z', sampledValue: [{ value: '42.5', unit: 'kWh' }] }],
    });
    expect(reply).toEqual({});
    expect(harness.backend.of('meterValues')).toEqual([
      {
        connectorId: 3,
        transactionId: '999',
        samples: [{ timestamp: '2026-03-02T10:00:00Z', energyWh: '42500', context: 'Sample.Periodic' }],
      },
    ]);
  });

  it('maps 1.6 statuses, keeps error codes and stamps a status sent without timestamp', async () => {
    const charger = await harness.charger('CP-16', '1.6');
    await charger.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'GroundFailure',
      status: 'Faulted',
      timestamp: '2026-03-02T10:00:00Z',
    });
    await charger.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Reserved' });
    const [faulted, reserved] = harness.backend.of<{ state: string; errorCode?: string; timestamp: string }>(
      'statusNotification',
    );
    expect(faulted).toEqual({
      connectorId: 1,
      state: 'Faulted',
      errorCode: 'GroundFailure',
      timestamp: '2026-03-02T10:00:00Z',
    });
    expect(reserved.state).toBe('Unavailable');
    expect(reserved.errorCode).toBeUndefined();
    expect(Math.abs(Date.parse(reserved.timestamp) - Date.now())).toBeLessThan(60_000);
  });

  it('answers DataTransfer with UnknownVendorId and Heartbeat with the current time', async () => {
    const charger = await harness.charger('CP-16', '1.6');
    expect(
      await charger.call('DataTransfer', { vendorId: 'com.example', messageId: 'x', data: 'y' }),
    ).toEqual({ status: 'UnknownVendorId' });
    const currentTime = await charger.heartbeat();
    expect(Math.abs(Date.parse(currentTime) - Date.now())).toBeLessThan(60_000);
    expect(harness.backend.of('heartbeat')).toHaveLength(1);
  });

  it('asks a connected charger to stop with RemoteStopTransaction', async () => {
    const charger = await harness.charger('CP-16', '1.6');
    expect(await harness.gateway.requestChargerStop('CP-16', '1001')).toBe(true);
    charger.acceptRemoteStop = false;
    expect(await harness.gateway.requestChargerStop('CP-16', '1002')).toBe(false);
    expect(charger.remoteStopRequests).toEqual(['1001', '1002']);
    expect(await harness.gateway.requestChargerStop('CP-ABSENT', '1')).toBe(false);
    expect(harness.gateway.connectedChargers()).toEqual(['CP-16']);
  });
});
