// What each priced part of a session is called on the invoice, in the languages invoices are printed in.
// The parts a tariff prices carry the names the tariff description uses (src/tariff/describe/componentNames.ts),
// so an invoice and its "Your tariff" block say the same; the adjustments are invoice-only.
import type { Language } from '../invoice/types';
import { COMPONENT_NAMES, type PricedPart } from '../tariff/describe/componentNames';

export type ComponentLabel = PricedPart | 'MIN_PRICE' | 'MAX_PRICE' | 'FREE';

const LABELS: Record<Language, Record<ComponentLabel, string>> = {
  en: {
    ...COMPONENT_NAMES.en,
    MIN_PRICE: 'Adjustment to the minimum session price',
    MAX_PRICE: 'Adjustment to the maximum session price',
    FREE: 'Charging session, free of charge',
  },
  de: {
    ...COMPONENT_NAMES.de,
    MIN_PRICE: 'Ausgleich auf den Mindestpreis je Ladevorgang',
    MAX_PRICE: 'Ausgleich auf den Höchstpreis je Ladevorgang',
    FREE: 'Ladevorgang, kostenfrei',
  },
};

export function componentLabel(label: ComponentLabel, language: Language): string {
  return LABELS[language][label];
}
