// How the billing routes answer when billing refuses: bad input → 422 naming each field, a key reused
// for another request or a CDR billed elsewhere → 409. Failures come straight from src/billing and
// src/export, or from a billing workflow whose activity failed for good (its ApplicationFailure carries
// the error's name as type and its message).
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import { AlreadyBilledError, BillingInputError, IdempotencyConflictError } from '../../billing/errors';
import { InvalidRecordError } from '../../db/values';
import { ExportInputError } from '../../export/exportErrors';
import { InvoiceInputError } from '../../invoice/errors';
import { ApiError } from '../apiError';

const INVALID = new Set(['BillingInputError', 'InvoiceInputError', 'InvalidRecordError', 'ExportInputError']);
const CONFLICTING = new Set(['IdempotencyConflictError', 'AlreadyBilledError']);

function fromError(error: unknown): ApiError | undefined {
  if (
    error instanceof BillingInputError ||
    error instanceof InvoiceInputError ||
    error instanceof ExportInputError
  ) {
    return new ApiError(
      'validation_failed',
      error.message,
      error.issues.map((issue) => ({ path: issue.path, message: issue.message })),
    );
  }
  if (error instanceof InvalidRecordError) {
    return new ApiError('validation_failed', error.message, [{ path: error.field, message: error.message }]);
  }
  if (error instanceof IdempotencyConflictError || error instanceof AlreadyBilledError) {
    return new ApiError('conflict', error.message);
  }
  if (error instanceof WorkflowFailedError) {
    const failure = error.cause?.cause instanceof ApplicationFailure ? error.cause.cause : error.cause;
    if (failure instanceof ApplicationFailure && failure.type) {
      if (INVALID.has(failure.type)) return new ApiError('validation_failed', failure.message);
      if (CONFLICTING.has(failure.type)) return new ApiError('conflict', failure.message);
    }
  }
  return undefined;
}

/** Runs a route's billing work; billing refusals become the API's error answers. */
export async function answeringBillingErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw fromError(error) ?? error;
  }
}
