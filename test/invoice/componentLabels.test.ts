// The names of an invoice's sub-lines: German on a German invoice, and the same words the tariff
// description ("Ihr Tarif" / "Your tariff") uses for the same part of the price.
import { componentLabel, type ComponentLabel } from '../../src/billing/componentLabels';
import { describeTariff } from '../../src/tariff/describe/describeTariff';
import { fixtureTariff } from './fixtures';

const LABELS: ComponentLabel[] = [
  'FLAT',
  'ENERGY',
  'TIME',
  'PARKING_TIME',
  'RESERVATION_FLAT',
  'RESERVATION_TIME',
  'MIN_PRICE',
  'MAX_PRICE',
  'FREE',
];

describe('invoice component labels', () => {
  it('names every part in German on a German invoice', () => {
    expect(LABELS.map((label) => componentLabel(label, 'de'))).toEqual([
      'Startgebühr',
      'Energie',
      'Ladezeit',
      'Blockiergebühr (angeschlossen, ohne Laden)',
      'Reservierungsgebühr',
      'Reservierungszeit',
      'Ausgleich auf den Mindestpreis je Ladevorgang',
      'Ausgleich auf den Höchstpreis je Ladevorgang',
      'Ladevorgang, kostenfrei',
    ]);
    for (const label of LABELS) expect(componentLabel(label, 'de')).not.toBe(componentLabel(label, 'en'));
  });

  it('uses the words of the tariff description in both languages', () => {
    for (const language of ['de', 'en'] as const) {
      const lines = describeTariff(fixtureTariff, { language }).lines;
      expect(lines.map((line) => line.split(':')[0])).toEqual(
        (['FLAT', 'ENERGY', 'PARKING_TIME'] as const).map((label) => componentLabel(label, language)),
      );
    }
  });
});
