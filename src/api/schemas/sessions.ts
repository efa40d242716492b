// Request and response bodies of /v1/sessions. Energy and money are decimal strings; instants RFC 3339.
import { Type, type Static } from '@sinclair/typebox';
import { SESSION_STATUSES } from '../../db/migrations/001_core';
import type { AuthorizationStatus, ConnectorState, StopReason } from '../../session/types';
import type { SessionStatus as WorkflowStatus } from '../../../workflows/chargeSessionMessages';
import { PageQuery } from '../paging';
import {
  DecimalString,
  Identifier,
  Instant,
  Money,
  Nullable,
  SignedDecimalString,
  StringEnum,
} from './primitives';

const AUTHORIZATION_STATUSES = [
  'Accepted',
  'Blocked',
  'Expired',
  'Invalid',
  'ConcurrentTx',
  'Unknown',
] as const satisfies readonly AuthorizationStatus[];

const CONNECTOR_STATES = [
  'Charging',
  'SuspendedEV',
  'SuspendedEVSE',
  'Finishing',
  'Available',
  'Preparing',
  'Faulted',
  'Unavailable',
] as const satisfies readonly ConnectorState[];

const STOP_REASONS = [
  'Local',
  'Remote',
  'EVDisconnected',
  'PowerLoss',
  'Reboot',
  'DeAuthorized',
  'EmergencyStop',
  'HardReset',
  'SoftReset',
  'UnlockCommand',
  'Timeout',
  'Other',
] as const satisfies readonly StopReason[];

const WORKFLOW_STATUSES = [
  'starting',
  'rejected',
  'charging',
  'stopping',
  'completed',
  'failed',
] as const satisfies readonly WorkflowStatus[];

export const SessionIdParams = Type.Object({
  sessionId: Identifier({
    description: 'The id returned by POST /v1/sessions.',
    examples: ['session-CP-1-17'],
  }),
});

