// Structural validation of an InvoiceDraft with errors that name the JSON path at fault.
// Business rules that need amounts (EN 16931 BR-*) are checked in computeInvoice.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { isKnownCurrency } from '../money/currency';
import { parseInstant } from '../tariff/time/instant';
import { InvoiceInputError, jsonPath } from './errors';
import type { InvoiceDraft } from './types';

const text = z.string().trim().min(1, { error: 'must not be empty' });
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, { error: 'expected a decimal string like "12.34"' });
const nonNegativeDecimal = z
  .string()
  .regex(/^\d+(\.\d+)?$/, { error: 'expected a non-negative decimal string' });
const isoDate = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid, {
    error: 'expected a calendar date "YYYY-MM-DD"',
  });
const instant = z.string().refine(
  (value) =>
    /(Z|[+-]\d{2}:?\d{2})$/.test(value) &&
    // the fast reader takes the common forms; luxon the rest of ISO 8601
    (parseInstant(value) !== undefined || DateTime.fromISO(value).isValid),
  { error: 'expected an ISO 8601 instant with offset, e.g. "2025-03-01T10:00:00Z"' },
);
/** Zone names found valid; a handful in practice (asking Intl costs tens of microseconds). */
const validZones = new Set<string>();
const timeZone = z.string().refine(
  (zone) => {
    if (validZones.has(zone)) return true;
    const valid = DateTime.local().setZone(zone).isValid;
    if (valid && validZones.size < 1_000) validZones.add(zone);
    return valid;
  },
  { error: 'expected an IANA time zone, e.g. "Europe/Berlin"' },
);
const country = z.string().regex(/^[A-Z]{2}$/, { error: 'expected an ISO 3166-1 alpha-2 code, e.g. "DE"' });
const seconds = z.number().int({ error: 'expected whole seconds' }).nonnegative();
const language = z.enum(['en', 'de']);

const address = z.strictObject({
  lines: z.array(text).min(1, { error: 'needs at least the street line' }),
  postalCode: text,
  city: text,
  country,
});

const partyFields = {
  name: text,
  address,
  vatId: text.optional(),
  taxRegistration: text.optional(),
  legalRegistration: text.optional(),
  email: z.email().optional(),
  phone: text.optional(),
  language: language.optional(),
  timeZone: timeZone.optional(),
};

const issuer = z.strictObject({
  ...partyFields,
  iban: z
    .string()
    .regex(/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/, { error: 'expected an IBAN without spaces' })
    .optional(),
  bic: z
    .string()
    .regex(/^[A-Z0-9]{8}([A-Z0-9]{3})?$/, { error: 'expected an 8 or 11 character BIC' })
    .optional(),
  bankName: text.optional(),
  contactName: text.optional(),
  legalInfo: z.array(text).optional(),
});

const customer = z.strictObject({
  ...partyFields,
  kind: z.enum(['business', 'consumer']),
  id: text.optional(),
});

const signedReading = z.strictObject({ time: text, value: text, unit: text, status: text.optional() });

const signedMeterData = z.strictObject({
  format: text,
  meterId: text.optional(),
  publicKey: text.optional(),
  publicKeyEncoding: z.enum(['hex', 'base64', 'plain']).optional(),
  start: signedReading.optional(),
  stop: signedReading.optional(),
  values: z.array(z.strictObject({ context: text, signedData: text })).min(1),
});

const component = z.strictObject({
  description: text,
  quantity: decimal,
  unit: z.enum(['kWh', 'h', 'min', 'session']),
  unitPrice: nonNegativeDecimal,
  exactAmount: decimal.optional(),
  vatRate: nonNegativeDecimal,
  vatCategory: z.enum(['S', 'Z', 'E', 'AE']).optional(),
  vatExemptionReason: text.optional(),
});

const sessionLine = z.strictObject({
  id: text,
  cdrId: text.optional(),
  location: z.strictObject({ name: text, address: text.optional() }),
  evseId: text,
  chargerId: text.optional(),
  start: instant,
  end: instant,
  energyKwh: decimal,
  chargingSeconds: seconds,
  idleSeconds: seconds,
  components: z.array(component).min(1, { error: 'a session needs at least one priced component' }),
  signedMeterData: signedMeterData.optional(),
});

const draftSchema = z.strictObject({
  kind: z.enum(['invoice', 'credit_note']),
  number: text,
  series: text.optional(),
  issueDate: isoDate,
  dueDate: isoDate.optional(),
  taxPointDate: isoDate.optional(),
  servicePeriod: z.strictObject({ start: isoDate, end: isoDate }).optional(),
  currency: z.string().refine(isKnownCurrency, { error: 'expected an ISO 4217 currency code, e.g. "EUR"' }),
  timeZone: timeZone.optional(),
  issuer,
  customer,
  vatTreatment: z.enum(['domestic', 'reverse_charge']).optional(),
  lines: z.array(sessionLine).min(1, { error: 'an invoice needs at least one session line (BR-16)' }),
  payment: z.strictObject({
    status: z.enum(['paid', 'open', 'failed']),
    method: z.enum(['card', 'bank_transfer']),
    reference: text.optional(),
    cardLast4: z
      .string()
      .regex(/^\d{4}$/, { error: 'expected the last 4 digits only (never a full card number)' })
      .optional(),
    cardBrand: text.optional(),
    cardHolder: text.optional(),
  }),
  references: z
    .strictObject({
      contractId: text.optional(),
      purchaseOrder: text.optional(),
      buyerReference: text.optional(),
    })
    .optional(),
  creditedInvoice: z.strictObject({ number: text, issueDate: isoDate }).optional(),
  selfBilled: z.boolean().optional(),
  notes: z.array(text).optional(),
  tariffSummary: z.array(text).optional(),
}) satisfies z.ZodType<InvoiceDraft>;

/** Checks the draft's shape and field formats; throws InvoiceInputError naming each bad field. */
export function parseInvoiceDraft(input: unknown): InvoiceDraft {
  const result = draftSchema.safeParse(input);
  if (result.success) return result.data;
  throw new InvoiceInputError(
    'invalid invoice draft',
    result.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message })),
  );
}
