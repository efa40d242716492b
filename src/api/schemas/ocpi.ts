// OCPI 2.2.1 Tariff and CDR objects (mod_tariffs, mod_cdrs) for the OpenAPI document and response
// serialization. Numbers are JSON numbers, as OCPI defines. Objects stay open (additionalProperties)
// so serialization never drops a field; the strict checks of a tariff someone sends are src/tariff's.
import { Type, type ObjectOptions, type TProperties } from '@sinclair/typebox';
import exampleTariff from '../../../examples/tariff.json';
import { refTo } from './components';

const open = <T extends TProperties>(properties: T, options: ObjectOptions = {}) =>
  Type.Object(properties, { additionalProperties: true, ...options });

const text = (description: string, examples?: string[]) =>
  Type.String({ description, ...(examples && { examples }) });

const Price = open(
  {
    excl_vat: Type.Number({ examples: [6.5] }),
    incl_vat: Type.Optional(Type.Number({ examples: [7.735] })),
  },
  { description: 'OCPI Price.' },
);

const DisplayText = open({ language: text('ISO 639-1', ['en']), text: Type.String() });

const PriceComponent = open({
  type: Type.String({ enum: ['ENERGY', 'FLAT', 'PARKING_TIME', 'TIME'] }),
  price: Type.Number({
    description: 'Per kWh (ENERGY), per hour (TIME, PARKING_TIME), per session (FLAT); excl. VAT.',
  }),
  vat: Type.Optional(Type.Number({ description: 'VAT percentage.' })),
  step_size: Type.Integer({ description: 'Wh for ENERGY, seconds for TIME and PARKING_TIME, 1 for FLAT.' }),
});

const TariffRestrictions = open({
  start_time: Type.Optional(text('Local time, HH:MM, inclusive.', ['06:00'])),
  end_time: Type.Optional(text('Local time, HH:MM, exclusive; may wrap past midnight.', ['18:00'])),
  start_date: Type.Optional(text('Local date, YYYY-MM-DD, inclusive.')),
  end_date: Type.Optional(text('Local date, YYYY-MM-DD, exclusive.')),
  min_kwh: Type.Optional(Type.Number()),
  max_kwh: Type.Optional(Type.Number()),
  min_current: Type.Optional(Type.Number()),
  max_current: Type.Optional(Type.Number()),
  min_power: Type.Optional(Type.Number()),
  max_power: Type.Optional(Type.Number()),
  min_duration: Type.Optional(Type.Integer({ description: 'Seconds since session start.' })),
  max_duration: Type.Optional(Type.Integer({ description: 'Seconds since session start.' })),
  day_of_week: Type.Optional(
    Type.Array(
      Type.String({ enum: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] }),
    ),
  ),
  reservation: Type.Optional(Type.String({ enum: ['RESERVATION', 'RESERVATION_EXPIRES'] })),
});

const TariffElement = open({
  price_components: Type.Array(PriceComponent, { minItems: 1 }),
  restrictions: Type.Optional(TariffRestrictions),
});

export const OcpiTariff = open(
  {
    country_code: text('ISO 3166-1 alpha-2 country of the CPO.', ['DE']),
    party_id: text('CPO party id (ISO 15118).', ['CLG']),
    id: text('Tariff id, at most 36 characters.', ['TOD-1']),
    currency: text('ISO 4217.', ['EUR']),
    type: Type.Optional(
      Type.String({ enum: ['AD_HOC_PAYMENT', 'PROFILE_CHEAP', 'PROFILE_FAST', 'PROFILE_GREEN', 'REGULAR'] }),
    ),
    tariff_alt_text: Type.Optional(Type.Array(DisplayText)),
    tariff_alt_url: Type.Optional(Type.String()),
    min_price: Type.Optional(Price),
    max_price: Type.Optional(Price),
    elements: Type.Array(TariffElement, { minItems: 1 }),
    energy_mix: Type.Optional(open({ is_green_energy: Type.Boolean() })),
    start_date_time: Type.Optional(Type.String()),
    end_date_time: Type.Optional(Type.String()),
    last_updated: text('When the CPO last changed it.', ['2026-01-01T00:00:00Z']),
  },
  {
    $id: 'OcpiTariff',
    description: 'OCPI 2.2.1 Tariff (mod_tariffs).',
    examples: [exampleTariff],
  },
);

