// Rating: a CDR's charging periods priced by its tariff into exact OCPI totals and a breakdown.
//
// Per period and dimension (ENERGY, TIME, PARKING_TIME) the first element, in tariff order, whose
// restrictions hold at the period's start and that has a component of that dimension prices the
// period's volume (OCPI mod_tariffs, Tariff object). FLAT is charged once per session: from the first
// period in which an element with a FLAT component applies. Reservation periods (those carrying
// RESERVATION_TIME) are priced only by elements with a `reservation` restriction, with their own
// FLAT (the reservation fee) and their own step_size rounding; see compiledTariff for the expired
// case. After the periods: step_size adjustments (stepSize.ts), then min/max price (priceLimits.ts).
// No rounding happens here except for amounts that do not terminate (÷ 3600, see stepSize.ts);
// totals are rounded once, at output (pricedCdr.ts).
import { ExactDecimal } from '../decimal/exactDecimal';
import { InputError } from '../parse/issues';
import { parseInstant } from '../time/instant';
import { ZoneClock } from '../time/zoneClock';
import type { Cdr, ChargingPeriod, Tariff, TariffDimensionType, TariffType } from '../types';
import {
  compileTariff,
  type CandidateLists,
  type CompiledElement,
  type CompiledTariff,
} from './compiledTariff';
import { priceLimitLine } from './priceLimits';
import type { CdrRating, CostCategory, ExactPrice, RatedLine, RatingWarning } from './rating';
import { Match, matchRestrictions, type PeriodFacts } from './restrictionMatch';
import { selectTariff } from './selectTariff';
import { emptyBillable, INTERNAL_SCALE, stepAdjustment, type BillableVolume } from './stepSize';

export interface RateOptions {
  /** Tariffs to choose from (see selectTariff); default: the CDR's embedded `tariffs`. */
  tariffs?: readonly Tariff[];
  /** IANA zone of the location for time-of-day, date and weekday restrictions; default UTC. */
  timeZone?: string;
  /** The session's tariff type for selection; default REGULAR. */
  tariffType?: TariffType;
  /** Reservation periods belong to an expired reservation; default: true iff no period is a charging one. */
  reservationExpired?: boolean;
}

const MS_PER_HOUR = ExactDecimal.fromInteger(3_600_000);

// Hot-path bindings. Transpiled to CommonJS (tsx, swc), every use of an imported name is a getter
// call (two, through esbuild's re-export wrapper); the rating loop binds the few it uses once.
const { ZERO, ONE } = ExactDecimal;
const decimalOf = ExactDecimal.fromNumber;
const matchOf = matchRestrictions;
const MATCH_YES = Match.Yes;
const MATCH_UNKNOWN = Match.Unknown;
const instantOf = parseInstant;

/** The parts of a CDR that rating reads. */
export type RatableCdr = Pick<
  Cdr,
  'start_date_time' | 'end_date_time' | 'currency' | 'charging_periods' | 'tariffs'
>;

type Categories = Record<Exclude<CostCategory, 'price_limit'>, { excl: ExactDecimal; incl: ExactDecimal }>;

/** Rates a (validated, see parseCdr) CDR. Pure: no I/O, no clock. */
export function rateCdr(cdr: RatableCdr, options: RateOptions = {}): CdrRating {
  return new SessionRater(cdr, options).rate();
}

class SessionRater {
  private readonly clock: ZoneClock;
  private readonly timeZone: string;
  private readonly offered: CompiledTariff[];
  private readonly lines: RatedLine[] = [];
  private readonly warnings: RatingWarning[] = [];
  private readonly categories: Categories = {
    energy: zeroSum(),
    time: zeroSum(),
    parking: zeroSum(),
    fixed: zeroSum(),
    reservation: zeroSum(),
  };
  private readonly billable: Record<'energy' | 'time' | 'parking' | 'reservation', BillableVolume> = {
    energy: emptyBillable(),
    time: emptyBillable(),
    parking: emptyBillable(),
    reservation: emptyBillable(),
  };
  private readonly tariffIds: string[] = [];
  private sessionTariff!: CompiledTariff;
  private periodTariffs: Map<string, CompiledTariff> | undefined;
  private warnedKeys: Set<string> | undefined;
  private chargingStartMs: number | undefined;
  private reservationStartMs: number | undefined;
  private reservationExpired: boolean | undefined;
  private flatCharged = false;
  private reservationFlatCharged = false;
  private energyBeforeKwh = ZERO;
  private totalParkingHours = ZERO;

