// Every repository on both databases: writes are idempotent (the same write twice is one row with the
// same result), exact values come back exactly, tariff versions are append-only.
import {
  allocateTransactionId,
  appendAudit,
  appendSessionEvent,
  countCdrs,
  createApiClient,
  findToken,
  getCdrForSession,
  getCharger,
  getSession,
  getTariff,
  listAudit,
  listCdrs,
  listSamples,
  listSessionEvents,
  listTariffVersions,
  listCurrentTariffs,
  putTariffVersion,
  recordBoot,
  recordHeartbeat,
  recordSamples,
  recordStatusNotification,
  recordStatusNotifications,
  registerCharger,
  revokeApiClient,
  setSessionStatus,
  storeCdr,
  updateConnectorStatus,
  upsertSession,
  upsertToken,
  verifyApiKey,
  verifyChargerPassword,
  InvalidRecordError,
} from '../../src/db';
import { useTestDatabase, type TestDatabaseKind } from '../helpers/db';
import * as fx from './fixtures';

const count = async (db: ReturnType<typeof useTestDatabase>['db'], table: string) =>
  Number((await db(table).count({ n: '*' }))[0].n);

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('repositories on %s', (kind) => {
  const t = useTestDatabase({ kind });

  beforeAll(async () => {
    await registerCharger(t.db, fx.charger);
    await putTariffVersion(t.db, fx.tariff());
  });

  describe('chargers', () => {
    it('registers once, keeps the password hash when the password is unchanged, verifies passwords', async () => {
      const before = await t.db('chargers').where({ charge_point_id: 'CP-BER-001' }).first('password_hash');
      const again = await registerCharger(t.db, fx.charger);
      const after = await t.db('chargers').where({ charge_point_id: 'CP-BER-001' }).first('password_hash');
      expect(after.password_hash).toBe(before.password_hash);
      expect(after.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
      expect(await count(t.db, 'chargers')).toBe(1);
      expect(await count(t.db, 'connectors')).toBe(2);
      expect(again.location).toEqual({ ...fx.charger.location, state: undefined });
      expect(again.connectors.map((c) => [c.connectorId, c.evseId, c.maxPowerW])).toEqual([
        [1, 'DE*CLG*E0001*1', '22000'],
        [2, 'DE*CLG*E0001*2', '22000'],
      ]);
      expect(await verifyChargerPassword(t.db, 'CP-BER-001', 'correct horse battery staple')).toBe(true);
      expect(await verifyChargerPassword(t.db, 'CP-BER-001', 'Correct horse battery staple')).toBe(false);
      expect(await verifyChargerPassword(t.db, 'CP-UNKNOWN', 'correct horse battery staple')).toBe(false);
    });

    it('reads a charger with its connectors in one piece, decimals exactly as stored', async () => {
      await registerCharger(t.db, {
        ...fx.charger,
        chargePointId: 'CP-EXACT',
        connectors: [
          { connectorId: 2, maxPowerW: '11000.50' },
          { connectorId: 1, maxPowerW: '7400' },
        ],
      });
      const charger = await getCharger(t.db, 'CP-EXACT');
      expect(charger?.connectors).toEqual([
        expect.objectContaining({ connectorId: 1, maxPowerW: '7400', ocpiConnectorId: '1', tariffIds: [] }),
        expect.objectContaining({ connectorId: 2, maxPowerW: '11000.50', status: null, statusAt: null }),
      ]);
      expect(charger?.timeZone).toBe('Europe/Berlin');
      expect(await getCharger(t.db, 'CP-NONE')).toBeUndefined();
    });

    it('records boot and heartbeats, never moving the heartbeat backwards', async () => {
      await recordBoot(
        t.db,
        'CP-BER-001',
        { vendor: 'Alfen', model: 'Eve Single', firmwareVersion: '6.4.0' },
        '2025-03-10T08:00:00Z',
      );
      await recordHeartbeat(t.db, 'CP-BER-001', '2025-03-10T09:00:00Z');
      await recordHeartbeat(t.db, 'CP-BER-001', '2025-03-10T08:30:00Z');
      const c = await getCharger(t.db, 'CP-BER-001');
      expect(c).toMatchObject({ vendor: 'Alfen', model: 'Eve Single', firmwareVersion: '6.4.0' });
      expect(c?.lastBootAt).toBe('2025-03-10T08:00:00.000Z');
      expect(c?.lastHeartbeatAt).toBe('2025-03-10T09:00:00.000Z');
      await expect(recordHeartbeat(t.db, 'CP-NOPE', '2025-03-10T09:00:00Z')).rejects.toThrow(
        /unknown charger "CP-NOPE"/,
      );
    });

    it('keeps the newest connector status when notifications arrive out of order', async () => {
      await updateConnectorStatus(t.db, 'CP-BER-001', 1, { state: 'Charging', at: '2025-03-10T17:15:05Z' });
      await updateConnectorStatus(t.db, 'CP-BER-001', 1, { state: 'Finishing', at: '2025-03-10T19:15:00Z' });
      await updateConnectorStatus(t.db, 'CP-BER-001', 1, { state: 'Preparing', at: '2025-03-10T17:14:00Z' });
      await updateConnectorStatus(t.db, 'CP-BER-001', 0, { state: 'Available', at: '2025-03-10T17:14:00Z' });
      const c = await getCharger(t.db, 'CP-BER-001');
      expect(c?.connectors.find((x) => x.connectorId === 1)).toMatchObject({
        status: 'Finishing',
        statusAt: '2025-03-10T19:15:00.000Z',
      });
      expect(c?.connectors.find((x) => x.connectorId === 0)?.status).toBe('Available');
      await expect(
        updateConnectorStatus(t.db, 'CP-NOPE', 1, { state: 'Available', at: '2025-03-10T17:14:00Z' }),
      ).rejects.toThrow(InvalidRecordError);
    });

    it('rejects bad registrations naming the field', async () => {
      await expect(registerCharger(t.db, { ...fx.charger, timeZone: 'Europe/Berlinn' })).rejects.toThrow(
        'timeZone: unknown IANA time zone "Europe/Berlinn"',
      );
      await expect(
        registerCharger(t.db, { ...fx.charger, location: { ...fx.charger.location!, country: 'DE' } }),
      ).rejects.toThrow('location.country: expected ISO 3166-1 alpha-3, got "DE"');
    });
  });

  describe('tariffs', () => {
    it('versions a changed tariff, ignores an unchanged resend, and never alters an old version', async () => {
      const v1 = await getTariff(t.db, 'DE-CLG-T1');
      expect(v1?.version).toBe(1);

      // Resent with a newer last_updated but the same prices: no new version.
      const resend = await putTariffVersion(t.db, fx.tariff({ last_updated: '2025-02-01T00:00:00Z' }));
      expect(resend).toMatchObject({ created: false, record: { version: 1 } });

      const changed = fx.tariff({ last_updated: '2025-06-01T00:00:00Z' });
      changed.elements[1].price_components[0].price = 0.31;
      const v2 = await putTariffVersion(t.db, changed);
      expect(v2).toMatchObject({ created: true, record: { version: 2 } });
      expect(await putTariffVersion(t.db, changed)).toMatchObject({ created: false, record: { version: 2 } });

      expect((await getTariff(t.db, 'DE-CLG-T1'))?.version).toBe(2);
      expect((await getTariff(t.db, 'DE-CLG-T1', 1))?.tariff.elements[1].price_components[0].price).toBe(
        0.29,
      );
      expect((await getTariff(t.db, 'DE-CLG-T1', 2))?.tariff.elements[1].price_components[0].price).toBe(
        0.31,
      );
      expect((await listTariffVersions(t.db, 'DE-CLG-T1')).map((v) => v.version)).toEqual([1, 2]);
      expect((await listCurrentTariffs(t.db)).map((v) => [v.tariffId, v.version])).toEqual([
        ['DE-CLG-T1', 2],
      ]);
      await expect(
        t.db('tariffs').where({ tariff_id: 'DE-CLG-T1', version: 1 }).update({ currency: 'USD' }),
      ).rejects.toThrow(/immutable/);
    });

    it('gives concurrent puts of different contents distinct consecutive versions', async () => {
      const variants = [0.41, 0.42, 0.43, 0.44].map((price) =>
        fx.tariff({
          id: 'DE-CLG-RACE',
          elements: [{ price_components: [{ type: 'ENERGY', price, step_size: 1 }] }],
        }),
      );
      const results = await Promise.all(variants.map((v) => putTariffVersion(t.db, v)));
      expect(results.map((r) => r.record.version).sort()).toEqual([1, 2, 3, 4]);
    });

    it('names the field of a malformed tariff', async () => {
      await expect(putTariffVersion(t.db, fx.tariff({ currency: 'eur' }))).rejects.toThrow(
        'tariff.currency: expected an ISO 4217 code, got "eur"',
      );
      await expect(putTariffVersion(t.db, fx.tariff({ last_updated: '2025-01-01 10:00' }))).rejects.toThrow(
        /^tariff\.last_updated: expected an ISO 8601 instant with offset/,
      );
    });
  });

  describe('tokens', () => {
    it('upserts idempotently and finds by uid', async () => {
      const first = await upsertToken(t.db, fx.token);
      const second = await upsertToken(t.db, fx.token);
      expect(second).toEqual({ ...first });
      expect(await count(t.db, 'tokens')).toBe(1);
      expect(await findToken(t.db, fx.token.uid)).toMatchObject({
        contractId: 'DE-CLG-C12345678-X',
        status: 'valid',
        whitelist: 'ALLOWED',
        tariffId: 'DE-CLG-T1',
        isRoaming: false,
        customerId: null,
      });
      expect(await findToken(t.db, 'NOPE')).toBeUndefined();
      await expect(upsertToken(t.db, { ...fx.token, type: 'CARD' as never })).rejects.toThrow(
        'token.type: expected one of AD_HOC_USER, APP_USER, OTHER, RFID, got "CARD"',
      );
    });
  });

  describe('sessions', () => {
    beforeAll(async () => {
      await upsertSession(t.db, fx.session({ tariffId: 'DE-CLG-T1', tariffVersion: 1 }));
    });

    it('creates once, merges stop facts, advances status without regressing, keeps start facts', async () => {
      const id = 'session-CP-BER-001-42';
      const again = await upsertSession(t.db, fx.session({ tariffId: 'DE-CLG-T1', tariffVersion: 1 }));
      expect(again.id).toBe(id);
      expect(await count(t.db, 'sessions')).toBe(1);

      const stop = {
        stoppedAt: '2025-03-10T19:15:00Z',
        meterStopWh: '1256024.5',
        stopReason: 'EVDisconnected' as const,
      };
      const stopped = await upsertSession(
        t.db,
        fx.session({ ...stop, status: 'stopped', flags: { idle: true } }),
      );
      const stoppedAgain = await upsertSession(
        t.db,
        fx.session({ ...stop, status: 'stopped', flags: { idle: true } }),
      );
      expect({ ...stoppedAgain, updatedAt: '' }).toEqual({ ...stopped, updatedAt: '' });
      expect(stopped).toMatchObject({
        status: 'stopped',
        stoppedAt: '2025-03-10T19:15:00.000Z',
        meterStopWh: '1256024.5',
        meterStartWh: '1234567.8',
        tariffId: 'DE-CLG-T1',
        tariffVersion: 1,
        flags: { idle: true },
      });

      // A late retry of the start write does not move the session back to active or erase the stop.
      const retried = await upsertSession(t.db, fx.session({ tariffId: 'DE-CLG-T1', tariffVersion: 2 }));
      expect(retried).toMatchObject({ status: 'stopped', meterStopWh: '1256024.5', tariffVersion: 1 });

      expect((await setSessionStatus(t.db, id, 'rated'))?.status).toBe('rated');
      expect((await setSessionStatus(t.db, id, 'stopped'))?.status).toBe('rated');
      expect((await getSession(t.db, id))?.status).toBe('rated');
    });

    it('refuses a second session id for the same charger transaction', async () => {
      await expect(upsertSession(t.db, fx.session({ id: 'session-other' }))).rejects.toThrow(
        /transaction 42 of charger CP-BER-001 already belongs to another session/,
      );
    });

    it('records each event once, in time order', async () => {
      const id = 'session-CP-BER-001-42';
      const events = [
        { at: '2025-03-10T17:15:05Z', kind: 'status', data: { state: 'Charging' } },
        { at: '2025-03-10T18:55:00Z', kind: 'status', data: { state: 'SuspendedEV' } },
        { at: '2025-03-10T18:55:00Z', kind: 'status', data: { state: 'Finishing' } },
      ];
      // Events of the same instant keep the order they arrived in, so the first delivery is sequential;
      // the redelivery is concurrent, as a retrying charger's may be.
      const first = [];
      for (const e of events) first.push(await appendSessionEvent(t.db, id, e));
      const second = await Promise.all(events.map((e) => appendSessionEvent(t.db, id, e)));
      expect(first.map((r) => r.inserted)).toEqual([true, true, true]);
      expect(second.map((r) => r.inserted)).toEqual([false, false, false]);
      const listed = await listSessionEvents(t.db, id);
      expect(listed.map((e) => [e.at, e.data.state])).toEqual([
        ['2025-03-10T17:15:05.000Z', 'Charging'],
        ['2025-03-10T18:55:00.000Z', 'SuspendedEV'],
        ['2025-03-10T18:55:00.000Z', 'Finishing'],
      ]);
    });

    it('records a StatusNotification in one statement: the connector always, an event for the active session', async () => {
      const active = { id: 'session-CP-BER-001-43' };
      await upsertSession(t.db, fx.session({ ...active, transactionId: '43', connectorId: 2 }));
      const report = {
        chargePointId: 'CP-BER-001',
        connectorId: 2,
        state: 'Charging',
        at: '2025-03-10T17:15:05Z',
      };
      expect(await recordStatusNotification(t.db, report)).toEqual({ sessionId: active.id });
      expect(await recordStatusNotification(t.db, report)).toEqual({}); // re-sent: one event
      // An older report is still an event of the session but does not move the connector back.
      const older = { ...report, state: 'Preparing', at: '2025-03-10T17:14:00Z' };
      expect(await recordStatusNotification(t.db, older)).toEqual({ sessionId: active.id });
      expect((await listSessionEvents(t.db, active.id)).map((e) => [e.at, e.data.state])).toEqual([
        ['2025-03-10T17:14:00.000Z', 'Preparing'],
        ['2025-03-10T17:15:05.000Z', 'Charging'],
      ]);
      const connector = (await getCharger(t.db, 'CP-BER-001'))?.connectors.find((c) => c.connectorId === 2);
      expect(connector).toMatchObject({ status: 'Charging', statusAt: '2025-03-10T17:15:05.000Z' });

      // A session named by the charger gets the event only if it exists; the connector changes either way.
      const finishing = { ...report, state: 'Finishing', at: '2025-03-10T19:00:00Z' };
      expect(
        await recordStatusNotification(t.db, { ...finishing, sessionId: 'session-CP-BER-001-99' }),
      ).toEqual({});
      expect(await recordStatusNotification(t.db, { ...finishing, sessionId: active.id })).toEqual({
        sessionId: active.id,
      });
      await setSessionStatus(t.db, active.id, 'stopped');
      const available = { ...report, state: 'Available', at: '2025-03-10T19:05:00Z' };
      expect(await recordStatusNotification(t.db, available)).toEqual({}); // no active session left
      expect(await listSessionEvents(t.db, active.id)).toHaveLength(3);
      expect(
        (await getCharger(t.db, 'CP-BER-001'))?.connectors.find((c) => c.connectorId === 2)?.status,
      ).toBe('Available');
      await expect(recordStatusNotification(t.db, { ...report, chargePointId: 'CP-NOPE' })).rejects.toThrow(
        /unknown charger "CP-NOPE"/,
      );
    });

    it('records many StatusNotifications in one statement, each as it would be alone', async () => {
      await registerCharger(t.db, { ...fx.charger, chargePointId: 'CP-BATCH-A' });
      await registerCharger(t.db, { ...fx.charger, chargePointId: 'CP-BATCH-B' });
      const a = await upsertSession(t.db, fx.session({ chargePointId: 'CP-BATCH-A', transactionId: '7' }));
      const b = await upsertSession(t.db, fx.session({ chargePointId: 'CP-BATCH-B', transactionId: '8' }));
      const at = '2025-03-10T18:00:00Z';
      const charging = { connectorId: 1, state: 'Charging', at };
      const results = await recordStatusNotifications(t.db, [
        { chargePointId: 'CP-BATCH-A', ...charging },
        { chargePointId: 'CP-BATCH-B', ...charging }, // the same event content, another session
        { chargePointId: 'CP-BATCH-A', ...charging }, // repeated within the batch: one event
        // The same connector twice: both are events, the newer one is its status whatever the order.
        { chargePointId: 'CP-BATCH-B', connectorId: 1, state: 'SuspendedEV', at: '2025-03-10T18:30:00Z' },
        { chargePointId: 'CP-BATCH-B', connectorId: 1, state: 'Preparing', at: '2025-03-10T17:59:00Z' },
        { chargePointId: 'CP-BATCH-A', connectorId: 2, state: 'Available', at }, // no session there
      ]);
      expect(results).toEqual([
        { sessionId: a.id },
        { sessionId: b.id },
        {},
        { sessionId: b.id },
        { sessionId: b.id },
        {},
      ]);
      expect((await listSessionEvents(t.db, b.id)).map((e) => e.data.state)).toEqual([
        'Preparing',
        'Charging',
        'SuspendedEV',
      ]);
      expect(await listSessionEvents(t.db, a.id)).toHaveLength(1);
      const statusOf = async (chargePointId: string, connectorId: number) =>
        (await getCharger(t.db, chargePointId))?.connectors.find((c) => c.connectorId === connectorId)
          ?.status;
      expect(await statusOf('CP-BATCH-B', 1)).toBe('SuspendedEV');
      expect(await statusOf('CP-BATCH-A', 1)).toBe('Charging');
      expect(await statusOf('CP-BATCH-A', 2)).toBe('Available');
      // An unregistered charger fails the batch, named with the batch's chargers; nothing is stored.
      await expect(
        recordStatusNotifications(t.db, [
          { chargePointId: 'CP-BATCH-A', connectorId: 1, state: 'Finishing', at: '2025-03-10T19:00:00Z' },
          { chargePointId: 'CP-NOPE', ...charging },
        ]),
      ).rejects.toThrow(/unknown charger among "CP-BATCH-A", "CP-NOPE"/);
      expect(await statusOf('CP-BATCH-A', 1)).toBe('Charging');
      expect(await recordStatusNotifications(t.db, [])).toEqual([]);
    });

    it('stores each meter reading once and lists them in time order with exact values', async () => {
      const id = 'session-CP-BER-001-42';
      const samples = [
        { timestamp: '2025-03-10T17:15:00Z', energyWh: '1234567.8', context: 'Transaction.Begin' },
        {
          timestamp: '2025-03-10T19:15:00+01:00',
          energyWh: '1245000.25',
          powerW: '10999.9',
          currentA: '15.9',
          socPercent: '61',
        },
        { timestamp: '2025-03-10T17:45:00.123Z', energyWh: '1240000.000', powerW: '11000' },
        { timestamp: '2025-03-10T17:30:00Z', energyWh: '1230000', flags: ['negative_delta'] },
      ];
      expect(await recordSamples(t.db, id, samples)).toEqual({ inserted: 4, duplicates: 0 });
      // Resent after a reconnect, once with equal numbers written differently, plus one in-batch repeat.
      const resent = [
        ...samples,
        { timestamp: '2025-03-10T17:15:00.000Z', energyWh: '1234567.80', context: 'Transaction.Begin' },
        { timestamp: '2025-03-10T19:15:00Z', energyWh: '1256024.5', context: 'Transaction.End' },
        { timestamp: '2025-03-10T19:15:00Z', energyWh: '1256024.5', context: 'Transaction.End' },
      ];
      expect(await recordSamples(t.db, id, resent)).toEqual({ inserted: 1, duplicates: 6 });

      const all = await listSamples(t.db, id);
      expect(all.map((s) => [s.timestamp, s.energyWh, s.flags])).toEqual([
        ['2025-03-10T17:15:00.000Z', '1234567.8', []],
        ['2025-03-10T17:30:00.000Z', '1230000', ['negative_delta']],
        ['2025-03-10T17:45:00.123Z', '1240000.000', []],
        ['2025-03-10T18:15:00.000Z', '1245000.25', []],
        ['2025-03-10T19:15:00.000Z', '1256024.5', []],
      ]);
      expect(all[3]).toMatchObject({ powerW: '10999.9', currentA: '15.9', socPercent: '61', sessionId: id });
      expect(all[3]).not.toHaveProperty('context');
      const accepted = await listSamples(t.db, id, { acceptedOnly: true });
      expect(accepted.map((s) => s.timestamp)).not.toContain('2025-03-10T17:30:00.000Z');
      expect(accepted).toHaveLength(4);
      await expect(
        recordSamples(t.db, id, [{ timestamp: '2025-03-10T19:16:00Z', energyWh: '12,5' }]),
      ).rejects.toThrow('samples[0].energyWh: expected a decimal number, got "12,5"');
    });
  });

  describe('transaction ids', () => {
    it('returns the same id for a retried start and new ids for new starts', async () => {
      const start = {
        chargePointId: 'CP-BER-001',
        connectorId: 1,
        idTag: '04A1B2C3D4E5F6',
        startedAt: '2025-03-10T17:15:00Z',
      };
      const first = await allocateTransactionId(t.db, start);
      expect(await allocateTransactionId(t.db, { ...start, startedAt: '2025-03-10T18:15:00+01:00' })).toBe(
        first,
      );
      const next = await allocateTransactionId(t.db, { ...start, startedAt: '2025-03-10T20:00:00Z' });
      expect(next).not.toBe(first);
      expect(Number.isInteger(first) && Number.isInteger(next)).toBe(true);
    });
  });

  describe('CDRs', () => {
    it('stores one CDR per session with exact totals; a retry returns the stored one', async () => {
      const input = {
        cdr: fx.cdr(),
        sessionId: 'session-CP-BER-001-42',
        tariffId: 'DE-CLG-T1',
        tariffVersion: 1,
        breakdown: { periods: [{ cost: '6.92251300' }] },
      };
      const first = await storeCdr(t.db, input);
      expect(first.inserted).toBe(true);
      // The retry computed a different id (e.g. a new attempt): the session's first CDR stands.
      const retry = await storeCdr(t.db, { ...input, cdr: fx.cdr({ id: 'CDR-OTHER' }) });
      expect(retry.inserted).toBe(false);
      expect(retry.record).toEqual(first.record);
      expect(await count(t.db, 'cdrs')).toBe(1);

      expect(first.record.totals).toEqual({
        cost: { exclVat: '7.4225', inclVat: '8.8328' },
        fixedCost: { exclVat: '0.5', inclVat: '0.595' },
        energyCost: { exclVat: '6.9225', inclVat: '8.2378' },
        timeCost: { exclVat: null, inclVat: null },
        parkingCost: { exclVat: null, inclVat: null },
        reservationCost: { exclVat: null, inclVat: null },
        energy: '21.4567',
        time: '2',
        parkingTime: '0',
      });
      expect(first.record.breakdown).toEqual({ periods: [{ cost: '6.92251300' }] });
      expect(first.record.cdr.cdr_location.evse_id).toBe('DE*CLG*E0001*1');
      expect((await getCdrForSession(t.db, 'session-CP-BER-001-42'))?.id).toBe('CDR-CP-BER-001-42');
    });

    it('stores a credit CDR beside the original, idempotently, and lists by last_updated', async () => {
      const credit = fx.cdr({
        id: 'CDR-CP-BER-001-42-CREDIT',
        credit: true,
        credit_reference_id: 'CDR-CP-BER-001-42',
        total_cost: { excl_vat: -7.4225, incl_vat: -8.8328 },
        last_updated: '2025-03-12T09:00:00Z',
      });
      const first = await storeCdr(t.db, { cdr: credit, sessionId: 'session-CP-BER-001-42' });
      const again = await storeCdr(t.db, { cdr: credit, sessionId: 'session-CP-BER-001-42' });
      expect([first.inserted, again.inserted]).toEqual([true, false]);
      expect(again.record.totals.cost).toEqual({ exclVat: '-7.4225', inclVat: '-8.8328' });

      expect((await listCdrs(t.db)).map((c) => c.id)).toEqual([
        'CDR-CP-BER-001-42',
        'CDR-CP-BER-001-42-CREDIT',
      ]);
      expect((await listCdrs(t.db, { from: '2025-03-11T00:00:00Z' })).map((c) => c.id)).toEqual([
        'CDR-CP-BER-001-42-CREDIT',
      ]);
      expect((await listCdrs(t.db, { to: '2025-03-11T00:00:00Z' })).map((c) => c.id)).toEqual([
        'CDR-CP-BER-001-42',
      ]);
      expect((await listCdrs(t.db, { limit: 1, offset: 1 })).map((c) => c.id)).toEqual([
        'CDR-CP-BER-001-42-CREDIT',
      ]);
      expect(await countCdrs(t.db, { partyId: 'CLG' })).toBe(2);
      await expect(storeCdr(t.db, { cdr: fx.cdr({ id: 'X', credit: true }) })).rejects.toThrow(
        'cdr.credit_reference_id: a credit CDR must reference the CDR it credits',
      );
    });

    it("stores a session's CDR and moves the session on to rated in the same statement", async () => {
      const session = fx.session({ transactionId: '43', status: 'stopped' });
      const id = (await upsertSession(t.db, session)).id;
      const input = { cdr: fx.cdr({ id: 'CDR-CP-BER-001-43' }), sessionId: id };
      const first = await storeCdr(t.db, input, { rateSession: true });
      expect(first.inserted).toBe(true);
      expect((await getSession(t.db, id))?.status).toBe('rated');
      // A retry finds the CDR stored; the status stays where it is.
      const retry = await storeCdr(t.db, input, { rateSession: true });
      expect(retry).toEqual({ record: first.record, inserted: false });
      expect((await getSession(t.db, id))?.status).toBe('rated');
      // Without rateSession the session is left alone.
      const other = (await upsertSession(t.db, fx.session({ transactionId: '44', status: 'stopped' }))).id;
      await storeCdr(t.db, { cdr: fx.cdr({ id: 'CDR-CP-BER-001-44' }), sessionId: other });
      expect((await getSession(t.db, other))?.status).toBe('stopped');
    });
  });

  describe('API clients', () => {
    it('creates a client idempotently for a given key, verifies and revokes keys', async () => {
      const key = 'clk_dev_0123456789abcdef';
      const first = await createApiClient(t.db, { name: 'finance-export', scopes: ['cdrs:read'], key });
      const again = await createApiClient(t.db, { name: 'finance-export', scopes: ['cdrs:read'], key });
      expect(again.client).toEqual(first.client);
      expect(await count(t.db, 'api_clients')).toBe(1);
      expect((await t.db('api_clients').first('key_hash')).key_hash).not.toContain(key);
      await expect(createApiClient(t.db, { name: 'finance-export', scopes: [] })).rejects.toThrow(
        /already exists with another key/,
      );

      const generated = await createApiClient(t.db, {
        name: 'crm',
        scopes: ['sessions:read', 'sessions:write'],
      });
      expect(generated.apiKey).toMatch(/^clk_[A-Za-z0-9_-]{43}$/);
      expect((await verifyApiKey(t.db, generated.apiKey))?.scopes).toEqual([
        'sessions:read',
        'sessions:write',
      ]);
      expect(await verifyApiKey(t.db, generated.apiKey + 'x')).toBeUndefined();

      const revoked = await revokeApiClient(t.db, first.client.id);
      expect((await revokeApiClient(t.db, first.client.id))?.revokedAt).toBe(revoked?.revokedAt);
      expect(await verifyApiKey(t.db, key)).toBeUndefined();
    });
  });

  describe('audit log', () => {
    it('appends once per idempotency key or dated fact, and rejects updates', async () => {
      const entry = {
        actor: 'workflow:session-CP-BER-001-42',
        action: 'cdr.store',
        subject: 'cdr:CDR-CP-BER-001-42',
        data: { total: '7.4225' },
      };
      const a = await appendAudit(t.db, { ...entry, idempotencyKey: 'session-CP-BER-001-42/storeCdr' });
      const b = await appendAudit(t.db, { ...entry, idempotencyKey: 'session-CP-BER-001-42/storeCdr' });
      expect([a.inserted, b.inserted]).toEqual([true, false]);
      expect(b.entry).toEqual(a.entry);
      const dated = { ...entry, action: 'tariff.put', at: '2025-03-10T10:00:00Z' };
      expect((await appendAudit(t.db, dated)).inserted).toBe(true);
      expect((await appendAudit(t.db, dated)).inserted).toBe(false);
      expect(await listAudit(t.db, { subject: 'cdr:CDR-CP-BER-001-42' })).toHaveLength(2);
      await expect(t.db('audit_log').update({ actor: 'someone else' })).rejects.toThrow(/immutable/);
    });
  });
});
