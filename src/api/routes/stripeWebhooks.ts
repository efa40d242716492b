// POST /v1/webhooks/stripe: Stripe's word on payments (succeeded, failed, cancelled, refunded), applied
// to the payments log and the invoices they pay, once per event id. Authenticated by Stripe's signature
// over the raw body (STRIPE_WEBHOOK_SECRET), not by an API key: a bad or missing signature is a 400 and
// changes nothing. Stripe retries until it gets a 2xx, and a redelivered event is a no-op.
import { Type } from '@sinclair/typebox';
import { applyPaymentUpdate } from '../../billing/paymentUpdates';
import { paymentUpdateOf } from '../../payments/paymentUpdate';
import { verifyStripeWebhook } from '../../payments/webhookSignature';
import { ApiError } from '../apiError';
import type { ApiApp, ApiContext } from '../apiContext';
import { errorResponses } from '../schemas/errors';

export function stripeWebhookRoutes(app: ApiApp, ctx: ApiContext): void {
  // In a scope of its own: only this route reads its JSON as the raw bytes the signature covers.
  app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      '/v1/webhooks/stripe',
      {
        schema: {
          tags: ['webhooks'],
          operationId: 'stripeWebhook',
          summary: 'Stripe webhook endpoint',
          description:
            'Point a Stripe webhook endpoint here (events payment_intent.succeeded, ' +
            'payment_intent.payment_failed, payment_intent.canceled, charge.refunded). Verified by the ' +
            '`Stripe-Signature` header with STRIPE_WEBHOOK_SECRET; 400 when it does not verify. Other ' +
            'event types are acknowledged and ignored.',
          security: [],
          response: {
            200: Type.Object(
              {
                received: Type.Literal(true),
                outcome: Type.String({ description: 'applied, duplicate or ignored' }),
                invoiceStatus: Type.Optional(Type.String()),
                reason: Type.Optional(Type.String()),
              },
              { description: 'The event was verified (and applied, or already applied, or not ours).' },
            ),
            ...errorResponses(503),
          },
        },
      },
      async (request) => {
        const secret = ctx.billing?.stripeWebhookSecret;
        if (!secret)
          throw new ApiError(
            'unavailable',
            'STRIPE_WEBHOOK_SECRET is not configured: webhooks cannot be verified',
          );
        const signature = request.headers['stripe-signature'];
        const verified = verifyStripeWebhook(
          request.body as Buffer,
          typeof signature === 'string' ? signature : undefined,
          secret,
        );
        if (!verified.ok) throw new ApiError('malformed_request', `Stripe signature: ${verified.reason}`);
        const outcome = await applyPaymentUpdate(ctx.db, paymentUpdateOf(verified.event));
        return {
          received: true as const,
          outcome: outcome.outcome,
          ...(outcome.outcome === 'applied' &&
            outcome.invoiceStatus && { invoiceStatus: outcome.invoiceStatus }),
          ...(outcome.outcome === 'ignored' && { reason: outcome.reason }),
        };
      },
    );
  });
}
