// The CLI as users run it: `node bin/chargeledger.cjs …` in a child process, checking stdout, stderr
// and the exit code. Bad input must exit 2 with one stderr line naming the file and the JSON path.
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { CONFORMANCE_DIR, describeWithConformanceData } from '../tariff/helpers/conformanceData';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE_TARIFF = path.join(ROOT, 'examples/tariff.json');
const EXAMPLE_CDR = path.join(ROOT, 'examples/cdr.json');

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/chargeledger.cjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'chargeledger-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a file into the test's temp dir and returns its path. */
function file(name: string, content: unknown): string {
  const target = path.join(dir, name);
  writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return target;
}

const exampleTariff = () => JSON.parse(readFileSync(EXAMPLE_TARIFF, 'utf8'));
const exampleCdr = () => JSON.parse(readFileSync(EXAMPLE_CDR, 'utf8'));

describe('chargeledger rate', () => {
  it('prices the examples: totals as JSON numbers, exact breakdown beside them, exit 0', () => {
    const run = cli('rate', '--tariff', EXAMPLE_TARIFF, '--cdr', EXAMPLE_CDR, '--tz', 'Europe/Berlin');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const priced = JSON.parse(run.stdout);
    // 0.35 start + 13.208 kWh × 0.49 (Wednesday 17:40 local, peak) + 1.25 h × 0.60
    // + parking: 45 min free, then 51 min at 6.00/h, billed per 5 min → 55 min = 5.50.
    expect(priced.total_cost).toEqual({ excl_vat: 13.0719, incl_vat: 15.5556 });
    expect(priced.total_energy_cost).toEqual({ excl_vat: 6.4719, incl_vat: 7.7016 });
    expect(priced.total_parking_cost).toEqual({ excl_vat: 5.5, incl_vat: 6.545 });
    expect([priced.total_energy, priced.total_time, priced.total_parking_time]).toEqual([13.208, 2.85, 1.6]);
    expect(priced.chargeledger_breakdown.exact_totals.total_cost).toEqual({
      excl_vat: '13.07192',
      incl_vat: '15.5555848',
    });
    expect(priced.chargeledger_breakdown.lines.map((line: { kind: string }) => line.kind)).toEqual([
      'usage',
      'usage',
      'flat',
      'usage',
      'usage',
      'usage',
      'step_size',
    ]);
    expect(priced.id).toBe('CDR-2024-11-06-000123');
  });

  it('the time zone matters: in UTC 16:40 is still peak, and --tz defaults to UTC', () => {
    const berlin = JSON.parse(
      cli('rate', '--tariff', EXAMPLE_TARIFF, '--cdr', EXAMPLE_CDR, '--tz', 'Europe/Berlin').stdout,
    );
    const utc = JSON.parse(cli('rate', '--tariff', EXAMPLE_TARIFF, '--cdr', EXAMPLE_CDR).stdout);
    expect(utc.chargeledger_breakdown.time_zone).toBe('UTC');
    expect(utc.total_cost).toEqual(berlin.total_cost);
    // A Saturday session is off-peak (0.39/kWh) in any zone.
    const saturday = exampleCdr();
    saturday.start_date_time = '2024-11-09T16:40:00Z';
    saturday.charging_periods[0].start_date_time = '2024-11-09T16:40:00Z';
    const run = cli(
      'rate',
      '--tariff',
      EXAMPLE_TARIFF,
      '--cdr',
      file('saturday.json', {
        ...saturday,
        charging_periods: [saturday.charging_periods[0]],
        end_date_time: '2024-11-09T17:55:00Z',
      }),
    );
    expect(JSON.parse(run.stdout).total_energy_cost).toEqual({ excl_vat: 5.1511, incl_vat: 6.1298 });
  });

  it('uses the tariffs embedded in the CDR when --tariff is omitted', () => {
    const cdr = { ...exampleCdr(), tariffs: [exampleTariff()] };
    const run = cli('rate', '--cdr', file('embedded.json', cdr), '--tz', 'Europe/Berlin');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).total_cost).toEqual({ excl_vat: 13.0719, incl_vat: 15.5556 });
  });

  it('reports unknown fields as input warnings in the breakdown, still exit 0', () => {
    const tariff = exampleTariff();
    tariff.elements[1].restrictions.dayOfWeek = ['MONDAY'];
    const run = cli('rate', '--tariff', file('misspelled.json', tariff), '--cdr', EXAMPLE_CDR);
    expect(run.code).toBe(0);
    const warnings = JSON.parse(run.stdout).chargeledger_breakdown.input_warnings;
    expect(warnings.map((w: { path: string; code: string }) => `${w.path} ${w.code}`)).toEqual([
      'elements[1].restrictions.dayOfWeek unknown_field',
    ]);
  });

  describe('bad input: exit 2, one stderr line naming the file and the JSON path', () => {
    function expectBadInput(run: ReturnType<typeof cli>, ...fragments: string[]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.endsWith('\n')).toBe(true);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
      for (const fragment of fragments) expect(run.stderr).toContain(fragment);
    }

    it('malformed JSON: line, column and the path of the enclosing value', () => {
      const broken = file(
        'broken.json',
        '{\n  "currency": "EUR",\n  "charging_periods": [\n    { "start_date_time": "2024-01-01T00:00:00Z", }\n  ]\n}',
      );
      expectBadInput(
        cli('rate', '--tariff', EXAMPLE_TARIFF, '--cdr', broken),
        `${broken}: charging_periods[0]: malformed JSON at line 4, column 50: unexpected "}" (expected a double-quoted property name)`,
      );
    });

    it('a missing required field of the tariff', () => {
      const tariff = exampleTariff();
      delete tariff.elements[3].price_components[0].price;
      const target = file('no-price.json', tariff);
      expectBadInput(
        cli('rate', '--tariff', target, '--cdr', EXAMPLE_CDR),
        `${target}: elements[3].price_components[0].price: required field`,
      );
    });

    it('an invalid time of day, a wrong type, an invalid enum value', () => {
      const badTime = exampleTariff();
      badTime.elements[1].restrictions.start_time = '7:00';
      const t1 = file('bad-time.json', badTime);
      expectBadInput(
        cli('rate', '--tariff', t1, '--cdr', EXAMPLE_CDR),
        `${t1}: elements[1].restrictions.start_time: "7:00" is not a time of day`,
      );
      const badType = exampleTariff();
      badType.elements[2].price_components[0].price = '0.39';
      const t2 = file('bad-type.json', badType);
      expectBadInput(
        cli('rate', '--tariff', t2, '--cdr', EXAMPLE_CDR),
        `${t2}: elements[2].price_components[0].price: expected a number, got the string "0.39"`,
      );
      const badEnum = exampleTariff();
      badEnum.elements[1].restrictions.day_of_week = ['MONDAY', 'FRYDAY'];
      const t3 = file('bad-enum.json', badEnum);
      expectBadInput(
        cli('rate', '--tariff', t3, '--cdr', EXAMPLE_CDR),
        `${t3}: elements[1].restrictions.day_of_week[1]: expected one of`,
        'did you mean FRIDAY?',
      );
    });

    it('negative volumes and prices', () => {
      const cdr = exampleCdr();
      cdr.charging_periods[0].dimensions[0].volume = -1;
      const target = file('negative.json', cdr);
      expectBadInput(
        cli('rate', '--tariff', EXAMPLE_TARIFF, '--cdr', target),
        `${target}: charging_periods[0].dimensions[0].volume: negative values are not allowed`,
      );
      const tariff = exampleTariff();
      tariff.elements[0].price_components[0].price = -0.35;
      const t2 = file('negative-price.json', tariff);
      expectBadInput(
        cli('rate', '--tariff', t2, '--cdr', EXAMPLE_CDR),
        `${t2}: elements[0].price_components[0].price: negative`,
      );
    });

    it('periods out of order', () => {
      const cdr = exampleCdr();
      cdr.charging_periods[2].start_date_time = '2024-11-06T17:00:00Z';
      const target = file('order.json', cdr);
      expectBadInput(
        cli('rate', '--tariff', EXAMPLE_TARIFF, '--cdr', target),
        `${target}: charging_periods[2].start_date_time: 2024-11-06T17:00:00Z is not after the previous period's start`,
      );
    });

    it('an unknown currency, and a tariff in another currency than the CDR', () => {
      const cdr = exampleCdr();
      cdr.currency = 'EUX';
      const target = file('currency.json', cdr);
      expectBadInput(
        cli('rate', '--tariff', EXAMPLE_TARIFF, '--cdr', target),
        `${target}: currency: "EUX" is not an ISO 4217 currency code`,
      );
      const chf = file('chf.json', { ...exampleCdr(), currency: 'CHF' });
      expectBadInput(
        cli('rate', '--tariff', EXAMPLE_TARIFF, '--cdr', chf),
        `${chf}: currency: tariff BER-AC-2024 is in EUR but the CDR is in CHF`,
      );
    });

    it('an invalid DateTime', () => {
      const cdr = exampleCdr();
      cdr.end_date_time = '2024-11-06 19:31';
      const target = file('datetime.json', cdr);
      expectBadInput(
        cli('rate', '--tariff', EXAMPLE_TARIFF, '--cdr', target),
        `${target}: end_date_time: "2024-11-06 19:31" is not an OCPI DateTime`,
      );
    });

    it('a missing file, a CDR without tariffs, an unknown time zone, a missing option', () => {
      expectBadInput(
        cli('rate', '--tariff', EXAMPLE_TARIFF, '--cdr', 'nope.json'),
        'nope.json: $: cannot read the file (no such file)',
      );
      expectBadInput(
        cli('rate', '--cdr', EXAMPLE_CDR),
        `${EXAMPLE_CDR}: tariffs: the CDR embeds no tariff; pass one with --tariff FILE`,
      );
      expectBadInput(
        cli('rate', '--tariff', EXAMPLE_TARIFF, '--cdr', EXAMPLE_CDR, '--tz', 'Mars/Olympus'),
        '--tz: unknown time zone "Mars/Olympus"',
      );
      expectBadInput(cli('rate', '--tariff', EXAMPLE_TARIFF), "required option '--cdr <file>' not specified");
    });
  });
});

