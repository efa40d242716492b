// Securing an ad hoc card payment before the charger is answered: a manual-capture PaymentIntent holds
// the configured amount. A refusal is final for this session: the start is answered Blocked and nobody is
// billed. A Stripe outage is thrown, so Temporal retries while the charger waits for its answer.
//
// stripe-mock answers every PaymentIntent with a fixture status (requires_payment_method) whatever was
// asked. So the hold is judged by what Stripe can only say by *answering*: a decline or a bad request is
// an error; an answer is a hold, unless its status says the card needs the driver (3-D Secure) or the
// PaymentIntent is cancelled. The status is recorded exactly as reported, never upgraded.
import Decimal from 'decimal.js';
import type { Knex } from 'knex';
import type Stripe from 'stripe';
import { appendAudit } from '../../db/repos/auditLog';
import type { CustomerRecord } from '../../db/repos/customers';
import type { PaymentRecord } from '../../db/repos/payments';
import { getSession } from '../../db/repos/sessions';
import { getTariff } from '../../db/repos/tariffs';
import { minorUnitExponent } from '../../money/currency';
import { placeHold, releaseHold } from '../../payments/adHocHold';
import { idempotencyKeyFor, subKey } from '../../payments/idempotencyKey';
import { toMinorUnits } from '../../payments/minorUnits';
import type { PaymentFailure } from '../../payments/paymentResult';
import { customerOfToken } from './invoiceDrafts';
import { logPaymentStep, loggedStep, paymentByKey, recordIntent } from './paymentLog';
import { PaymentUnavailableError } from './paymentUnavailable';

/** How a session is invoiced: its own invoice at the end, the customer's periodic run, or not at all. */
export type SessionBilling = 'per_session' | 'periodic' | 'none';

export interface HeldPayment {
  paymentIntentId: string;
  /** What the settlement may capture without asking Stripe for more. */
  heldMinor: number;
  currency: string;
}

export type SessionPaymentDecision =
  | { outcome: 'accepted'; billing: SessionBilling; hold?: HeldPayment }
  | { outcome: 'refused'; reason: string };

/** What every payment step works with. */
export interface PaymentDeps {
  db: Knex;
  /** Undefined when no Stripe endpoint is configured. */
  stripe: Stripe | undefined;
  now: () => Date;
}

export interface HoldDeps extends PaymentDeps {
  /** CHARGELEDGER_HOLD_AMOUNT, a decimal in the tariff's currency. */
  holdAmount: string;
}

/** The key of a session's hold: one PaymentIntent per session, whatever retries. */
export function holdKeyOf(sessionId: string): string {
  return idempotencyKeyFor(sessionId, 'hold');
}

export function sessionBillingOf(customer: CustomerRecord | undefined): SessionBilling {
  if (!customer) return 'none';
  return customer.billingMode === 'ad_hoc' ? 'per_session' : 'periodic';
}

/** How a driver's session is billed, and whether its start must wait for a card hold. */
export interface SessionPaymentPlan {
  billing: SessionBilling;
  /** An ad hoc driver paying by card: the amount is held before the charger is answered. */
  cardHold: boolean;
}

export function sessionPaymentPlanOf(customer: CustomerRecord | undefined): SessionPaymentPlan {
  const billing = sessionBillingOf(customer);
  return { billing, cardHold: billing === 'per_session' && customer?.paymentMethod === 'card' };
}

/** The configured hold in the currency's minor units, rounded half up to the currency's digits (the one rounding). */
export function holdMinorUnits(amount: string, currency: string): number {
  const exponent = minorUnitExponent(currency);
  return toMinorUnits(
    new Decimal(amount).toDecimalPlaces(exponent, Decimal.ROUND_HALF_UP).toFixed(exponent),
    currency,
  );
}

function describeFailure(failure: PaymentFailure): string {
  const code = [failure.stripeCode, failure.declineCode].filter(Boolean).join('/');
  return `card payment refused (${failure.kind}${code ? `: ${code}` : ''}): ${failure.message}`;
}

/** Statuses after which the hold cannot be used: the driver must act, or it is gone. */
const UNUSABLE = new Set(['action_required', 'canceled']);

