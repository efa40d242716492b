// Daylight-saving transitions. Decision (README): restrictions read the local wall clock at each instant.
// On spring-forward day the skipped hour has no instants, so a "02:00–03:00" window never applies; on
// fall-back day the repeated hour occurs twice and the window applies both times. Durations are real
// elapsed time, never wall-clock differences.
import { rateCdr } from '../../src/tariff/engine/rateCdr';
import type { TariffElement } from '../../src/tariff/types';
import { buildCdr, energyElement as energy, tariffOf } from './helpers/cdrBuilder';

function unitPrices(elements: TariffElement[], instants: string[], timeZone: string): string[] {
  const cdr = buildCdr({
    end: instants[instants.length - 1],
    periods: instants.map((at) => ({ at, ENERGY: 1 })),
  });
  return rateCdr(cdr, { tariffs: [tariffOf(elements)], timeZone })
    .lines.filter((line) => line.kind === 'usage')
    .map((line) => line.unit_price!.toString());
}

const twoToThree = [energy(0.1, { start_time: '02:00', end_time: '03:00' }), energy(0.9)];

describe('Europe/Berlin', () => {
  it('spring forward (2024-03-31, 02:00 CET → 03:00 CEST at 01:00Z): 02:00–03:00 never applies', () => {
    const instants = [
      '2024-03-31T00:30:00Z',
      '2024-03-31T00:59:59Z',
      '2024-03-31T01:00:00Z',
      '2024-03-31T01:30:00Z',
    ];
    // local: 01:30 CET, 01:59:59 CET, 03:00 CEST, 03:30 CEST
    expect(unitPrices(twoToThree, instants, 'Europe/Berlin')).toEqual(['0.9', '0.9', '0.9', '0.9']);
  });

  it('spring forward: a window starting inside the skipped hour begins at the switch', () => {
    const elements = [energy(0.1, { start_time: '02:30', end_time: '05:00' }), energy(0.9)];
    const instants = [
      '2024-03-31T00:59:59Z',
      '2024-03-31T01:00:00Z',
      '2024-03-31T02:59:59Z',
      '2024-03-31T03:00:00Z',
    ];
    expect(unitPrices(elements, instants, 'Europe/Berlin')).toEqual(['0.9', '0.1', '0.1', '0.9']);
  });

  it('fall back (2024-10-27, 03:00 CEST → 02:00 CET at 01:00Z): 02:00–03:00 applies in both occurrences', () => {
    const instants = [
      '2024-10-26T23:59:59Z', // 01:59:59 CEST
      '2024-10-27T00:00:00Z', // 02:00 CEST (first)
      '2024-10-27T00:59:59Z', // 02:59:59 CEST
      '2024-10-27T01:00:00Z', // 02:00 CET (second)
      '2024-10-27T01:59:59Z', // 02:59:59 CET
      '2024-10-27T02:00:00Z', // 03:00 CET
    ];
    expect(unitPrices(twoToThree, instants, 'Europe/Berlin')).toEqual([
      '0.9',
      '0.1',
      '0.1',
      '0.1',
      '0.1',
      '0.9',
    ]);
  });

  it('fall back: durations are elapsed time (max_duration 3600 s ends at 01:00Z, not at wall-clock 03:00)', () => {
    const elements = [energy(0.1, { max_duration: 3600 }), energy(0.9)];
    const instants = ['2024-10-27T00:00:00Z', '2024-10-27T00:59:59Z', '2024-10-27T01:00:00Z'];
    expect(unitPrices(elements, instants, 'Europe/Berlin')).toEqual(['0.1', '0.1', '0.9']);
  });

  it('a night session priced by hourly windows across the fall-back night', () => {
    // 01:00–02:00 costs 0.20, 02:00–03:00 costs 0.30, else 0.40 (local). Session 23:30Z–02:30Z = 01:30 CEST – 03:30 CET.
    const elements = [
      energy(0.2, { start_time: '01:00', end_time: '02:00' }),
      energy(0.3, { start_time: '02:00', end_time: '03:00' }),
      energy(0.4),
    ];
    const instants = [
      '2024-10-26T23:30:00Z',
      '2024-10-27T00:00:00Z',
      '2024-10-27T01:00:00Z',
      '2024-10-27T02:00:00Z',
    ];
    expect(unitPrices(elements, instants, 'Europe/Berlin')).toEqual(['0.2', '0.3', '0.3', '0.4']);
  });
});

describe('America/New_York', () => {
  it('spring forward (2024-03-10, 02:00 EST → 03:00 EDT at 07:00Z): 02:00–03:00 never applies', () => {
    const instants = [
      '2024-03-10T06:30:00Z',
      '2024-03-10T06:59:59Z',
      '2024-03-10T07:00:00Z',
      '2024-03-10T07:30:00Z',
    ];
    expect(unitPrices(twoToThree, instants, 'America/New_York')).toEqual(['0.9', '0.9', '0.9', '0.9']);
  });

  it('fall back (2024-11-03, 02:00 EDT → 01:00 EST at 06:00Z): 01:00–02:00 applies twice', () => {
    const elements = [energy(0.1, { start_time: '01:00', end_time: '02:00' }), energy(0.9)];
    const instants = [
      '2024-11-03T04:59:59Z', // 00:59:59 EDT
      '2024-11-03T05:00:00Z', // 01:00 EDT
      '2024-11-03T06:00:00Z', // 01:00 EST
      '2024-11-03T06:59:59Z', // 01:59:59 EST
      '2024-11-03T07:00:00Z', // 02:00 EST
    ];
    expect(unitPrices(elements, instants, 'America/New_York')).toEqual(['0.9', '0.1', '0.1', '0.1', '0.9']);
  });

  it('weekday changes at local midnight (EST, UTC−5)', () => {
    const elements = [energy(0.1, { day_of_week: ['SATURDAY', 'SUNDAY'] }), energy(0.9)];
    // Friday 2024-11-08 23:59 EST = Saturday 04:59Z; Saturday 00:00 EST = 05:00Z.
    expect(
      unitPrices(elements, ['2024-11-09T04:59:00Z', '2024-11-09T05:00:00Z'], 'America/New_York'),
    ).toEqual(['0.9', '0.1']);
  });
});

describe('time zone names', () => {
  it('an unknown zone is refused with a clear message', () => {
    const cdr = buildCdr({
      end: '2024-01-01T01:00:00Z',
      periods: [{ at: '2024-01-01T00:00:00Z', ENERGY: 1 }],
    });
    expect(() => rateCdr(cdr, { tariffs: [tariffOf([energy(0.3)])], timeZone: 'Europe/Atlantis' })).toThrow(
      'unknown time zone "Europe/Atlantis"',
    );
  });
});
