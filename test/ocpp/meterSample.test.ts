// Meter readings → MeterSample: exact decimal conversion, phase and location rules, and refusal of
// values that cannot be true, for both OCPP versions' sampled-value shapes.
import fc from 'fast-check';
import { RPCError } from 'ocpp-rpc';
import { jsonNumberText, parseDecimalText } from '../../src/ocpp/decimalText';
import { toMeterSample, type SampledReading } from '../../src/ocpp/meterSample';
import { samplesFrom16, signedFormatOf } from '../../src/ocpp/ocpp16/meterValues';
import { samplesFrom201 } from '../../src/ocpp/ocpp201/meterValues';

const AT = '2026-03-02T08:00:00Z';
const energy = (value: string, extra: Partial<SampledReading> = {}): SampledReading => ({
  path: 'mv',
  measurand: 'Energy.Active.Import.Register',
  value,
  ...extra,
});

function refusal(readings: SampledReading[]): RPCError {
  try {
    toMeterSample(AT, readings);
  } catch (err) {
    return err as RPCError;
  }
  throw new Error('expected the readings to be refused');
}

describe('toMeterSample', () => {
  it('converts kWh with three decimals to whole Wh, and keeps finer fractions exact', () => {
    expect(toMeterSample(AT, [energy('12.345', { unit: 'kWh' })])?.energyWh).toBe('12345');
    expect(toMeterSample(AT, [energy('0.0001', { unit: 'kWh' })])?.energyWh).toBe('0.1');
    expect(toMeterSample(AT, [energy('1500.000')])?.energyWh).toBe('1500');
    expect(toMeterSample(AT, [energy('7', { unit: 'Wh', multiplier: 3 })])?.energyWh).toBe('7000');
    expect(toMeterSample(AT, [energy('70', { unit: 'kWh', multiplier: -1 })])?.energyWh).toBe('7000');
    expect(toMeterSample(AT, [energy('1.5e3')])?.energyWh).toBe('1500');
    expect(toMeterSample(AT, [energy('1234', { multiplier: -3 })])?.energyWh).toBe('1.234');
  });

  it('round-trips every whole-Wh register written in kWh with three decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 14n }), (wh) => {
        const kWh = `${wh / 1000n}.${String(wh % 1000n).padStart(3, '0')}`;
        expect(toMeterSample(AT, [energy(kWh, { unit: 'kWh' })])?.energyWh).toBe(wh.toString());
      }),
    );
  });

  it('reads power in W or kW, current as the highest line phase, SoC as is', () => {
    const sample = toMeterSample(AT, [
      { path: 'p', measurand: 'Power.Active.Import', value: '11.04', unit: 'kW' },
      { path: 'a1', measurand: 'Current.Import', value: '15.9', phase: 'L1' },
      { path: 'a2', measurand: 'Current.Import', value: '16.02', phase: 'L2' },
      { path: 'an', measurand: 'Current.Import', value: '40', phase: 'N' },
      { path: 's', measurand: 'SoC', value: '80.5', unit: 'Percent', location: 'EV' },
    ]);
    expect(sample).toEqual({
      timestamp: AT,
      powerW: '11040',
      currentA: '16.02',
      socPercent: '80.5',
      context: 'Sample.Periodic',
    });
  });

  it('adds line phases when no total is given, prefers the total when it is', () => {
    const phases = ['L1-N', 'L2-N', 'L3-N'].map((phase, i) =>
      energy(['100.1', '200.2', '300.3'][i], { phase }),
    );
    expect(toMeterSample(AT, phases)?.energyWh).toBe('600.6');
    expect(toMeterSample(AT, [...phases, energy('601')])?.energyWh).toBe('601');
  });

  it('takes the outlet meter, falls back to the inlet, ignores readings the EV makes of itself', () => {
    expect(toMeterSample(AT, [energy('5', { location: 'Inlet' }), energy('4')])?.energyWh).toBe('4');
    expect(toMeterSample(AT, [energy('5', { location: 'Inlet' })])?.energyWh).toBe('5');
    expect(toMeterSample(AT, [energy('5', { location: 'EV' })])).toBeUndefined();
  });

  it('keeps the context of the energy reading and leaves out instants without billing data', () => {
    expect(toMeterSample(AT, [energy('1', { context: 'Transaction.End' })])?.context).toBe('Transaction.End');
    expect(toMeterSample(AT, [{ path: 'v', measurand: 'Voltage', value: '230' }])).toBeUndefined();
  });

  it.each([
    ['NaN', energy('NaN'), 'mv.value: "NaN" is not a decimal number'],
    ['hexadecimal', energy('0x1F'), 'not a decimal number'],
    ['empty', energy(''), 'not a decimal number'],
    ['Infinity', energy('Infinity'), 'not a decimal number'],
    [
      'a negative register',
      energy('-0.001', { unit: 'kWh' }),
      'mv.value: Energy.Active.Import.Register cannot be negative (-0.001)',
    ],
    ['a negative current', { path: 'a', measurand: 'Current.Import', value: '-1' }, 'cannot be negative'],
    ['SoC above 100', { path: 's', measurand: 'SoC', value: '100.1' }, 'SoC cannot exceed 100%'],
    [
      'a foreign unit',
      energy('5', { unit: 'varh' }),
      'mv.unit: "varh" is not a unit of Energy.Active.Import.Register (Wh, kWh)',
    ],
    ['an absurd magnitude', energy('1e20'), 'not a plausible'],
    ['an absurd precision', energy('1e-21'), 'not a plausible'],
    ['an absurd multiplier', energy('1', { multiplier: 400 }), 'not a plausible'],
  ])('refuses %s with PropertyConstraintViolation naming the field', (_, reading, message) => {
    const err = refusal([reading as SampledReading]);
    expect(err.rpcErrorCode).toBe('PropertyConstraintViolation');
    expect(err.message).toContain(message);
  });

  it('refuses two different values for the same slot but accepts a repeated equal one', () => {
    expect(refusal([energy('5'), energy('5.1')]).message).toContain('disagrees (5 vs 5.1)');
    expect(toMeterSample(AT, [energy('5'), energy('5.000')])?.energyWh).toBe('5');
  });
});