function unusableReason(state: string): string {
  return state === 'action_required'
    ? 'the card needs the driver to authenticate (3-D Secure), which a charger cannot ask for'
    : 'the card hold was cancelled';
}

export async function secureSessionPayment(
  deps: HoldDeps,
  sessionId: string,
): Promise<SessionPaymentDecision> {
  const { db } = deps;
  const session = await getSession(db, sessionId);
  if (!session) throw new Error(`session ${sessionId} does not exist yet`);
  const customer = await customerOfToken(db, session.tokenUid);
  const { billing, cardHold } = sessionPaymentPlanOf(customer);
  if (!customer || !cardHold) return { outcome: 'accepted', billing };

  const key = holdKeyOf(sessionId);
  const recorded = await paymentByKey(db, key);
  if (recorded) return decisionOfRecorded(deps, sessionId, recorded, billing);
  if (!deps.stripe)
    return refuse(deps, sessionId, 'card payments are not configured (STRIPE_SECRET_KEY or STRIPE_API_BASE)');
  if (!customer.stripePaymentMethodId)
    return refuse(deps, sessionId, `customer ${customer.id} has no card on file (stripePaymentMethodId)`);

  const tariff = session.tariffId
    ? await getTariff(db, session.tariffId, session.tariffVersion ?? undefined)
    : undefined;
  const currency = tariff?.currency ?? customer.currency;
  const placed = await placeHold(deps.stripe, {
    amountMinor: holdMinorUnits(deps.holdAmount, currency),
    currency,
    customerRef: customer.id,
    paymentMethod: customer.stripePaymentMethodId,
    idempotencyKey: key,
    metadata: { session_id: sessionId },
    ...(customer.stripeCustomerId && { stripeCustomerId: customer.stripeCustomerId }),
  });
  if (!placed.ok) {
    if (placed.failure.retryable) throw new PaymentUnavailableError(placed.failure);
    return refuse(deps, sessionId, describeFailure(placed.failure));
  }
  return decisionOfRecorded(deps, sessionId, await recordIntent(db, placed.value, key), billing);
}

async function decisionOfRecorded(
  deps: HoldDeps,
  sessionId: string,
  payment: PaymentRecord,
  billing: SessionBilling,
): Promise<SessionPaymentDecision> {
  if (UNUSABLE.has(payment.state)) {
    await releaseRecordedHold(deps, payment);
    return refuse(deps, sessionId, unusableReason(payment.state));
  }
  return {
    outcome: 'accepted',
    billing,
    hold: {
      paymentIntentId: payment.paymentIntentId,
      heldMinor: payment.amountMinor,
      currency: payment.currency,
    },
  };
}

/** Cancels a hold nothing will be captured from (a session refused or never rated). Idempotent. */
export async function releaseRecordedHold(deps: PaymentDeps, payment: PaymentRecord): Promise<void> {
  const key = subKey(payment.idempotencyKey, 'release');
  if (loggedStep(payment, key) || payment.state === 'canceled' || !deps.stripe) return;
  const released = await releaseHold(deps.stripe, {
    paymentIntentId: payment.paymentIntentId,
    idempotencyKey: key,
  });
  if (!released.ok && released.failure.retryable) throw new PaymentUnavailableError(released.failure);
  await logPaymentStep(
    deps.db,
    payment.paymentIntentId,
    released.ok
      ? {
          key,
          kind: 'hold_released',
          state: released.value.state,
          data: { stripeStatus: released.value.stripeStatus },
        }
      : { key, kind: 'hold_release_refused', state: payment.state, data: { failure: released.failure } },
    deps.now(),
  );
}

/** The start is answered Blocked: the session row says so (as for a refused token) and the audit log why. */
async function refuse(deps: HoldDeps, sessionId: string, reason: string): Promise<SessionPaymentDecision> {
  await deps
    .db('sessions')
    .where({ id: sessionId })
    .update({
      auth_status: 'Blocked',
      flags: deps.db.raw(`flags || ?::jsonb`, [JSON.stringify({ payment_refused: reason })]),
      updated_at: deps.db.fn.now(),
    });
  await appendAudit(deps.db, {
    actor: 'billing',
    action: 'payment_refused',
    subject: sessionId,
    data: { reason },
    idempotencyKey: `payment_refused:${sessionId}`,
  });
  return { outcome: 'refused', reason };
}
