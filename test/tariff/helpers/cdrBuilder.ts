// Hand-written CDRs for tests: periods as { at, ENERGY: kWh, TIME: h, … } so each case reads like the
// scenario it comes from. Only what rating reads is varied; the rest is a plausible fixed CDR.
import { pricedCdr, type PricedCdr } from '../../../src/tariff/engine/pricedCdr';
import { ExactDecimal } from '../../../src/tariff/decimal/exactDecimal';
import { rateCdr, type RateOptions } from '../../../src/tariff/engine/rateCdr';
import type { Cdr, CdrDimensionType, ChargingPeriod, Tariff, TariffElement } from '../../../src/tariff/types';

export type PeriodSpec = { at: string; tariff_id?: string } & Partial<Record<CdrDimensionType, number>>;

export function buildCdr(spec: {
  start?: string;
  end: string;
  periods: PeriodSpec[];
  tariffs?: Tariff[];
  currency?: string;
}): Cdr {
  const periods: ChargingPeriod[] = spec.periods.map(({ at, tariff_id, ...dimensions }) => ({
    start_date_time: at,
    dimensions: Object.entries(dimensions).map(([type, volume]) => ({
      type: type as CdrDimensionType,
      volume: volume!,
    })),
    ...(tariff_id ? { tariff_id } : {}),
  }));
  return {
    country_code: 'DE',
    party_id: 'CLG',
    id: 'TEST-CDR',
    start_date_time: spec.start ?? spec.periods[0].at,
    end_date_time: spec.end,
    cdr_token: {
      country_code: 'DE',
      party_id: 'EMP',
      uid: 'RFID-1',
      type: 'RFID',
      contract_id: 'DE-EMP-C12345-1',
    },
    auth_method: 'WHITELIST',
    cdr_location: {
      id: 'LOC-1',
      address: 'Hauptstraße 1',
      city: 'Berlin',
      country: 'DEU',
      coordinates: { latitude: '52.520008', longitude: '13.404954' },
      evse_uid: 'EVSE-1',
      evse_id: 'DE*CLG*E1',
      connector_id: '1',
      connector_standard: 'IEC_62196_T2',
      connector_format: 'SOCKET',
      connector_power_type: 'AC_3_PHASE',
    },
    currency: spec.currency ?? 'EUR',
    tariffs: spec.tariffs ?? [],
    charging_periods: periods,
    last_updated: spec.end,
  };
}

export function rate(
  tariff: Tariff | Tariff[],
  cdr: Cdr,
  options: Omit<RateOptions, 'tariffs'> = {},
): PricedCdr {
  return pricedCdr(cdr, rateCdr(cdr, { ...options, tariffs: Array.isArray(tariff) ? tariff : [tariff] }));
}

/** An element pricing energy per kWh (step 1 Wh), optionally restricted and with VAT. */
export function energyElement(
  price: number,
  restrictions?: TariffElement['restrictions'],
  vat?: number,
): TariffElement {
  return {
    price_components: [{ type: 'ENERGY', price, step_size: 1, ...(vat === undefined ? {} : { vat }) }],
    ...(restrictions ? { restrictions } : {}),
  };
}

/** A tariff from its elements, with the fixed fields filled in. */
export function tariffOf(elements: Tariff['elements'], extra: Partial<Tariff> = {}): Tariff {
  return {
    country_code: 'DE',
    party_id: 'CLG',
    id: 'T1',
    currency: 'EUR',
    elements,
    last_updated: '2024-01-01T00:00:00Z',
    ...extra,
  };
}

type MoneyTotal =
  | 'total_cost'
  | 'total_fixed_cost'
  | 'total_energy_cost'
  | 'total_time_cost'
  | 'total_parking_cost'
  | 'total_reservation_cost';

/** An exact money total rounded (once, half-up) to `decimals`, as the spec's prose states amounts. */
export function exactTotal(priced: PricedCdr, name: MoneyTotal, decimals = 2): [string, string] {
  const price = priced.chargeledger_breakdown.exact_totals[name];
  return [
    ExactDecimal.parse(price.excl_vat).toFixed(decimals),
    ExactDecimal.parse(price.incl_vat).toFixed(decimals),
  ];
}