const CdrToken = open({
  country_code: Type.String(),
  party_id: Type.String(),
  uid: Type.String(),
  type: Type.String({ enum: ['AD_HOC_USER', 'APP_USER', 'OTHER', 'RFID'] }),
  contract_id: Type.String(),
});

const CdrLocation = open({
  id: Type.String(),
  name: Type.Optional(Type.String()),
  address: Type.String(),
  city: Type.String(),
  postal_code: Type.Optional(Type.String()),
  state: Type.Optional(Type.String()),
  country: text('ISO 3166-1 alpha-3.', ['DEU']),
  coordinates: open({ latitude: Type.String(), longitude: Type.String() }),
  evse_uid: Type.String(),
  evse_id: Type.String(),
  connector_id: Type.String(),
  connector_standard: Type.String(),
  connector_format: Type.String({ enum: ['CABLE', 'SOCKET'] }),
  connector_power_type: Type.String({
    enum: ['AC_1_PHASE', 'AC_2_PHASE', 'AC_2_PHASE_SPLIT', 'AC_3_PHASE', 'DC'],
  }),
});

const ChargingPeriod = open({
  start_date_time: Type.String(),
  dimensions: Type.Array(
    open({
      type: Type.String({ examples: ['ENERGY', 'TIME', 'PARKING_TIME'] }),
      volume: Type.Number({ description: 'kWh for ENERGY, hours for TIME and PARKING_TIME, W, A, %…' }),
    }),
  ),
  tariff_id: Type.Optional(Type.String()),
});

const SignedData = open({
  encoding_method: Type.String({ examples: ['OCMF'] }),
  encoding_method_version: Type.Optional(Type.Integer()),
  public_key: Type.Optional(Type.String()),
  signed_values: Type.Array(
    open({ nature: Type.String(), plain_data: Type.String(), signed_data: Type.String() }),
  ),
  url: Type.Optional(Type.String()),
});

export const OcpiCdr = open(
  {
    country_code: Type.String(),
    party_id: Type.String(),
    id: Type.String(),
    start_date_time: Type.String(),
    end_date_time: Type.String(),
    session_id: Type.Optional(Type.String()),
    cdr_token: CdrToken,
    auth_method: Type.String({ enum: ['AUTH_REQUEST', 'COMMAND', 'WHITELIST'] }),
    authorization_reference: Type.Optional(Type.String()),
    cdr_location: CdrLocation,
    meter_id: Type.Optional(Type.String()),
    currency: Type.String(),
    tariffs: Type.Optional(Type.Array(refTo(OcpiTariff))),
    charging_periods: Type.Array(ChargingPeriod),
    signed_data: Type.Optional(SignedData),
    total_cost: Price,
    total_fixed_cost: Type.Optional(Price),
    total_energy: Type.Number({ description: 'kWh' }),
    total_energy_cost: Type.Optional(Price),
    total_time: Type.Number({ description: 'Hours, charging and idle.' }),
    total_time_cost: Type.Optional(Price),
    total_parking_time: Type.Optional(Type.Number({ description: 'Hours idle (connected, not charging).' })),
    total_parking_cost: Type.Optional(Price),
    total_reservation_cost: Type.Optional(Price),
    remark: Type.Optional(Type.String()),
    invoice_reference_id: Type.Optional(Type.String()),
    credit: Type.Optional(Type.Boolean()),
    credit_reference_id: Type.Optional(Type.String()),
    home_charging_compensation: Type.Optional(Type.Boolean()),
    last_updated: Type.String(),
    chargeledger_breakdown: Type.Optional(
      open(
        {},
        {
          description:
            'Not OCPI: the rating breakdown (every priced line, exact decimal strings), only with ?include=breakdown.',
        },
      ),
    ),
  },
  { $id: 'OcpiCdr', description: 'OCPI 2.2.1 CDR (mod_cdrs), as rated by chargeledger.' },
);
