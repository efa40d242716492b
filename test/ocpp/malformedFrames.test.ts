// Frames a charger should never send, put on the wire as is: each gets the CALLERROR its OCPP
// version names (spelled as that version spells it) and the connection stays up.
import pino from 'pino';
import { PASSWORDS, RawOcppClient, startHarness, type Harness } from './support/gatewayHarness';

let harness: Harness;
let raw: RawOcppClient;

afterEach(async () => {
  await raw.close();
  await harness.stop();
});

/** What the gateway logged, one parsed pino line each. */
let logLines: Record<string, unknown>[];

async function connectRaw(subprotocol: 'ocpp1.6' | 'ocpp2.0.1'): Promise<void> {
  logLines = [];
  const sink = { write: (line: string) => logLines.push(JSON.parse(line) as Record<string, unknown>) };
  harness = await startHarness(pino({ level: 'info' }, sink));
  raw = await new RawOcppClient(harness.gateway.url, 'CP-RAW', PASSWORDS['CP-RAW'], subprotocol).connect();
}

/** The connection still works: a Heartbeat gets its CALLRESULT. */
async function expectStillServing(): Promise<void> {
  const reply = await raw.call('hb', 'Heartbeat', {});
  expect(reply).toEqual([3, 'hb', { currentTime: expect.any(String) }]);
  expect(raw.open).toBe(true);
}

const sampled = (sampledValue: object[]) => ({
  connectorId: 1,
  meterValue: [{ timestamp: '2026-03-02T08:00:00Z', sampledValue }],
});

// [case, frame text, message id in the reply, error code, text the description must contain]
type Case = [string, string, string, string, string];
const call = (id: string, action: string, payload: unknown) => JSON.stringify([2, id, action, payload]);

