// A Tariff turned into what the rating loop needs, once: prices as exact decimals, times of day as
// milliseconds after midnight, dates as day numbers, weekdays as a bit mask, and for each pricing
// role the ordered list of elements that carry a component of that dimension. Compiling costs
// microseconds; rating many CDRs against one tariff reuses it (cached per Tariff object).
import { ExactDecimal } from '../decimal/exactDecimal';
import { MS_PER_MINUTE } from '../time/calendar';
import { parseInstant } from '../time/instant';
import { parseLocalDate, parseTimeOfDay } from '../time/localFormats';
import { DAYS_OF_WEEK } from '../parse/tariffSchema';
import type {
  Price,
  PriceComponent,
  ReservationRestrictionType,
  Tariff,
  TariffDimensionType,
  TariffRestrictions,
  TariffType,
} from '../types';

export interface CompiledComponent {
  tariffId: string;
  elementIndex: number;
  componentIndex: number;
  dimension: TariffDimensionType;
  /** Price per kWh, per hour or per session, excl. VAT. */
  price: ExactDecimal;
  /** VAT percentage; undefined when the component has none (incl. VAT = excl. VAT). */
  vatPercent: ExactDecimal | undefined;
  /** 1 + vat/100. */
  vatFactor: ExactDecimal;
  /** In Wh (ENERGY) or seconds (TIME, PARKING_TIME); 0 means no rounding. */
  stepSize: number;
}

export interface CompiledRestrictions {
  /** Local wall-clock window [startMs, endMs) in ms after midnight; wraps past midnight when end < start. */
  window?: { startMs: number; endMs: number };
  /** Bit i set = weekday i allowed (Monday = 0); 0 = any day. */
  weekdays: number;
  /** Local date range [firstDay, endDay) as day numbers. */
  firstDay?: number;
  endDay?: number;
  minKwh?: ExactDecimal;
  maxKwh?: ExactDecimal;
  minDurationMs?: number;
  maxDurationMs?: number;
  minPowerKw?: number;
  maxPowerKw?: number;
  minCurrentA?: number;
  maxCurrentA?: number;
  reservation?: ReservationRestrictionType;
  usesLocalTime: boolean;
}

export interface CompiledElement {
  index: number;
  restrictions: CompiledRestrictions | undefined;
  /** The first component of each dimension in this element (OCPI: one per dimension is used). */
  components: Partial<Record<TariffDimensionType, CompiledComponent>>;
}

/** Elements that may price one dimension in one situation, in tariff order (first match wins). */
export type CandidateLists = Record<TariffDimensionType, CompiledElement[]>;

export interface PriceLimit {
  exclVat: ExactDecimal;
  inclVat: ExactDecimal | undefined;
}

export interface CompiledTariff {
  source: Tariff;
  id: string;
  currency: string;
  type: TariffType | undefined;
  validFromMs: number;
  validUntilMs: number;
  minPrice: PriceLimit | undefined;
  maxPrice: PriceLimit | undefined;
  elements: CompiledElement[];
  /** Charging periods: elements without a `reservation` restriction. */
  charging: CandidateLists;
  /** Reservation periods when the driver started charging: RESERVATION elements. */
  reservation: CandidateLists;
  /** Reservation periods of an expired reservation: RESERVATION_EXPIRES elements first, then RESERVATION ones. */
  expiredReservation: CandidateLists;
  usesLocalTime: boolean;
}

const cache = new WeakMap<Tariff, CompiledTariff>();

/** The compiled form of a (validated) tariff, cached per object. */
export function compileTariff(tariff: Tariff): CompiledTariff {
  let compiled = cache.get(tariff);
  if (!compiled) {
    compiled = compile(tariff);
    cache.set(tariff, compiled);
  }
  return compiled;
}

