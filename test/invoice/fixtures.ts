// Realistic invoice inputs shared by the invoice tests and the benchmark.
import { componentLabel, type ComponentLabel } from '../../src/billing/componentLabels';
import { describeTariff } from '../../src/tariff/describe/describeTariff';
import type { Tariff } from '../../src/tariff/types';
import type {
  Customer,
  Language,
  InvoiceDraft,
  Issuer,
  PricedComponentDraft,
  SessionLineDraft,
  SignedMeterData,
} from '../../src/invoice/types';

export const issuer: Issuer = {
  name: 'Voltwerk Ladenetz GmbH',
  address: { lines: ['Ladestraße 12'], postalCode: '80331', city: 'München', country: 'DE' },
  vatId: 'DE811907980',
  taxRegistration: '143/123/45678',
  legalRegistration: 'HRB 245678, Amtsgericht München',
  email: 'billing@voltwerk.example',
  phone: '+49 89 1234560',
  contactName: 'Billing team',
  iban: 'DE02120300000000202051',
  bic: 'BYLADEM1001',
  bankName: 'Deutsche Kreditbank',
  legalInfo: ['Geschäftsführer: Anna Beispiel, Jonas Muster', 'Sitz: München, HRB 245678'],
  language: 'de',
  timeZone: 'Europe/Berlin',
};

export const businessCustomer: Customer = {
  kind: 'business',
  id: 'C-10042',
  name: 'Flottenservice Nord AG',
  address: { lines: ['Hafenweg 3', 'Gebäude B'], postalCode: '20457', city: 'Hamburg', country: 'DE' },
  vatId: 'DE129273398',
  email: 'ap@flotte-nord.example',
  language: 'de',
  timeZone: 'Europe/Berlin',
};

export const foreignBusiness: Customer = {
  kind: 'business',
  id: 'C-20007',
  name: 'Laadpunt Logistiek B.V.',
  address: { lines: ['Kade 17'], postalCode: '1013 AA', city: 'Amsterdam', country: 'NL' },
  vatId: 'NL859048255B01',
  email: 'finance@laadpunt.example',
  language: 'en',
  timeZone: 'Europe/Amsterdam',
};

export const consumer: Customer = {
  kind: 'consumer',
  name: 'Erika Mustermann',
  address: { lines: ['Heidestraße 17'], postalCode: '51147', city: 'Köln', country: 'DE' },
  email: 'erika@example.org',
  language: 'de',
  timeZone: 'Europe/Berlin',
};

/** The invoice's words for a priced part: the fixtures' invoices are German unless a test says otherwise. */
const named = (part: ComponentLabel, language: Language) => componentLabel(part, language);

export function energy(
  quantity: string,
  unitPrice = '0.4900',
  vatRate = '19',
  language: Language = 'de',
): PricedComponentDraft {
  return { description: named('ENERGY', language), quantity, unit: 'kWh', unitPrice, vatRate };
}

export function sessionFee(
  unitPrice = '1.00',
  vatRate = '19',
  language: Language = 'de',
): PricedComponentDraft {
  return { description: named('FLAT', language), quantity: '1', unit: 'session', unitPrice, vatRate };
}

export function idleFee(
  minutes: string,
  unitPrice = '0.10',
  vatRate = '19',
  language: Language = 'de',
): PricedComponentDraft {
  return { description: named('PARKING_TIME', language), quantity: minutes, unit: 'min', unitPrice, vatRate };
}

/** The tariff behind the fixtures' prices: 1.00 per session, 0.49 per kWh, idle 0.10 per minute. */
export const fixtureTariff: Tariff = {
  country_code: 'DE',
  party_id: 'VWK',
  id: 'VWK-AC-2025',
  currency: 'EUR',
  type: 'REGULAR',
  elements: [
    { price_components: [{ type: 'FLAT', price: 1, vat: 19, step_size: 1 }] },
    { price_components: [{ type: 'ENERGY', price: 0.49, vat: 19, step_size: 1 }] },
    { price_components: [{ type: 'PARKING_TIME', price: 6, vat: 19, step_size: 1 }] },
  ],
  last_updated: '2025-01-01T00:00:00Z',
};

