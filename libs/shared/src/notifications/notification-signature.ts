import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-shopsync-signature';
export const TIMESTAMP_HEADER = 'x-shopsync-timestamp';
export const EVENT_HEADER = 'x-shopsync-event';
export const DELIVERY_HEADER = 'x-shopsync-delivery';
const SCHEME = 'v1';

// A new endpoint secret: 32 random bytes, shown once at creation.
export function newNotificationSecret(): string {
  return `nsec_${randomBytes(32).toString('base64url')}`;
}

// HMAC-SHA256 over `<timestamp>.<body>` (timestamp in Unix seconds, body the exact bytes sent),
// hex, as the signature header carries it: `v1=<hex>`. Binding the timestamp into the MAC lets
// a receiver refuse a replayed delivery by its age.
export function signNotification(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `${SCHEME}=${mac}`;
}

export interface SignatureCheck {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: string;
  nowSeconds: number;
  toleranceSeconds?: number;
}

// What a receiver does (README, "Notifications"): the timestamp must be recent and the MAC
// must match, compared in constant time. Returns why it refuses, or null when it is genuine.
export function notificationRefusal(check: SignatureCheck): string | null {
  const tolerance = check.toleranceSeconds ?? 300;
  const ts = Number(check.timestamp);
  if (!check.timestamp || !Number.isInteger(ts)) return 'no timestamp';
  if (Math.abs(check.nowSeconds - ts) > tolerance) return 'timestamp outside the tolerance';
  const expected = Buffer.from(signNotification(check.secret, ts, check.body));
  const given = Buffer.from(check.signature ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return 'signature does not match';
  return null;
}

// What an endpoint's sealed secret is bound to: it opens for that endpoint only.
export function notificationSecretContext(endpointId: string): string {
  return `notification:${endpointId}:secret`;
}
