import { createHash } from 'node:crypto';
import { ShopState } from './shop-state';

// Idempotency keys as Shopify applies them to @idempotent mutations: the first call with a key
// runs and its outcome is remembered; a repeat with the same input replays that outcome without
// applying anything; a repeat with a different input is refused.

export type IdempotentOutcome<T> =
  { kind: 'fresh'; payload: T } | { kind: 'replay'; payload: T } | { kind: 'mismatch' };

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function hashInput(input: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(input)))
    .digest('hex');
}

export function runIdempotent<T>(
  shop: ShopState,
  mutation: string,
  key: string,
  input: unknown,
  run: () => T,
): IdempotentOutcome<T> {
  const mapKey = `${mutation}:${key}`;
  const inputHash = hashInput(input);
  const seen = shop.idempotency.get(mapKey);
  if (seen) {
    if (seen.inputHash !== inputHash) {
      seen.mismatches += 1;
      return { kind: 'mismatch' };
    }
    seen.replays += 1;
    return { kind: 'replay', payload: seen.payload as T };
  }
  const payload = run();
  shop.idempotency.set(mapKey, {
    key,
    mutation,
    inputHash,
    firstSeenAt: shop.now(),
    replays: 0,
    mismatches: 0,
    payload,
  });
  return { kind: 'fresh', payload };
}
