// The simulated charger's pure parts: power curve, simulated clock, the frames it sends.
import Decimal from 'decimal.js';
import { chargeSteps, powerAt, SimClock, type BatteryModel } from '../../src/sim';
import { meterValue16 } from '../../src/sim/frames16';
import { chargingState201, connectorStatus201, meterValue201 } from '../../src/sim/frames201';

const BATTERY: BatteryModel = {
  capacityWh: '50000',
  startSocPercent: '20',
  targetSocPercent: '80',
  maxPowerW: '50000',
  taperFromSocPercent: '60',
  minPowerW: '5000',
};

describe('power curve', () => {
  it('holds maximum power up to the taper point, then falls linearly to the minimum at the target', () => {
    expect(powerAt(BATTERY, new Decimal(20)).toFixed()).toBe('50000');
    expect(powerAt(BATTERY, new Decimal(60)).toFixed()).toBe('50000');
    expect(powerAt(BATTERY, new Decimal(70)).toFixed()).toBe('27500');
    expect(powerAt(BATTERY, new Decimal(80)).toFixed()).toBe('5000');
  });

  it('delivers exactly the energy between start and target state of charge', () => {
    const steps = chargeSteps(BATTERY, 30);
    const delivered = steps.reduce((sum, s) => sum.plus(s.energyWh), new Decimal(0));
    expect(delivered.toFixed()).toBe('30000'); // 60 % of 50 kWh, exact
    expect(steps[steps.length - 1].socPercent.toFixed()).toBe('80');
    expect(steps.map((s) => s.endSeconds)).toEqual(steps.map((_, i) => (i + 1) * 30));
    // Never more power than the step before.
    expect(steps.every((s, i) => i === 0 || s.powerW.lessThanOrEqualTo(steps[i - 1].powerW))).toBe(true);
    // 40 % at 50 kW takes 24 minutes; the taper adds more.
    expect(steps.length).toBeGreaterThan(48);
  });

  it('refuses models that would never finish', () => {
    expect(() => chargeSteps({ ...BATTERY, minPowerW: '0' }, 30)).toThrow('minPowerW');
    expect(() => chargeSteps(BATTERY, 0)).toThrow('sample interval');
  });
});

describe('simulated clock', () => {
  it('computes timestamps from the scenario start, not the wall clock', async () => {
    const clock = new SimClock('2026-01-01T23:59:30+01:00');
    expect(clock.now).toBe('2026-01-01T22:59:30.000Z');
    expect(await clock.advanceTo(45.5)).toBe('2026-01-01T23:00:15.500Z');
    await expect(clock.advanceTo(10)).rejects.toThrow('cannot go back');
    expect(() => new SimClock('soon')).toThrow('ISO 8601');
  });

  it('waits in real time only when paced', async () => {
    const paced = new SimClock('2026-01-01T00:00:00Z', 20);
    const started = Date.now();
    await paced.advanceTo(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});

describe('simulator frames', () => {
  const sample = {
    timestamp: '2026-03-02T08:00:00.000Z',
    energyWh: '12345',
    powerW: '7400',
    socPercent: '50.5',
    context: 'Sample.Periodic',
  };

  it('writes the 1.6 register in the configured unit as decimal text', () => {
    expect(meterValue16(sample, 'kWh').sampledValue).toEqual([
      {
        measurand: 'Energy.Active.Import.Register',
        value: '12.345',
        unit: 'kWh',
        context: 'Sample.Periodic',
      },
      { measurand: 'Power.Active.Import', value: '7400', unit: 'W', context: 'Sample.Periodic' },
      { measurand: 'SoC', value: '50.5', unit: 'Percent', location: 'EV', context: 'Sample.Periodic' },
    ]);
  });

  it('writes 2.0.1 values as JSON numbers with unitOfMeasure and signed data on the register', () => {
    const frame = meterValue201({ ...sample, signedData: 'T0NNRg==', signedFormat: 'OCMF' }, 'Wh');
    expect(JSON.stringify(frame.sampledValue[0])).toBe(
      '{"value":12345,"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"Wh"},"context":"Sample.Periodic",' +
        '"signedMeterValue":{"signedMeterData":"T0NNRg==","signingMethod":"","encodingMethod":"OCMF","publicKey":""}}',
    );
    expect(JSON.stringify(meterValue201(sample, 'kWh').sampledValue[0].value)).toBe('12.345');
  });

  it('splits 1.6 connector states into 2.0.1 connector status and charging state', () => {
    expect(
      ['Available', 'Preparing', 'Charging', 'Faulted'].map((s) => connectorStatus201(s as never)),
    ).toEqual(['Available', 'Occupied', 'Occupied', 'Faulted']);
    expect(
      ['Charging', 'SuspendedEV', 'Preparing', 'Finishing', 'Available'].map((s) =>
        chargingState201(s as never),
      ),
    ).toEqual(['Charging', 'SuspendedEV', 'EVConnected', 'EVConnected', 'Idle']);
  });
});
