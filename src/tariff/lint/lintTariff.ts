// Tariff linting: the parser's findings plus checks of a tariff that parses but is probably not what
// its author meant: identifiers in the wrong form, step sizes that do not round, elements or components
// that can never apply, restrictions that overlap an earlier element, contradictory price limits.
// Only a contradiction that makes the tariff meaningless (min_price above max_price) is an error;
// everything else is a warning, since OCPI allows it.
import { ExactDecimal } from '../decimal/exactDecimal';
import { childPath, type InputIssue } from '../parse/issues';
import { validateTariff } from '../parse/parseDocuments';
import type { Tariff, TariffDimensionType, TariffElement, TariffRestrictions } from '../types';
import { elementsOverlapInTime } from './windowOverlap';

export function lintTariff(value: unknown): InputIssue[] {
  const issues = validateTariff(value);
  if (issues.some((issue) => issue.severity === 'error')) return issues;
  const tariff = value as Tariff;
  const add = (path: string, code: string, message: string, severity: 'error' | 'warning' = 'warning') =>
    issues.push({ severity, path, code, message });

  lintIdentifiers(tariff, add);
  lintPriceLimits(tariff, add);
  tariff.elements.forEach((element, index) => lintElement(tariff, element, index, add));
  lintFallbacks(tariff, add);
  return issues;
}

type Add = (path: string, code: string, message: string, severity?: 'error' | 'warning') => void;

function lintIdentifiers(tariff: Tariff, add: Add): void {
  const country = tariff.country_code;
  if (country !== undefined) {
    if (!/^[A-Za-z]{2}$/.test(country)) {
      add(
        'country_code',
        'country_code_not_alpha2',
        `"${country}" is not an ISO 3166-1 alpha-2 code (e.g. "DE", "NL")`,
      );
    }
    if (country !== country.toUpperCase())
      add('country_code', 'invalid_case', `"${country}" should be upper case`);
  }
  const party = tariff.party_id;
  if (party !== undefined && !/^[A-Z0-9]{3}$/.test(party)) {
    add(
      'party_id',
      'party_id_format',
      `"${party}" is not a 3-character upper-case party id (ISO 15118, e.g. "TNM")`,
    );
  }
  if (tariff.currency !== tariff.currency.toUpperCase()) {
    add(
      'currency',
      'invalid_case',
      `"${tariff.currency}" should be upper case ("${tariff.currency.toUpperCase()}")`,
    );
  }
}

function lintPriceLimits(tariff: Tariff, add: Add): void {
  for (const name of ['min_price', 'max_price'] as const) {
    const limit = tariff[name];
    if (limit?.incl_vat !== undefined && limit.incl_vat < limit.excl_vat) {
      add(
        `${name}.incl_vat`,
        'incl_below_excl',
        `incl_vat ${limit.incl_vat} is below excl_vat ${limit.excl_vat}`,
      );
    }
  }
  const { min_price: min, max_price: max } = tariff;
  if (
    min &&
    max &&
    ExactDecimal.fromNumber(min.excl_vat).compare(ExactDecimal.fromNumber(max.excl_vat)) > 0
  ) {
    add(
      'min_price.excl_vat',
      'min_above_max',
      `min_price ${min.excl_vat} is above max_price ${max.excl_vat}: every session would be priced by a contradiction`,
      'error',
    );
  }
}

const RANGES: [keyof TariffRestrictions, keyof TariffRestrictions][] = [
  ['min_kwh', 'max_kwh'],
  ['min_duration', 'max_duration'],
  ['min_power', 'max_power'],
  ['min_current', 'max_current'],
];

