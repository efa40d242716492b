// Idempotency keys for Stripe's mutating calls. A key is derived from what identifies the business step
// (the workflow id and the step's name), never from the attempt number, so a Temporal activity retry
// sends the same key and Stripe answers with the first result instead of charging twice.
import { createHash } from 'node:crypto';

/** Stripe's limit on the Idempotency-Key header. */
const MAX_KEY_LENGTH = 255;

/**
 * "chargeledger:<workflowId>:<step>", each part percent-encoded so that no two (workflowId, step) pairs
 * give the same key ("a:b" + "c" differs from "a" + "b:c"). Keys that would exceed Stripe's 255
 * characters become "chargeledger:sha256:<hex>" of the readable form.
 */
export function idempotencyKeyFor(workflowId: string, step: string): string {
  if (!workflowId) throw new Error('idempotencyKeyFor: workflowId is empty');
  if (!step) throw new Error('idempotencyKeyFor: step is empty');
  return bounded(`chargeledger:${encodeURIComponent(workflowId)}:${encodeURIComponent(step)}`);
}

/**
 * A key for one of several Stripe calls made under one caller-supplied key (increment, then capture).
 * The suffix is a fixed word, so the result is as deterministic as the key it extends.
 */
export function subKey(idempotencyKey: string, part: string): string {
  return bounded(`${idempotencyKey}/${part}`);
}

function bounded(key: string): string {
  if (key.length <= MAX_KEY_LENGTH) return key;
  return `chargeledger:sha256:${createHash('sha256').update(key).digest('hex')}`;
}
