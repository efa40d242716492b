// Request and response bodies of /v1/chargers.
import { Type, type Static } from '@sinclair/typebox';
import {
  DecimalString,
  ERROR_MESSAGE,
  Identifier,
  Nullable,
  SignedDecimalString,
  StringEnum,
} from './primitives';

export const ChargePointIdParams = Type.Object({
  chargePointId: Identifier({ description: 'The OCPP charge point identity.', examples: ['CP-1'] }),
});

const Coordinate = (description: string) =>
  SignedDecimalString({
    description,
    [ERROR_MESSAGE]: 'expected a decimal degree as a string, e.g. "52.5055"',
  });

const Location = Type.Object(
  {
    id: Identifier({ maxLength: 36, description: 'OCPI Location id.' }),
    name: Type.Optional(Identifier()),
    address: Identifier(),
    city: Identifier(),
    postalCode: Type.Optional(Identifier()),
    state: Type.Optional(Identifier()),
    country: Type.String({
      pattern: '^[A-Z]{3}$',
      [ERROR_MESSAGE]: 'expected ISO 3166-1 alpha-3, e.g. "DEU"',
    }),
    latitude: Coordinate('WGS 84 latitude.'),
    longitude: Coordinate('WGS 84 longitude.'),
  },
  {
    additionalProperties: false,
    description: 'Where the charger stands (the location part of OCPI cdr_location).',
  },
);

const FORMATS = ['CABLE', 'SOCKET'] as const;
const POWER_TYPES = ['AC_1_PHASE', 'AC_2_PHASE', 'AC_2_PHASE_SPLIT', 'AC_3_PHASE', 'DC'] as const;

const Connector = Type.Object(
  {
    connectorId: Type.Integer({ minimum: 1, description: 'OCPP connector id, 1-based.' }),
    evseUid: Type.Optional(Identifier({ maxLength: 36 })),
    evseId: Type.Optional(Identifier({ maxLength: 48, examples: ['DE*CLG*E0001*1'] })),
    ocpiConnectorId: Type.Optional(Identifier({ maxLength: 36 })),
    standard: Type.Optional(Identifier({ description: 'OCPI ConnectorType.', examples: ['IEC_62196_T2'] })),
    format: Type.Optional(StringEnum(FORMATS)),
    powerType: Type.Optional(StringEnum(POWER_TYPES)),
    maxPowerW: Type.Optional(DecimalString()),
    tariffIds: Type.Optional(
      Type.Array(Identifier({ maxLength: 36 }), {
        description:
          'Tariffs offered here (OCPI Connector.tariff_ids); each must exist (PUT /v1/tariffs/{id}).',
      }),
    ),
  },
  { additionalProperties: false },
);

export const PutChargerBody = Type.Object(
  {
    ocppVersion: StringEnum(['1.6', '2.0.1'] as const),
    password: Type.Optional(
      Type.String({
        minLength: 16,
        maxLength: 40,
        [ERROR_MESSAGE]: 'expected 16 to 40 characters (OCPP Security Profile 1 basic-auth password)',
        description:
          'Basic-auth password the charger uses on the OCPP WebSocket. Stored hashed, never returned.',
      }),
    ),
    timeZone: Type.Optional(
      Identifier({ description: 'IANA time zone of the site; default UTC.', examples: ['Europe/Berlin'] }),
    ),
    cpo: Type.Optional(
      Type.Object(
        {
          countryCode: Type.String({ pattern: '^[A-Z]{2}$', [ERROR_MESSAGE]: 'expected ISO 3166-1 alpha-2' }),
          partyId: Type.String({
            pattern: '^[A-Z0-9]{3}$',
            [ERROR_MESSAGE]: 'expected a 3-character party id',
          }),
        },
        { additionalProperties: false, description: 'The CPO its CDRs belong to.' },
      ),
    ),
    location: Type.Optional(Location),
    connectors: Type.Optional(
      Type.Array(Connector, {
        description: 'Connectors to create or update; connectors not listed are left alone.',
      }),
    ),
  },
  {
    additionalProperties: false,
    examples: [
      {
        ocppVersion: '1.6',
        password: 'correct horse battery staple',
        timeZone: 'Europe/Berlin',
        location: {
          id: 'LOC-BER-1',
          address: 'Kantstraße 1',
          city: 'Berlin',
          postalCode: '10623',
          country: 'DEU',
          latitude: '52.505500',
          longitude: '13.320300',
        },
        connectors: [{ connectorId: 1, standard: 'IEC_62196_T2', format: 'SOCKET', tariffIds: ['TOD-1'] }],
      },
    ],
  },
);
export type PutChargerBody = Static<typeof PutChargerBody>;

export const ChargerView = Type.Object(
  {
    chargePointId: Type.String(),
    ocppVersion: Type.String(),
    hasPassword: Type.Boolean({
      description: 'Whether a basic-auth password is set (it is never returned).',
    }),
    timeZone: Type.String(),
    cpo: Nullable(Type.Object({ countryCode: Type.String(), partyId: Type.String() })),
    location: Nullable(
      Type.Object({
        id: Type.String(),
        name: Type.Optional(Type.String()),
        address: Type.String(),
        city: Type.String(),
        postalCode: Type.Optional(Type.String()),
        state: Type.Optional(Type.String()),
        country: Type.String(),
        latitude: Type.String(),
        longitude: Type.String(),
      }),
    ),
    vendor: Nullable(Type.String()),
    model: Nullable(Type.String()),
    serialNumber: Nullable(Type.String()),
    firmwareVersion: Nullable(Type.String()),
    lastBootAt: Nullable(Type.String()),
    lastHeartbeatAt: Nullable(Type.String()),
    connectors: Type.Array(
      Type.Object({
        connectorId: Type.Integer(),
        evseUid: Type.Optional(Type.String()),
        evseId: Type.Optional(Type.String()),
        ocpiConnectorId: Type.String(),
        standard: Type.Optional(Type.String()),
        format: Type.Optional(Type.String()),
        powerType: Type.Optional(Type.String()),
        maxPowerW: Type.Optional(Type.String()),
        tariffIds: Type.Array(Type.String()),
        status: Nullable(Type.String()),
        statusAt: Nullable(Type.String()),
        errorCode: Nullable(Type.String()),
      }),
    ),
  },
  { $id: 'Charger' },
);