function compile(tariff: Tariff): CompiledTariff {
  const elements = tariff.elements.map((element, index): CompiledElement => {
    const components: CompiledElement['components'] = {};
    element.price_components.forEach((component, componentIndex) => {
      components[component.type] ??= compileComponent(tariff.id, index, componentIndex, component);
    });
    return { index, restrictions: compileRestrictions(element.restrictions), components };
  });
  const listFor = (accept: (element: CompiledElement) => boolean): CandidateLists => ({
    ENERGY: elements.filter((e) => accept(e) && e.components.ENERGY),
    TIME: elements.filter((e) => accept(e) && e.components.TIME),
    PARKING_TIME: elements.filter((e) => accept(e) && e.components.PARKING_TIME),
    FLAT: elements.filter((e) => accept(e) && e.components.FLAT),
  });
  const reservationKind = (e: CompiledElement) => e.restrictions?.reservation;
  const reserved = listFor((e) => reservationKind(e) === 'RESERVATION');
  const expiring = listFor((e) => reservationKind(e) === 'RESERVATION_EXPIRES');
  return {
    source: tariff,
    id: tariff.id,
    currency: tariff.currency.toUpperCase(),
    type: tariff.type,
    validFromMs: tariff.start_date_time ? parseInstant(tariff.start_date_time)! : -Infinity,
    validUntilMs: tariff.end_date_time ? parseInstant(tariff.end_date_time)! : Infinity,
    minPrice: compileLimit(tariff.min_price),
    maxPrice: compileLimit(tariff.max_price),
    elements,
    charging: listFor((e) => reservationKind(e) === undefined),
    reservation: reserved,
    expiredReservation: {
      ENERGY: [],
      PARKING_TIME: [],
      TIME: [...expiring.TIME, ...reserved.TIME],
      FLAT: [...expiring.FLAT, ...reserved.FLAT],
    },
    usesLocalTime: elements.some((e) => e.restrictions?.usesLocalTime),
  };
}

function compileComponent(
  tariffId: string,
  elementIndex: number,
  componentIndex: number,
  component: PriceComponent,
): CompiledComponent {
  const vatPercent = component.vat === undefined ? undefined : ExactDecimal.fromNumber(component.vat);
  return {
    tariffId,
    elementIndex,
    componentIndex,
    dimension: component.type,
    price: ExactDecimal.fromNumber(component.price),
    vatPercent,
    vatFactor: vatPercent ? ExactDecimal.ONE.plus(vatPercent.shift(-2)) : ExactDecimal.ONE,
    stepSize: component.step_size ?? 1,
  };
}

function compileLimit(price: Price | undefined): PriceLimit | undefined {
  if (!price) return undefined;
  return {
    exclVat: ExactDecimal.fromNumber(price.excl_vat),
    inclVat: price.incl_vat === undefined ? undefined : ExactDecimal.fromNumber(price.incl_vat),
  };
}

function compileRestrictions(r: TariffRestrictions | undefined): CompiledRestrictions | undefined {
  if (!r) return undefined;
  const compiled: CompiledRestrictions = { weekdays: 0, usesLocalTime: false };
  if (r.start_time !== undefined || r.end_time !== undefined) {
    const startMs = (r.start_time === undefined ? 0 : parseTimeOfDay(r.start_time)!) * MS_PER_MINUTE;
    const endMs = (r.end_time === undefined ? 24 * 60 : parseTimeOfDay(r.end_time)!) * MS_PER_MINUTE;
    // start == end (e.g. 00:00–00:00) restricts nothing: read as the whole day.
    if (startMs !== endMs % (24 * 60 * MS_PER_MINUTE)) compiled.window = { startMs, endMs };
  }
  for (const day of r.day_of_week ?? []) compiled.weekdays |= 1 << DAYS_OF_WEEK.indexOf(day);
  if (r.start_date !== undefined) compiled.firstDay = parseLocalDate(r.start_date);
  if (r.end_date !== undefined) compiled.endDay = parseLocalDate(r.end_date);
  compiled.usesLocalTime =
    compiled.window !== undefined ||
    compiled.weekdays !== 0 ||
    compiled.firstDay !== undefined ||
    compiled.endDay !== undefined;
  if (r.min_kwh !== undefined) compiled.minKwh = ExactDecimal.fromNumber(r.min_kwh);
  if (r.max_kwh !== undefined) compiled.maxKwh = ExactDecimal.fromNumber(r.max_kwh);
  if (r.min_duration !== undefined) compiled.minDurationMs = r.min_duration * 1000;
  if (r.max_duration !== undefined) compiled.maxDurationMs = r.max_duration * 1000;
  compiled.minPowerKw = r.min_power;
  compiled.maxPowerKw = r.max_power;
  compiled.minCurrentA = r.min_current;
  compiled.maxCurrentA = r.max_current;
  compiled.reservation = r.reservation;
  return compiled;
}