describe('OCPP 1.6 sampled values', () => {
  it('applies 1.6 defaults (Energy.Active.Import.Register in Wh, Sample.Periodic) and names array paths', () => {
    expect(samplesFrom16([{ timestamp: AT, sampledValue: [{ value: '42' }] }], 'meterValue')).toEqual([
      { timestamp: AT, energyWh: '42', context: 'Sample.Periodic' },
    ]);
    const bad = [
      { timestamp: AT, sampledValue: [{ value: '1' }] },
      { timestamp: AT, sampledValue: [{ value: '1' }, { value: 'x', measurand: 'SoC' }] },
    ];
    expect(() => samplesFrom16(bad, 'transactionData')).toThrow('transactionData[1].sampledValue[1].value');
  });

  it('keeps SignedData as signed data, recognising OCMF', () => {
    const ocmf = 'OCMF|{"FV":"1.0"}|{"SA":"ECDSA-secp256r1-SHA256","SD":"3045"}';
    const samples = samplesFrom16(
      [
        {
          timestamp: AT,
          sampledValue: [{ value: '1000.5' }, { value: ocmf, format: 'SignedData', context: 'Sample.Clock' }],
        },
      ],
      'meterValue',
    );
    expect(samples).toEqual([
      {
        timestamp: AT,
        energyWh: '1000.5',
        signedData: ocmf,
        signedFormat: 'OCMF',
        context: 'Sample.Periodic',
      },
    ]);
    expect(signedFormatOf('AP9x…')).toBe('SignedData');
  });
});

describe('OCPP 2.0.1 sampled values', () => {
  it('reads JSON numbers back as the decimal text the charger wrote', () => {
    expect(jsonNumberText(0.1)).toBe('0.1');
    expect(jsonNumberText(123456.789)).toBe('123456.789');
    expect(jsonNumberText(-0)).toBe('0');
    expect(jsonNumberText(1e21)).toBe('1000000000000000000000');
    const samples = samplesFrom201(
      [
        {
          timestamp: AT,
          sampledValue: [
            { value: 0.1 + 0.2, unitOfMeasure: { unit: 'kWh' } },
            { value: 33.3, measurand: 'SoC' },
          ],
        },
      ],
      'meterValue',
    );
    // 0.1 + 0.2 is the double 0.30000000000000004: exactly that text, never rounded silently.
    expect(samples[0]).toMatchObject({ energyWh: '300.00000000000004', socPercent: '33.3' });
  });

  it('takes signedMeterValue with its encoding method', () => {
    const [sample] = samplesFrom201(
      [
        {
          timestamp: AT,
          sampledValue: [
            {
              value: 5,
              signedMeterValue: {
                signedMeterData: 'QUJD',
                signingMethod: '',
                encodingMethod: 'EDL',
                publicKey: '',
              },
            },
          ],
        },
      ],
      'meterValue',
    );
    expect(sample).toMatchObject({ energyWh: '5', signedData: 'QUJD', signedFormat: 'EDL' });
  });
});

describe('parseDecimalText', () => {
  it('accepts plain and exponent decimals only', () => {
    expect(
      ['1', '-1.5', '+2', '.5', '5.', '1e3', '1E-3'].map((t) => parseDecimalText(t)?.toString()),
    ).toEqual(['1', '-1.5', '2', '0.5', '5', '1000', '0.001']);
    expect(['1,5', ' 1', '1 ', '0b1', '1e', 'e3', '-', '1'.repeat(41)].map(parseDecimalText)).toEqual(
      Array(8).fill(undefined),
    );
  });
});