export const StartSessionBody = Type.Object(
  {
    chargePointId: Identifier({ description: 'A charger registered with PUT /v1/chargers/{chargePointId}.' }),
    connectorId: Type.Integer({
      minimum: 1,
      description: 'OCPP connector id (1-based), registered on the charger.',
    }),
    idTag: Identifier({ maxLength: 36, description: 'Token uid (RFID, app user) that starts the session.' }),
    meterStartWh: DecimalString({ description: 'Meter register at start, Wh.' }),
    timestamp: Instant({ description: 'When the session started, as the charger reported it.' }),
    transactionId: Type.Optional(
      Identifier({
        maxLength: 36,
        description:
          'Your transaction id. Omitted: chargeledger assigns one (the same one for a retried start).',
      }),
    ),
    reservationId: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  {
    additionalProperties: false,
    examples: [
      {
        chargePointId: 'CP-1',
        connectorId: 1,
        idTag: 'DEADBEEF01',
        meterStartWh: '1000000',
        timestamp: '2026-01-15T16:30:00Z',
      },
    ],
  },
);
export type StartSessionBody = Static<typeof StartSessionBody>;

export const Authorization = Type.Object(
  {
    status: StringEnum(AUTHORIZATION_STATUSES),
    tokenUid: Type.Optional(Type.String()),
    contractId: Type.Optional(Type.String()),
    expiryDate: Type.Optional(Type.String()),
    groupIdTag: Type.Optional(Type.String()),
    countryCode: Type.Optional(Type.String()),
    partyId: Type.Optional(Type.String()),
  },
  { description: 'The authorization decided for the token at session start.' },
);

export const StartSessionResponse = Type.Object({
  sessionId: Type.String({ examples: ['session-CP-1-17'] }),
  transactionId: Type.String({ examples: ['17'] }),
  authorization: Authorization,
});

export const MeterSample = Type.Object(
  {
    timestamp: Instant({ description: 'When the meter was read.' }),
    energyWh: Type.Optional(DecimalString({ description: 'Energy.Active.Import.Register, Wh.' })),
    powerW: Type.Optional(SignedDecimalString({ description: 'Power.Active.Import, W.' })),
    currentA: Type.Optional(SignedDecimalString({ description: 'Current.Import (highest phase), A.' })),
    socPercent: Type.Optional(DecimalString({ description: 'State of charge, %.' })),
    context: Type.Optional(Type.String({ description: 'OCPP ReadingContext, e.g. Sample.Periodic.' })),
    signedData: Type.Optional(
      Type.String({ description: 'Signed meter data (e.g. OCMF) as the meter wrote it.' }),
    ),
    signedFormat: Type.Optional(Type.String({ examples: ['OCMF'] })),
  },
  { additionalProperties: false },
);

export const MeterValuesBody = Type.Object(
  { samples: Type.Array(MeterSample, { minItems: 1, maxItems: 10_000 }) },
  {
    additionalProperties: false,
    examples: [
      {
        samples: [
          { timestamp: '2026-01-15T16:35:00Z', energyWh: '1001000', powerW: '12000' },
          { timestamp: '2026-01-15T16:40:00Z', energyWh: '1002000', powerW: '12000' },
        ],
      },
    ],
  },
);

export const MeterValuesResponse = Type.Object({
  inserted: Type.Integer({ description: 'Samples stored now.' }),
  duplicates: Type.Integer({ description: 'Samples already stored (a retry) or repeated in this request.' }),
});

export const StatusBody = Type.Object(
  {
    state: StringEnum(CONNECTOR_STATES, {
      description: 'Connector state; decides charging time vs. idle time.',
    }),
    timestamp: Instant(),
  },
  { additionalProperties: false, examples: [{ state: 'SuspendedEV', timestamp: '2026-01-15T17:30:00Z' }] },
);

export const StatusResponse = Type.Object({
  duplicate: Type.Boolean({ description: 'True when this exact change was recorded before (a retry).' }),
});

export const StopBody = Type.Object(
  {
    timestamp: Instant({ description: 'When the session stopped.' }),
    meterStopWh: Type.Optional(DecimalString({ description: 'Meter register at stop, Wh.' })),
    reason: Type.Optional(StringEnum(STOP_REASONS, { default: 'Local' })),
    idTag: Type.Optional(Identifier({ maxLength: 36, description: 'Token that stopped the session.' })),
    samples: Type.Optional(
      Type.Array(MeterSample, { maxItems: 10_000, description: 'Readings that came with the stop.' }),
    ),
  },
  {
    additionalProperties: false,
    examples: [{ timestamp: '2026-01-15T17:45:00Z', meterStopWh: '1012000', reason: 'EVDisconnected' }],
  },
);

export const SessionAccepted = Type.Object({
  sessionId: Type.String(),
  message: Type.String({ examples: ['stop recorded; poll GET /v1/sessions/{sessionId} for the CDR'] }),
});

const CdrSummary = Type.Object(
  {
    id: Type.String({ description: 'OCPI CDR id: GET /v1/cdrs/{id}.' }),
    currency: Type.String({ examples: ['EUR'] }),
    totalCost: Money,
    totalEnergyKwh: Type.String({ examples: ['12'] }),
    totalTimeHours: Type.String({ examples: ['1.25'] }),
    totalParkingTimeHours: Type.String({ examples: ['0.25'] }),
  },
  { description: 'The rated CDR, once the session is rated.' },
);

const LiveView = Type.Object(
  {
    status: StringEnum(WORKFLOW_STATUSES, { description: 'Where the session workflow is.' }),
    energyWh: Type.String({ description: 'Energy delivered so far (accepted samples), Wh.' }),
    costSoFar: Nullable(Money),
    currency: Nullable(Type.String()),
    chargingSeconds: Type.Integer(),
    parkingSeconds: Type.Integer(),
    samplesAccepted: Type.Integer(),
    samplesFlagged: Type.Integer({ description: 'Samples the meter validator refused (see flags).' }),
    lastSampleAt: Nullable(Type.String()),
    flags: Type.Array(Type.String()),
  },
  {
    description:
      'Running totals from the session workflow, present while it runs. costSoFar is what stopping at the ' +
      'last accepted sample would cost (4 decimals, rounded half-up like OCPI totals).',
  },
);

export const SessionView = Type.Object(
  {
    sessionId: Type.String(),
    chargePointId: Type.String(),
    connectorId: Type.Integer(),
    transactionId: Type.String(),
    idTag: Type.String(),
    status: StringEnum(SESSION_STATUSES, {
      description: 'Stored status: active → stopped → rated (or failed).',
    }),
    authorizationStatus: StringEnum(AUTHORIZATION_STATUSES),
    tariff: Nullable(
      Type.Object(
        { id: Type.String(), version: Type.Integer() },
        { description: 'The tariff version frozen at session start: later changes never re-price it.' },
      ),
    ),
    timeZone: Type.String({ examples: ['Europe/Berlin'] }),
    startedAt: Type.String(),
    meterStartWh: Type.String(),
    stoppedAt: Nullable(Type.String()),
    meterStopWh: Nullable(Type.String()),
    stopReason: Nullable(Type.String()),
    flags: Type.Record(Type.String(), Type.Unknown(), {
      description: 'Findings, e.g. no_tariff, closed_by_timeout.',
    }),
    live: Type.Optional(LiveView),
    cdr: Type.Optional(CdrSummary),
  },
  { $id: 'Session' },
);
export type SessionView = Static<typeof SessionView>;

export const SessionListQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(SESSION_STATUSES)),
    chargePointId: Type.Optional(Identifier()),
    ...PageQuery,
  },
  { additionalProperties: false },
);
