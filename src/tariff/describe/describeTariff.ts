// A tariff in plain words for a driver before charging, as AFIR (EU 2023/1804, Art. 5) asks: the
// price per kWh, per minute, per session and every other component, with VAT, and when each applies.
// The invoice PDF prints these lines too. Written in German for 'de' and in English otherwise; the
// CPO's own tariff_alt_text is added in the requested language when the tariff has it.
import { ExactDecimal } from '../decimal/exactDecimal';
import type { Price, PriceComponent, Tariff, TariffDimensionType, TariffElement } from '../types';
import { COMPONENT_NAMES, type PricedPart } from './componentNames';
import { describeConditions } from './conditions';
import { formatMoney, formatNumber } from './formatting';
import { wordingFor, type TariffWording } from './wording';

export interface TariffDescription {
  /** e.g. "Tariff 14 (REGULAR), prices in EUR". */
  title: string;
  /** One line per price, then limits and validity, in the order a driver reads them. */
  lines: string[];
  /** The tariff's own text (tariff_alt_text) in the requested language, else in the first one given. */
  altText?: string;
  altUrl?: string;
}

const ORDER: TariffDimensionType[] = ['FLAT', 'ENERGY', 'TIME', 'PARKING_TIME'];

/** A price component in words, with the currency and the language it is written in. */
interface Writer {
  wording: TariffWording;
  money(value: ExactDecimal): string;
}

export function describeTariff(tariff: Tariff, options: { language?: string } = {}): TariffDescription {
  const currency = tariff.currency.toUpperCase();
  const wording = wordingFor(options.language);
  const writer: Writer = { wording, money: (value) => formatMoney(value, currency, wording.locale) };
  const charging = tariff.elements.filter((e) => !e.restrictions?.reservation);
  const reservation = tariff.elements.filter((e) => e.restrictions?.reservation === 'RESERVATION');
  const expired = tariff.elements.filter((e) => e.restrictions?.reservation === 'RESERVATION_EXPIRES');
  const priceLines = [
    ...ORDER.flatMap((dimension) => dimensionLines(charging, dimension, dimension, writer)),
    ...dimensionLines(reservation, 'FLAT', 'RESERVATION_FLAT', writer),
    ...dimensionLines(reservation, 'TIME', 'RESERVATION_TIME', writer),
    ...dimensionLines(expired, 'FLAT', 'RESERVATION_FLAT', writer, true),
    ...dimensionLines(expired, 'TIME', 'RESERVATION_TIME', writer, true),
  ];
  const lines = priceLines.every((line) => line.free)
    ? [wording.chargingIsFree]
    : priceLines.map((line) => line.text);
  if (tariff.min_price)
    lines.push(sentence(`${wording.minimumPrice}: ${limitText(tariff.min_price, writer)}`));
  if (tariff.max_price)
    lines.push(sentence(`${wording.maximumPrice}: ${limitText(tariff.max_price, writer)}`));
  if (tariff.start_date_time || tariff.end_date_time)
    lines.push(wording.validity(tariff.start_date_time, tariff.end_date_time));

  const texts = tariff.tariff_alt_text ?? [];
  const altText = (texts.find((t) => t.language === (options.language ?? 'en')) ?? texts[0])?.text;
  return {
    title: wording.title(`${tariff.id}${tariff.type ? ` (${tariff.type})` : ''}`, currency),
    lines,
    ...(altText ? { altText } : {}),
    ...(tariff.tariff_alt_url ? { altUrl: tariff.tariff_alt_url } : {}),
  };
}

/** Ends the text with a full stop, unless it ends on an abbreviation's ("inkl. MwSt."). */
function sentence(text: string): string {
  return text.endsWith('.') ? text : `${text}.`;
}

interface PriceLine {
  text: string;
  free: boolean;
}

function dimensionLines(
  elements: TariffElement[],
  dimension: TariffDimensionType,
  part: PricedPart,
  writer: Writer,
  whenExpired = false,
): PriceLine[] {
  const { wording } = writer;
  const priced = elements
    .map((element) => ({ element, component: element.price_components.find((c) => c.type === dimension) }))
    .filter(
      (entry): entry is { element: TariffElement; component: PriceComponent } =>
        entry.component !== undefined,
    );
  return priced.map(({ element, component }, index) => {
    const conditions = describeConditions(element.restrictions, wording);
    const otherwise = !conditions && index > 0;
    if (component.price === 0) {
      const free = wording.free[part] + (whenExpired ? wording.expiredUnused : '');
      const text = otherwise ? wording.freeOtherwise(free) : conditions ? `${free} ${conditions}` : free;
      return { text: sentence(text), free: true };
    }
    const name = COMPONENT_NAMES[wording.language][part] + (whenExpired ? wording.expiredUnused : '');
    const when = conditions ? `, ${conditions}` : otherwise ? `, ${wording.otherwise}` : '';
    return { text: sentence(`${name}: ${priceText(component, writer)}${when}`), free: false };
  });
}

function priceText(component: PriceComponent, { wording, money }: Writer): string {
  const price = ExactDecimal.fromNumber(component.price);
  const vat = component.vat;
  const withVat = (value: ExactDecimal, per = '') =>
    vat === undefined
      ? wording.noVat
      : `${money(value.times(ExactDecimal.ONE.plus(ExactDecimal.fromNumber(vat).shift(-2))))} ${wording.inclVat(formatNumber(vat, wording.locale))}${per}`;
  const { per } = wording;
  switch (component.type) {
    case 'FLAT':
      return `${money(price)} ${per.session} (${withVat(price)})`;
    case 'ENERGY':
      return `${money(price)} ${per.kWh} (${withVat(price)})${stepText(component, wording)}`;
    default: {
      const perMinute = price.dividedBy(ExactDecimal.fromInteger(60), 12);
      return `${money(perMinute)} ${per.minute}, ${money(price)} ${per.hour} (${withVat(price, ` ${per.hour}`)})${stepText(component, wording)}`;
    }
  }
}

/** ", billed per started 15 minutes": empty when the step does not round noticeably. */
function stepText({ type, step_size: step }: PriceComponent, wording: TariffWording): string {
  if (type === 'FLAT' || !step || step <= 1) return '';
  if (type === 'ENERGY') return wording.billedPerStarted(`${formatNumber(step / 1000, wording.locale)} kWh`);
  const unit = step === 60 ? wording.oneMinute : step === 3600 ? wording.oneHour : wording.duration(step);
  return wording.billedPerStarted(unit);
}

function limitText(limit: Price, { wording, money }: Writer): string {
  const excl = `${money(ExactDecimal.fromNumber(limit.excl_vat))} ${wording.exclVatShort}`;
  return limit.incl_vat === undefined
    ? excl
    : `${excl}, ${money(ExactDecimal.fromNumber(limit.incl_vat))} ${wording.inclVatShort}`;
}
