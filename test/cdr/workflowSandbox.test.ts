// The CDR code is meant to run inside workflows: this runs it in Temporal's sandbox on the run's dev
// server and checks it computes exactly what it computes outside.
import { runInWorkflowSandbox } from '../helpers/temporalSandbox';
import { cdrInSandbox, cdrOf, type SandboxInput } from './sandbox/cdrWorkflow';

const INPUT: SandboxInput = {
  session: {
    sessionStart: '2025-06-10T21:30:00Z',
    sessionStop: '2025-06-10T22:45:00Z',
    meterStartWh: '5000',
    meterStopWh: '14250',
    samples: [
      { timestamp: '2025-06-10T21:45:00Z', energyWh: '6850' },
      { timestamp: '2025-06-10T22:15:00Z', energyWh: '10550' },
      { timestamp: '2025-06-10T22:15:00Z', energyWh: '10550' },
    ],
    statusChanges: [{ timestamp: '2025-06-10T21:30:00Z', state: 'Charging' }],
  },
  plan: { instants: ['2025-06-10T22:00:00Z'] },
  ocmfBase64: Buffer.from(
    'OCMF|{"PG":"T7","MS":"M-1","RD":[{"TM":"2025-06-10T23:30:00,000+0200 S","TX":"B","RV":5.000,"RU":"kWh","ST":"G"},' +
      '{"TM":"2025-06-11T00:45:00,000+0200 S","TX":"E","RV":14.250}]}|{"SD":"30"}',
  ).toString('base64'),
  now: '2025-06-10T22:50:00Z',
};

test('charging periods, CDR and OCMF parsing run unchanged inside a Temporal workflow', async () => {
  const result = await runInWorkflowSandbox(require.resolve('./sandbox/cdrWorkflow'), cdrInSandbox, [INPUT]);
  expect(result).toEqual(cdrOf(INPUT));
  expect(result.cdr.total_energy).toBe(9.25);
  expect(result.running).toMatchObject({
    energyWh: '5550',
    samplesAccepted: 2,
    samplesFlagged: 1,
    flags: ['duplicate'],
  });
  expect(result.ocmfStopWh).toBe('14.250');
});