  constructor(
    private readonly cdr: RatableCdr,
    private readonly options: RateOptions,
  ) {
    this.timeZone = options.timeZone ?? 'UTC';
    this.clock = ZoneClock.of(this.timeZone);
    this.offered = (options.tariffs ?? cdr.tariffs ?? []).map(compileTariff);
    this.reservationExpired = options.reservationExpired;
  }

  rate(): CdrRating {
    const cdr = this.cdr;
    const periods = cdr.charging_periods;
    const startMs = instantAt(cdr.start_date_time, 'start_date_time');
    const endMs = instantAt(cdr.end_date_time, 'end_date_time');
    const periodStarts = periods.map((period, i) =>
      instantAt(period.start_date_time, `charging_periods[${i}].start_date_time`),
    );
    const firstMs = periodStarts.length > 0 && periodStarts[0] < startMs ? periodStarts[0] : startMs;
    if (firstMs < startMs) {
      this.warn('periods_outside_start_end_date_time', "a period starts before the CDR's start_date_time", 0);
    }
    const choice = selectTariff(this.offered, firstMs, this.options.tariffType);
    this.sessionTariff = this.checkedCurrency(choice.tariff);
    this.warnings.push(...choice.warnings);

    for (let i = 0; i < periods.length; i++) this.ratePeriod(periods[i], i, periodStarts[i]);
    this.addStepAdjustments();
    return this.result(endMs - firstMs);
  }

  private ratePeriod(period: ChargingPeriod, index: number, startMs: number): void {
    let energy: ExactDecimal | undefined;
    let time: ExactDecimal | undefined;
    let parking: ExactDecimal | undefined;
    let reserved: ExactDecimal | undefined;
    let power: number | undefined;
    let minPower: number | undefined;
    let maxPower: number | undefined;
    let current: number | undefined;
    let minCurrent: number | undefined;
    let maxCurrent: number | undefined;
    for (const dimension of period.dimensions) {
      const volume = dimension.volume;
      switch (dimension.type) {
        case 'ENERGY':
          energy = addVolume(energy, volume);
          break;
        case 'TIME':
          time = addVolume(time, volume);
          break;
        case 'PARKING_TIME':
          parking = addVolume(parking, volume);
          break;
        case 'RESERVATION_TIME':
          reserved = addVolume(reserved, volume);
          break;
        case 'POWER':
          power = volume;
          break;
        case 'MIN_POWER':
          minPower = volume;
          break;
        case 'MAX_POWER':
          maxPower = volume;
          break;
        case 'CURRENT':
          current = volume;
          break;
        case 'MIN_CURRENT':
          minCurrent = volume;
          break;
        case 'MAX_CURRENT':
          maxCurrent = volume;
          break;
      }
    }
    const tariff =
      period.tariff_id === undefined
        ? this.sessionTariff
        : this.tariffOfPeriod(period.tariff_id, index, startMs);
    const isReservation = reserved !== undefined;
    let durationMs: number;
    if (isReservation) {
      this.reservationStartMs ??= startMs;
      durationMs = startMs - this.reservationStartMs;
    } else {
      this.chargingStartMs ??= startMs;
      durationMs = startMs - this.chargingStartMs;
    }
    const facts: PeriodFacts = {
      local: tariff.usesLocalTime ? this.clock.localTime(startMs) : undefined,
      energyBeforeKwh: this.energyBeforeKwh,
      durationMs,
      powerLowKw: minPower ?? power ?? maxPower,
      powerHighKw: maxPower ?? power ?? minPower,
      currentLowA: minCurrent ?? current ?? maxCurrent,
      currentHighA: maxCurrent ?? current ?? minCurrent,
    };

    if (isReservation) {
      const lists = this.isReservationExpired() ? tariff.expiredReservation : tariff.reservation;
      if (!reserved!.isZero()) {
        this.priceVolume(
          tariff,
          lists,
          'TIME',
          reserved!,
          'reservation',
          this.billable.reservation,
          facts,
          index,
        );
      }
      if (!this.reservationFlatCharged) {
        this.reservationFlatCharged = this.chargeFlat(tariff, lists, 'reservation', facts, index);
      }
      return;
    }
    const lists = tariff.charging;
    if (energy && !energy.isZero()) {
      this.priceVolume(tariff, lists, 'ENERGY', energy, 'energy', this.billable.energy, facts, index);
    }
    if (time && !time.isZero()) {
      this.priceVolume(tariff, lists, 'TIME', time, 'time', this.billable.time, facts, index);
    }
    if (parking && !parking.isZero()) {
      this.priceVolume(
        tariff,
        lists,
        'PARKING_TIME',
        parking,
        'parking',
        this.billable.parking,
        facts,
        index,
      );
      this.totalParkingHours = this.totalParkingHours.plus(parking);
    }
    if (!this.flatCharged) this.flatCharged = this.chargeFlat(tariff, lists, 'fixed', facts, index);
    if (energy) this.energyBeforeKwh = this.energyBeforeKwh.plus(energy);
  }