const OCPP16: Case[] = [
  ['invalid JSON', '[2,"m1","Heartbeat",{', '-1', 'FormationViolation', 'JSON'],
  ['a frame that is not an array', '{"messageTypeId":2}', '-1', 'FormationViolation', 'array'],
  ['an unknown message type', '[7,"m2","Heartbeat",{}]', 'm2', 'GenericError', 'message type'],
  ['a payload that is not an object', call('m3', 'Heartbeat', 'beat'), 'm3', 'FormationViolation', 'payload'],
  [
    'a missing required field',
    call('m4', 'StartTransaction', { connectorId: 1, meterStart: 0, timestamp: '2026-03-02T08:00:00Z' }),
    'm4',
    'OccurenceConstraintViolation',
    'idTag is required',
  ],
  [
    'a field of the wrong type',
    call('m5', 'StartTransaction', {
      connectorId: '1',
      idTag: 'A',
      meterStart: 0,
      timestamp: '2026-03-02T08:00:00Z',
    }),
    'm5',
    'TypeConstraintViolation',
    'connectorId',
  ],
  [
    'a string longer than its CiString type',
    call('m6', 'Authorize', { idTag: 'X'.repeat(21) }),
    'm6',
    'TypeConstraintViolation',
    'idTag',
  ],
  [
    'a timestamp that is not a dateTime',
    call('m7', 'StopTransaction', { transactionId: 1, meterStop: 1, timestamp: 'yesterday' }),
    'm7',
    'TypeConstraintViolation',
    'timestamp',
  ],
  [
    'a value outside its enumeration',
    call('m8', 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Sleeping' }),
    'm8',
    'PropertyConstraintViolation',
    'status',
  ],
  [
    'a field the message does not have',
    call('m9', 'Heartbeat', { uptime: 5 }),
    'm9',
    'FormationViolation',
    'uptime',
  ],
  [
    'an action OCPP does not define',
    call('m10', 'SelfDestruct', {}),
    'm10',
    'NotImplemented',
    'SelfDestruct',
  ],
  [
    'an action chargeledger does not support',
    call('m11', 'FirmwareStatusNotification', { status: 'Idle' }),
    'm11',
    'NotSupported',
    'FirmwareStatusNotification',
  ],
  [
    'a central-system action sent by the charger',
    call('m12', 'Reset', { type: 'Soft' }),
    'm12',
    'NotSupported',
    'Reset',
  ],
  [
    'a meter value that is not a number',
    call('m13', 'MeterValues', sampled([{ value: 'NaN' }])),
    'm13',
    'PropertyConstraintViolation',
    'meterValue[0].sampledValue[0].value',
  ],
  [
    'a hexadecimal meter value',
    call('m14', 'MeterValues', sampled([{ value: '0x10' }])),
    'm14',
    'PropertyConstraintViolation',
    'not a decimal number',
  ],
  [
    'a negative energy register',
    call('m15', 'MeterValues', sampled([{ value: '-5', unit: 'kWh' }])),
    'm15',
    'PropertyConstraintViolation',
    'cannot be negative',
  ],
  [
    'a unit that does not fit the measurand',
    call('m16', 'MeterValues', sampled([{ value: '5', measurand: 'Power.Active.Import', unit: 'kWh' }])),
    'm16',
    'PropertyConstraintViolation',
    'sampledValue[0].unit',
  ],
  [
    'two registers that disagree',
    call('m17', 'MeterValues', sampled([{ value: '5' }, { value: '6' }])),
    'm17',
    'PropertyConstraintViolation',
    'disagree',
  ],
  [
    'a state of charge above 100 %',
    call('m18', 'MeterValues', sampled([{ value: '101', measurand: 'SoC', unit: 'Percent' }])),
    'm18',
    'PropertyConstraintViolation',
    'SoC',
  ],
  [
    'a negative meterStart',
    call('m19', 'StartTransaction', {
      connectorId: 1,
      idTag: 'A',
      meterStart: -1,
      timestamp: '2026-03-02T08:00:00Z',
    }),
    'm19',
    'PropertyConstraintViolation',
    'meterStart',
  ],
];

const OCPP201: Case[] = [
  ['invalid JSON', '[2,"m1","Heartbeat",{', '-1', 'RpcFrameworkError', 'JSON'],
  ['an unknown message type', '[7,"m2","Heartbeat",{}]', 'm2', 'MessageTypeNotSupported', 'message type'],
  ['a payload that is not an object', call('m3', 'Heartbeat', 7), 'm3', 'FormatViolation', 'payload'],
  [
    'a missing required field',
    call('m4', 'Authorize', {}),
    'm4',
    'OccurenceConstraintViolation',
    'idToken is required',
  ],
  [
    'a field of the wrong type',
    call('m5', 'StatusNotification', {
      timestamp: '2026-03-02T08:00:00Z',
      connectorStatus: 'Available',
      evseId: 'one',
      connectorId: 1,
    }),
    'm5',
    'TypeConstraintViolation',
    'evseId',
  ],
  [
    'a value outside its enumeration',
    call('m6', 'StatusNotification', {
      timestamp: '2026-03-02T08:00:00Z',
      connectorStatus: 'Charging',
      evseId: 1,
      connectorId: 1,
    }),
    'm6',
    'PropertyConstraintViolation',
    'connectorStatus',
  ],
  [
    'a field the message does not have',
    call('m7', 'Heartbeat', { uptime: 5 }),
    'm7',
    'ProtocolError',
    'uptime',
  ],
  [
    'an action OCPP does not define',
    call('m8', 'StartTransaction', { connectorId: 1 }),
    'm8',
    'NotImplemented',
    'StartTransaction',
  ],
  [
    'an action chargeledger does not support',
    call('m9', 'SecurityEventNotification', {
      type: 'StartupOfTheDevice',
      timestamp: '2026-03-02T08:00:00Z',
    }),
    'm9',
    'NotSupported',
    'SecurityEventNotification',
  ],
  [
    'a negative energy register',
    call('m10', 'MeterValues', {
      evseId: 1,
      meterValue: [
        {
          timestamp: '2026-03-02T08:00:00Z',
          sampledValue: [{ value: -0.5, unitOfMeasure: { unit: 'kWh' } }],
        },
      ],
    }),
    'm10',
    'PropertyConstraintViolation',
    'cannot be negative',
  ],
  [
    'an empty sampledValue array',
    call('m11', 'MeterValues', {
      evseId: 1,
      meterValue: [{ timestamp: '2026-03-02T08:00:00Z', sampledValue: [] }],
    }),
    'm11',
    'OccurenceConstraintViolation',
    'sampledValue',
  ],
];

describe.each([
  ['ocpp1.6', OCPP16],
  ['ocpp2.0.1', OCPP201],
] as const)('%s frames that break the rules', (subprotocol, cases) => {
  beforeEach(() => connectRaw(subprotocol));

  it.each(cases)(
    'answers %s with a CALLERROR and keeps serving',
    async (_, frame, messageId, code, mentions) => {
      const reply = await raw.send(frame, messageId);
      expect(reply.slice(0, 3)).toEqual([4, messageId, code]);
      expect(reply[3]).toEqual(expect.stringContaining(mentions));
      expect(reply[4]).toEqual(expect.any(Object));
      await expectStillServing();
    },
  );

  it('answers InternalError when the backend fails and serves the next call', async () => {
    harness.backend.failing.add('authorize');
    const payload =
      subprotocol === 'ocpp1.6' ? { idTag: 'A' } : { idToken: { idToken: 'A', type: 'ISO14443' } };
    const reply = await raw.call('a1', 'Authorize', payload);
    expect(reply.slice(0, 3)).toEqual([4, 'a1', 'InternalError']);
    expect(reply[3]).not.toContain('down (test)'); // backend internals stay in the log
    expect(logLines).toContainEqual(
      expect.objectContaining({
        level: 50,
        msg: 'backend failed; answered InternalError',
        chargePointId: 'CP-RAW',
        action: 'Authorize',
        messageId: 'a1',
        err: expect.objectContaining({ message: 'backend authorize is down (test)' }),
      }),
    );
    await expectStillServing();
  });

  it('still serves after a burst of garbage', async () => {
    for (let i = 0; i < 50; i++) raw.rpc.sendRaw(`garbage ${i}`);
    await expectStillServing();
  });
});