/** The tariff's prices in plain words, as the invoice's "Your tariff" block prints them. */
export function tariffWords(language: Language): string[] {
  return describeTariff(fixtureTariff, { language }).lines;
}

export function session(
  n: number,
  components: PricedComponentDraft[],
  extra: Partial<SessionLineDraft> = {},
): SessionLineDraft {
  const day = String(1 + (n % 28)).padStart(2, '0');
  return {
    id: `S-${String(n).padStart(5, '0')}`,
    cdrId: `DE*VWK*CDR${n}`,
    location: { name: `Voltwerk Hub ${1 + (n % 7)}`, address: 'Ladestraße 12, 80331 München' },
    evseId: `DE*VWK*E${1000 + (n % 40)}`,
    chargerId: `CP-${100 + (n % 40)}`,
    start: `2025-03-${day}T08:15:00Z`,
    end: `2025-03-${day}T09:02:30Z`,
    energyKwh: '23.456',
    chargingSeconds: 2400,
    idleSeconds: 450,
    components,
    ...extra,
  };
}

export function draft(extra: Partial<InvoiceDraft> = {}): InvoiceDraft {
  return {
    kind: 'invoice',
    number: 'VW-2025-000123',
    series: 'VW-2025',
    issueDate: '2025-04-01',
    dueDate: '2025-04-15',
    currency: 'EUR',
    issuer,
    customer: businessCustomer,
    lines: [session(1, [energy('23.456'), sessionFee(), idleFee('7.5')])],
    payment: { status: 'open', method: 'bank_transfer' },
    references: { contractId: 'DE-VWK-C12345-6', purchaseOrder: 'PO-7781' },
    tariffSummary: tariffWords('de'),
    ...extra,
  };
}

/** A contract customer's monthly invoice with many sessions (several PDF pages). */
export function contractDraft(sessions: number): InvoiceDraft {
  return draft({
    lines: Array.from({ length: sessions }, (_, i) =>
      session(i + 1, [
        energy(`${10 + (i % 37)}.${String((i * 137) % 1000).padStart(3, '0')}`),
        sessionFee(),
        ...(i % 3 === 0 ? [idleFee(String(5 + (i % 11)))] : []),
      ]),
    ),
  });
}

/** Signed OCMF readings of a session, begin and end, as a German calibration-law charger sends them. */
export function ocmfMeterData(): SignedMeterData {
  return {
    format: 'OCMF',
    meterId: '1ESY1161229886',
    publicKey: '3059301306072A8648CE3D020106082A8648CE3D030107034200043AEEB45C392357820A58FDFB0857BD77',
    publicKeyEncoding: 'hex',
    start: { time: '2025-03-02T09:15:00,000+0100 S', value: '1234.5678', unit: 'kWh', status: 'G' },
    stop: { time: '2025-03-02T10:02:30,000+0100 S', value: '1258.0238', unit: 'kWh', status: 'G' },
    values: [
      {
        context: 'Transaction.Begin',
        signedData:
          'OCMF|{"FV":"1.0","GI":"ABL SBC-301","MS":"1ESY1161229886","RD":[{"TM":"2025-03-02T09:15:00,000+0100 S","TX":"B","RV":1234.5678,"RU":"kWh","ST":"G"}]}|{"SD":"30450221"}',
      },
      {
        context: 'Transaction.End',
        signedData:
          'OCMF|{"FV":"1.0","GI":"ABL SBC-301","MS":"1ESY1161229886","RD":[{"TM":"2025-03-02T10:02:30,000+0100 S","TX":"E","RV":1258.0238,"RU":"kWh","ST":"G"}]}|{"SD":"30460221"}',
      },
    ],
  };
}
