// The rating engine is meant to run inside workflows: this runs it in Temporal's sandbox on the run's
// dev server (started by the jest globalSetup) and checks it computes exactly what it computes outside.
import { runInWorkflowSandbox } from '../helpers/temporalSandbox';
import { buildCdr, energyElement, tariffOf } from './helpers/cdrBuilder';
import { ratingInSandbox, ratingOf, type RatingSandboxInput } from './sandbox/ratingWorkflow';

// Fall-back night in Berlin: 02:00–03:00 local occurs twice and is cheap both times.
const INPUT: RatingSandboxInput = {
  timeZone: 'Europe/Berlin',
  tariff: tariffOf([
    { price_components: [{ type: 'FLAT', price: 0.35, vat: 19, step_size: 1 }] },
    energyElement(0.19, { start_time: '02:00', end_time: '03:00' }, 19),
    energyElement(0.39, undefined, 19),
    { price_components: [{ type: 'PARKING_TIME', price: 6, vat: 19, step_size: 300 }] },
  ]),
  cdr: buildCdr({
    end: '2024-10-27T02:30:00Z',
    periods: [
      { at: '2024-10-26T23:30:00Z', ENERGY: 5.5 }, // 01:30 CEST
      { at: '2024-10-27T00:00:00Z', ENERGY: 11.25 }, // 02:00 CEST
      { at: '2024-10-27T01:00:00Z', ENERGY: 10.125 }, // 02:00 CET
      { at: '2024-10-27T02:00:00Z', PARKING_TIME: 0.4 }, // 03:00 CET
    ],
  }),
};

test('parsing, rating, split plan, cost so far and description run unchanged inside a Temporal workflow', async () => {
  const result = await runInWorkflowSandbox(require.resolve('./sandbox/ratingWorkflow'), ratingInSandbox, [
    INPUT,
  ]);
  expect(result).toEqual(ratingOf(INPUT));
  // 0.35 + 5.5 × 0.39 + (11.25 + 10.125) × 0.19 + 24 min parking billed as 25 min × 6.00/h = 9.05625
  expect(result.priced.total_cost).toEqual({ excl_vat: 9.0563, incl_vat: 10.7769 });
  expect(result.splitInstants).toEqual(['2024-10-27T00:00:00.000Z', '2024-10-27T02:00:00.000Z']);
  // Intl's German number and currency formats are there in the sandbox too.
  expect(result.german[0]).toBe(
    'Startgebühr: 0,35\u00a0€ je Ladevorgang (0,4165\u00a0€ inkl. 19\u00a0% MwSt.).',
  );
});
