// How billing refuses work: bad input names the record and JSON path at fault; a reused idempotency
// key with different content and a CDR that is already billed are errors of their own, so callers
// (Temporal activities) can treat them as final rather than retry.
import type { InputIssue } from '../invoice/errors';

/** Input billing cannot turn into an invoice (unrated CDR, mixed currencies, unknown line, …). */
export class BillingInputError extends Error {
  override name = 'BillingInputError';
  constructor(
    readonly what: string,
    readonly issues: InputIssue[],
  ) {
    super(`${what}: ${issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ')}`);
  }
}

/** The idempotency key was used before for a different request. */
export class IdempotencyConflictError extends Error {
  override name = 'IdempotencyConflictError';
  constructor(
    readonly idempotencyKey: string,
    readonly existingNumber: string,
  ) {
    super(
      `idempotency key ${JSON.stringify(idempotencyKey)} already issued ${existingNumber} for a different request`,
    );
  }
}

/** A CDR is already on another document of the same kind. */
export class AlreadyBilledError extends Error {
  override name = 'AlreadyBilledError';
  constructor(
    readonly cdrIds: string[],
    kind: string,
  ) {
    super(`CDR ${cdrIds.join(', ')} is already on another ${kind.replace('_', ' ')}`);
  }
}
