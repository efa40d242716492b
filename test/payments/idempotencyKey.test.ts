import { idempotencyKeyFor, subKey } from '../../src/payments/idempotencyKey';

describe('idempotencyKeyFor', () => {
  it('is the same for the same workflow and step, whatever the attempt', () => {
    const first = idempotencyKeyFor('session/CP-1/42', 'capture');
    expect(idempotencyKeyFor('session/CP-1/42', 'capture')).toBe(first);
    expect(first).toBe('chargeledger:session%2FCP-1%2F42:capture');
  });

  it('differs between steps and workflows, with no ambiguity at the separator', () => {
    const keys = [
      idempotencyKeyFor('wf-1', 'hold'),
      idempotencyKeyFor('wf-1', 'capture'),
      idempotencyKeyFor('wf-2', 'hold'),
      idempotencyKeyFor('a:b', 'c'),
      idempotencyKeyFor('a', 'b:c'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("stays within Stripe's 255 characters by hashing long ids, deterministically", () => {
    const key = idempotencyKeyFor('w'.repeat(300), 'capture');
    expect(key).toMatch(/^chargeledger:sha256:[0-9a-f]{64}$/);
    expect(idempotencyKeyFor('w'.repeat(300), 'capture')).toBe(key);
    expect(idempotencyKeyFor('w'.repeat(300), 'refund')).not.toBe(key);
  });

  it('refuses empty parts', () => {
    expect(() => idempotencyKeyFor('', 'hold')).toThrow(/workflowId is empty/);
    expect(() => idempotencyKeyFor('wf', '')).toThrow(/step is empty/);
  });

  it('derives distinct, stable sub-keys', () => {
    const key = idempotencyKeyFor('wf-1', 'settle');
    expect(subKey(key, 'capture')).toBe(subKey(key, 'capture'));
    expect(subKey(key, 'capture')).not.toBe(subKey(key, 'increment'));
    expect(subKey('k'.repeat(255), 'capture').length).toBeLessThanOrEqual(255);
  });
});