describeWithConformanceData('chargeledger rate on conformance data', () => {
  it('step_size/cdr1 prices to 0.5502', () => {
    const run = cli(
      'rate',
      '--tariff',
      path.join(CONFORMANCE_DIR, 'test_data/step_size/tariff.json'),
      '--cdr',
      path.join(CONFORMANCE_DIR, 'test_data/step_size/cdr1.json'),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).total_cost).toEqual({ excl_vat: 0.5502, incl_vat: 0.5502 });
  });
});

describe('chargeledger lint-tariff', () => {
  it('a clean tariff: exit 0', () => {
    const run = cli('lint-tariff', EXAMPLE_TARIFF);
    expect([run.code, run.stdout]).toEqual([0, `${EXAMPLE_TARIFF}: no problems found\n`]);
  });

  it('warnings only: listed with paths, exit 0', () => {
    const tariff = exampleTariff();
    tariff.country_code = 'deu';
    tariff.elements[3].price_components[0].step_size = 0;
    const target = file('lint-warnings.json', tariff);
    const run = cli('lint-tariff', target);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      `${target}: warning: country_code: "deu" is not an ISO 3166-1 alpha-2 code (e.g. "DE", "NL") [country_code_not_alpha2]`,
      `${target}: warning: country_code: "deu" should be upper case [invalid_case]`,
      `${target}: warning: elements[3].price_components[0].step_size: step_size 0 for TIME: volumes are billed unrounded; OCPI's smallest step is 1 (Wh / s) [step_size_zero]`,
    ]);
  });

  it('errors: exit 2, and --json gives the counts', () => {
    const tariff = exampleTariff();
    tariff.elements[1].restrictions.end_time = '24:00';
    const target = file('lint-errors.json', tariff);
    const run = cli('lint-tariff', target, '--json');
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect([report.errors, report.issues[0].path]).toEqual([1, 'elements[1].restrictions.end_time']);
  });
});

