// What each priced part of a charging session is called, in the languages chargeledger writes to
// drivers. One list for the tariff in plain words and the invoice lines, so both use the same words.

/** The languages tariff descriptions and invoices are written in. */
export type WordingLanguage = 'en' | 'de';

export type PricedPart =
  'FLAT' | 'ENERGY' | 'TIME' | 'PARKING_TIME' | 'RESERVATION_FLAT' | 'RESERVATION_TIME';

export const COMPONENT_NAMES: Record<WordingLanguage, Record<PricedPart, string>> = {
  en: {
    FLAT: 'Session fee',
    ENERGY: 'Energy',
    TIME: 'Charging time',
    PARKING_TIME: 'Idle fee (connected, not charging)',
    RESERVATION_FLAT: 'Reservation fee',
    RESERVATION_TIME: 'Reservation time',
  },
  de: {
    FLAT: 'Startgebühr',
    ENERGY: 'Energie',
    TIME: 'Ladezeit',
    PARKING_TIME: 'Blockiergebühr (angeschlossen, ohne Laden)',
    RESERVATION_FLAT: 'Reservierungsgebühr',
    RESERVATION_TIME: 'Reservierungszeit',
  },
};
