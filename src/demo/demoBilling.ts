// The demo's billing: an issuer, a driver without contract who pays per session, and the demo card
// linked to the driver. With stripe-mock running the driver pays by card (a Stripe test card, held at
// start and captured at the end); without it there is no card to charge, so the driver is invoiced for
// bank transfer and the demo says the card payment was not attempted. Idempotent.
import type { Knex } from 'knex';
import { linkTokenToCustomer, upsertCustomer, upsertIssuer } from '../db';
import { DEMO_TIME_ZONE, DEMO_TOKEN } from './demoSite';

export const DEMO_ISSUER = 'demo-cpo';
export const DEMO_CUSTOMER = 'DRIVER-0001';
export const DEMO_DRIVER_EMAIL = 'alex.driver@example.org';

export async function seedDemoBilling(db: Knex, options: { card: boolean }): Promise<void> {
  await upsertIssuer(db, {
    id: DEMO_ISSUER,
    name: 'Kantstrom Laden GmbH',
    addressLines: ['Kantstraße 1'],
    postalCode: '10623',
    city: 'Berlin',
    country: 'DE',
    vatId: 'DE811907980',
    legalRegistration: 'HRB 123456 B, Amtsgericht Charlottenburg',
    email: 'billing@kantstrom.example',
    iban: 'DE89 3704 0044 0532 0130 00',
    bic: 'COBADEFFXXX',
    bankName: 'Commerzbank',
    legalInfo: ['Geschäftsführung: Erika Beispiel'],
    language: 'en',
    timeZone: DEMO_TIME_ZONE,
    currency: 'EUR',
  });
  await upsertCustomer(db, {
    id: DEMO_CUSTOMER,
    issuerId: DEMO_ISSUER,
    kind: 'consumer',
    name: 'Alex Driver',
    addressLines: ['Savignyplatz 5'],
    postalCode: '10623',
    city: 'Berlin',
    country: 'DE',
    email: DEMO_DRIVER_EMAIL,
    language: 'en',
    timeZone: DEMO_TIME_ZONE,
    currency: 'EUR',
    billingMode: 'ad_hoc',
    ...(options.card
      ? { paymentMethod: 'card', stripeCustomerId: 'cus_demo_driver', stripePaymentMethodId: 'pm_card_visa' }
      : { paymentMethod: 'bank_transfer', stripeCustomerId: null, stripePaymentMethodId: null }),
  });
  await linkTokenToCustomer(db, DEMO_TOKEN, DEMO_CUSTOMER);
}