describe('chargeledger describe-tariff', () => {
  it('explains the example tariff in plain words, a free part as free', () => {
    const run = cli('describe-tariff', EXAMPLE_TARIFF);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 7)).toEqual([
      'Tariff BER-AC-2024 (REGULAR), prices in EUR',
      '- Session fee: €0.35 per session (€0.4165 incl. 19% VAT).',
      '- Energy: €0.49 per kWh (€0.5831 incl. 19% VAT), Monday to Friday, from 07:00 to 20:00.',
      '- Energy: €0.39 per kWh (€0.4641 incl. 19% VAT), otherwise.',
      '- Charging time: €0.01 per minute, €0.60 per hour (€0.714 incl. 19% VAT per hour), billed per started minute.',
      '- No idle fee during the first 2 hours of the session.',
      '- Idle fee (connected, not charging): €0.10 per minute, €6.00 per hour (€7.14 incl. 19% VAT per hour), billed per started 5 minutes, otherwise.',
    ]);
    expect(run.stdout).toContain('Session fee 0.35 EUR');
  });

  it('--lang de writes German words, decimal commas and "0,35 €", with the German tariff_alt_text', () => {
    const run = cli('describe-tariff', EXAMPLE_TARIFF, '--lang', 'de');
    expect(run.code).toBe(0);
    // Intl puts a no-break space between amount and € (and we between number and %).
    expect(
      run.stdout
        .replace(/\u00a0/g, ' ')
        .split('\n')
        .slice(0, 7),
    ).toEqual([
      'Tarif BER-AC-2024 (REGULAR), Preise in EUR',
      '- Startgebühr: 0,35 € je Ladevorgang (0,4165 € inkl. 19 % MwSt.).',
      '- Energie: 0,49 € je kWh (0,5831 € inkl. 19 % MwSt.), Montag bis Freitag, von 07:00 bis 20:00 Uhr.',
      '- Energie: 0,39 € je kWh (0,4641 € inkl. 19 % MwSt.), sonst.',
      '- Ladezeit: 0,01 € je Minute, 0,60 € je Stunde (0,714 € inkl. 19 % MwSt. je Stunde), abgerechnet je angefangene Minute.',
      '- Keine Blockiergebühr in den ersten 2 Stunden.',
      '- Blockiergebühr (angeschlossen, ohne Laden): 0,10 € je Minute, 6,00 € je Stunde (7,14 € inkl. 19 % MwSt. je Stunde), abgerechnet je angefangene 5 Minuten, sonst.',
    ]);
    expect(run.stdout).toContain('Startgebühr 0,35 EUR');
    expect(JSON.parse(cli('describe-tariff', EXAMPLE_TARIFF, '--lang', 'de', '--json').stdout).title).toBe(
      'Tarif BER-AC-2024 (REGULAR), Preise in EUR',
    );
  });
});