  private priceVolume(
    tariff: CompiledTariff,
    lists: CandidateLists,
    dimension: Exclude<TariffDimensionType, 'FLAT'>,
    volume: ExactDecimal,
    category: Exclude<CostCategory, 'price_limit' | 'fixed'>,
    billable: BillableVolume,
    facts: PeriodFacts,
    index: number,
  ): void {
    const element = this.firstMatch(tariff, lists[dimension], facts, index);
    if (!element) {
      this.lines.push({
        kind: 'unpriced',
        category,
        period_index: index,
        tariff_id: tariff.id,
        element_index: null,
        component_index: null,
        dimension,
        volume,
        unit_price: null,
        vat_percent: null,
        cost_excl_vat: ZERO,
        cost_incl_vat: ZERO,
        note: `no element of tariff ${tariff.id} prices ${dimension} in this period: free`,
      });
      return;
    }
    const component = element.components[dimension]!;
    const excl = volume.times(component.price);
    this.addLine({
      kind: 'usage',
      category,
      period_index: index,
      tariff_id: tariff.id,
      element_index: element.index,
      component_index: component.componentIndex,
      dimension,
      volume,
      unit_price: component.price,
      vat_percent: component.vatPercent ?? null,
      cost_excl_vat: excl,
      cost_incl_vat: component.vatPercent ? excl.times(component.vatFactor) : excl,
    });
    billable.volume = billable.volume.plus(volume);
    billable.lastComponent = component;
    billable.lastPeriodIndex = index;
  }

  /** Adds the FLAT fee of the first applicable element, if any; returns whether one was charged. */
  private chargeFlat(
    tariff: CompiledTariff,
    lists: CandidateLists,
    category: 'fixed' | 'reservation',
    facts: PeriodFacts,
    index: number,
  ): boolean {
    const element = this.firstMatch(tariff, lists.FLAT, facts, index);
    if (!element) return false;
    const component = element.components.FLAT!;
    this.addLine({
      kind: 'flat',
      category,
      period_index: index,
      tariff_id: tariff.id,
      element_index: element.index,
      component_index: component.componentIndex,
      dimension: 'FLAT',
      volume: ONE,
      unit_price: component.price,
      vat_percent: component.vatPercent ?? null,
      cost_excl_vat: component.price,
      cost_incl_vat: component.vatPercent ? component.price.times(component.vatFactor) : component.price,
    });
    return true;
  }

  private firstMatch(
    tariff: CompiledTariff,
    candidates: CompiledElement[],
    facts: PeriodFacts,
    index: number,
  ): CompiledElement | undefined {
    for (const element of candidates) {
      const match = matchOf(element.restrictions, facts);
      if (match === MATCH_YES) return element;
      if (match === MATCH_UNKNOWN) {
        this.warnOnce(
          `measure:${tariff.id}:${element.index}`,
          'missing_power_or_current',
          `element ${element.index} of tariff ${tariff.id} restricts power or current, but the period has no POWER/CURRENT dimension to test; the element was skipped`,
          index,
        );
      }
    }
    return undefined;
  }

  private addLine(line: RatedLine): void {
    this.lines.push(line);
    if (line.category !== 'price_limit') {
      const sum = this.categories[line.category];
      sum.excl = sum.excl.plus(line.cost_excl_vat);
      sum.incl = sum.incl.plus(line.cost_incl_vat);
    }
    if (line.tariff_id !== null && !this.tariffIds.includes(line.tariff_id))
      this.tariffIds.push(line.tariff_id);
  }

  private addStepAdjustments(): void {
    const { energy, time, parking, reservation } = this.billable;
    const adjustments = [
      stepAdjustment(energy, 'energy'),
      // Time is rounded once: parking when the session has billable parking, else charging time.
      parking.lastComponent ? stepAdjustment(parking, 'parking') : stepAdjustment(time, 'time'),
      stepAdjustment(reservation, 'reservation'),
    ];
    for (const line of adjustments) if (line) this.addLine(line);
  }