function lintElement(tariff: Tariff, element: TariffElement, index: number, add: Add): void {
  const path = childPath('elements', index);
  const r = element.restrictions ?? {};
  const restrictionsPath = childPath(path, 'restrictions');
  const never = (field: string, why: string) =>
    add(childPath(restrictionsPath, field), 'element_never_applies', `this element can never apply: ${why}`);

  if (r.start_date !== undefined && r.end_date !== undefined && r.start_date >= r.end_date) {
    never('end_date', `end_date ${r.end_date} (exclusive) is not after start_date ${r.start_date}`);
  }
  for (const [low, high] of RANGES) {
    const min = r[low] as number | undefined;
    const max = r[high] as number | undefined;
    if (min !== undefined && max !== undefined && min >= max)
      never(high, `${high} ${max} is not above ${low} ${min}`);
  }
  if (r.max_kwh === 0 || r.max_duration === 0 || r.max_power === 0 || r.max_current === 0) {
    const field = (['max_kwh', 'max_duration', 'max_power', 'max_current'] as const).find((f) => r[f] === 0)!;
    never(field, `${field} 0 is exclusive, nothing is below it`);
  }
  if (r.day_of_week && r.day_of_week.length === 0) {
    add(
      childPath(restrictionsPath, 'day_of_week'),
      'empty_day_of_week',
      'empty day_of_week: read as every day',
    );
  }
  if (r.start_time !== undefined && r.start_time === r.end_time) {
    add(
      childPath(restrictionsPath, 'end_time'),
      'empty_window',
      `start_time = end_time (${r.start_time}): read as the whole day`,
    );
  }

  const seen = new Set<TariffDimensionType>();
  element.price_components.forEach((component, componentIndex) => {
    const componentPath = childPath(childPath(path, 'price_components'), componentIndex);
    if (seen.has(component.type)) {
      add(
        componentPath,
        'duplicate_component',
        `a second ${component.type} component in one element is never used (OCPI uses the first of each dimension)`,
      );
    }
    seen.add(component.type);
    if (r.reservation && (component.type === 'ENERGY' || component.type === 'PARKING_TIME')) {
      add(
        componentPath,
        'reservation_dimension',
        `reservation elements can only price FLAT and TIME, not ${component.type}`,
      );
    }
    lintStepSize(component.type, component.step_size, childPath(componentPath, 'step_size'), add);
    if (component.vat !== undefined && component.vat > 100) {
      add(
        childPath(componentPath, 'vat'),
        'unusual_vat',
        `VAT of ${component.vat}% looks wrong (a percentage is expected)`,
      );
    }
    const shadow = shadowingElement(tariff, index, component.type);
    if (shadow !== undefined) {
      add(
        componentPath,
        'component_never_applies',
        `element ${shadow} has an unrestricted ${component.type} component earlier in the list, so this one is never used`,
      );
    }
  });

  for (let earlier = 0; earlier < index; earlier++) {
    const other = tariff.elements[earlier];
    const shared = element.price_components.filter((c) =>
      other.price_components.some((o) => o.type === c.type),
    );
    if (shared.length > 0 && elementsOverlapInTime(other, element)) {
      add(
        restrictionsPath,
        'overlapping_restrictions',
        `its time window overlaps element ${earlier}'s on common days for ${[...new Set(shared.map((c) => c.type))].join(', ')}; element ${earlier} wins where they overlap`,
      );
    }
  }
}

function lintStepSize(type: TariffDimensionType, step: number | undefined, path: string, add: Add): void {
  if (type === 'FLAT' || step === undefined) return;
  if (step === 0) {
    add(
      path,
      'step_size_zero',
      `step_size 0 for ${type}: volumes are billed unrounded; OCPI's smallest step is 1 (Wh / s)`,
    );
  } else if ((type === 'TIME' || type === 'PARKING_TIME') && step % 60 !== 0 && 60 % step !== 0) {
    add(
      path,
      'odd_step_size',
      `step_size ${step} s is not a whole number of minutes nor a fraction of one; is it meant to be seconds?`,
    );
  } else if (type === 'ENERGY' && step > 10_000) {
    add(
      path,
      'odd_step_size',
      `step_size ${step} Wh bills energy in blocks of more than 10 kWh; is it meant to be Wh?`,
    );
  } else if ((type === 'TIME' || type === 'PARKING_TIME') && step > 3600) {
    add(path, 'odd_step_size', `step_size ${step} s bills time in blocks of more than an hour`);
  }
}

/** The index of an earlier element of the same kind that prices `type` without any restriction. */
function shadowingElement(tariff: Tariff, index: number, type: TariffDimensionType): number | undefined {
  const reservation = tariff.elements[index].restrictions?.reservation;
  for (let i = 0; i < index; i++) {
    const element = tariff.elements[i];
    const restrictions = element.restrictions ?? {};
    const unrestricted = Object.keys(restrictions).every((key) => key === 'reservation');
    if (
      unrestricted &&
      restrictions.reservation === reservation &&
      element.price_components.some((c) => c.type === type)
    ) {
      return i;
    }
  }
  return undefined;
}

function lintFallbacks(tariff: Tariff, add: Add): void {
  const dimensions = new Set(
    tariff.elements
      .filter((e) => !e.restrictions?.reservation)
      .flatMap((e) => e.price_components.map((c) => c.type)),
  );
  for (const type of dimensions) {
    if (type === 'FLAT') continue;
    const hasDefault = tariff.elements.some(
      (e) =>
        (!e.restrictions || Object.keys(e.restrictions).length === 0) &&
        e.price_components.some((c) => c.type === type),
    );
    if (!hasDefault) {
      add(
        'elements',
        'no_fallback_element',
        `no unrestricted element prices ${type}: where no restriction matches, ${type} is free (OCPI advises a default element per dimension)`,
      );
    }
  }
}
