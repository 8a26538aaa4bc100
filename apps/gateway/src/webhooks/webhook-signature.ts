import { createHmac, timingSafeEqual } from 'node:crypto';

// Shopify signs the raw body: base64(HMAC-SHA256(body, app secret)). Compared in constant time;
// anything that is not a 32-byte base64 digest fails without a comparison.
export function isValidShopifySignature(
  rawBody: Buffer,
  signature: string | undefined,
  secret: string,
): boolean {
  if (!signature) return false;
  const provided = Buffer.from(signature, 'base64');
  if (provided.length !== 32 || provided.toString('base64') !== signature.trim()) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(expected, provided);
}