  private result(durationMs: number): CdrRating {
    const c = this.categories;
    let total: ExactPrice = {
      excl_vat: c.energy.excl
        .plus(c.time.excl)
        .plus(c.parking.excl)
        .plus(c.fixed.excl)
        .plus(c.reservation.excl),
      incl_vat: c.energy.incl
        .plus(c.time.incl)
        .plus(c.parking.incl)
        .plus(c.fixed.incl)
        .plus(c.reservation.incl),
    };
    const tariff = this.sessionTariff;
    for (const kind of ['min_price', 'max_price'] as const) {
      const line = priceLimitLine(
        kind,
        kind === 'min_price' ? tariff.minPrice : tariff.maxPrice,
        total,
        tariff.id,
      );
      if (line) {
        this.addLine(line);
        total = {
          excl_vat: total.excl_vat.plus(line.cost_excl_vat),
          incl_vat: total.incl_vat.plus(line.cost_incl_vat),
        };
      }
    }
    if (!this.tariffIds.includes(tariff.id)) this.tariffIds.unshift(tariff.id);
    return {
      currency: this.cdr.currency.toUpperCase(),
      time_zone: this.timeZone,
      tariff_ids: this.tariffIds,
      totals: {
        total_cost: total,
        total_fixed_cost: price(c.fixed),
        total_energy_cost: price(c.energy),
        total_time_cost: price(c.time),
        total_parking_cost: price(c.parking),
        total_reservation_cost: price(c.reservation),
        total_energy: this.energyBeforeKwh,
        total_time: ExactDecimal.fromInteger(durationMs).dividedBy(MS_PER_HOUR, INTERNAL_SCALE),
        total_parking_time: this.totalParkingHours,
      },
      lines: this.lines,
      warnings: this.warnings,
    };
  }

  private isReservationExpired(): boolean {
    this.reservationExpired ??= this.cdr.charging_periods.every((period) =>
      period.dimensions.some((dimension) => dimension.type === 'RESERVATION_TIME'),
    );
    return this.reservationExpired;
  }

  private tariffOfPeriod(tariffId: string, index: number, startMs: number): CompiledTariff {
    if (tariffId === this.sessionTariff.id) return this.sessionTariff;
    this.periodTariffs ??= new Map();
    let tariff = this.periodTariffs.get(tariffId);
    if (!tariff) {
      const named = this.offered.filter((t) => t.id === tariffId);
      if (named.length === 0) {
        this.warnOnce(
          `tariff:${tariffId}`,
          'unknown_tariff_id',
          `period names tariff_id ${tariffId}, which is not among the offered tariffs; the session tariff ${this.sessionTariff.id} is used`,
          index,
        );
        tariff = this.sessionTariff;
      } else {
        const choice = selectTariff(named, startMs, this.options.tariffType);
        tariff = this.checkedCurrency(choice.tariff);
      }
      this.periodTariffs.set(tariffId, tariff);
    }
    return tariff;
  }

  private checkedCurrency(tariff: CompiledTariff): CompiledTariff {
    const currency = this.cdr.currency.toUpperCase();
    if (tariff.currency !== currency) {
      throw new InputError({
        severity: 'error',
        code: 'currency_mismatch',
        path: 'currency',
        message: `tariff ${tariff.id} is in ${tariff.currency} but the CDR is in ${currency}`,
      });
    }
    return tariff;
  }

  private warn(code: string, message: string, periodIndex?: number): void {
    this.warnings.push(
      periodIndex === undefined ? { code, message } : { code, message, period_index: periodIndex },
    );
  }

  private warnOnce(key: string, code: string, message: string, periodIndex: number): void {
    this.warnedKeys ??= new Set();
    if (this.warnedKeys.has(key)) return;
    this.warnedKeys.add(key);
    this.warn(code, message, periodIndex);
  }
}

function price(sum: { excl: ExactDecimal; incl: ExactDecimal }): ExactPrice {
  return { excl_vat: sum.excl, incl_vat: sum.incl };
}

function zeroSum(): { excl: ExactDecimal; incl: ExactDecimal } {
  return { excl: ZERO, incl: ZERO };
}

function addVolume(sum: ExactDecimal | undefined, volume: number): ExactDecimal {
  const value = decimalOf(volume);
  return sum ? sum.plus(value) : value;
}

function instantAt(text: string, path: string): number {
  const ms = instantOf(text);
  if (ms === undefined) {
    throw new InputError({
      severity: 'error',
      code: 'invalid_value',
      path,
      message: `${JSON.stringify(text)} is not an OCPI DateTime`,
    });
  }
  return ms;
}
