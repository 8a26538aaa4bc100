import { Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  ERROR_CODES,
  MYSHOPIFY_DOMAIN_RULE,
  ShopifyTarget,
  ShopifyTransportFactory,
  TransportOutcome,
  ValidationFailed,
} from '@shopsync/shared';
import { SHOP_VERIFICATION } from './shop-verification.graphql';

export interface ShopVerification {
  name: string;
  currencyCode: string;
  rateLimits: { maximumAvailable: number; restoreRate: number } | null;
}

const ATTEMPTS = 3;
const TIMEOUT_MS = 10_000;

// Asks the store who it is with the given token: a token Shopify refuses never gets stored.
// Messages name the store and the HTTP status, never the token.
@Injectable()
export class ShopVerifier {
  private readonly logger = new Logger(ShopVerifier.name);

  constructor(private readonly transports: ShopifyTransportFactory) {}

  async verify(target: ShopifyTarget): Promise<ShopVerification> {
    if (!this.transports.endpoints.allows(target.domain))
      throw new ValidationFailed([{ field: 'domain', message: MYSHOPIFY_DOMAIN_RULE }]);
    const transport = this.transports.create(target);
    let last = '';
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const outcome = await transport.send({
        document: SHOP_VERIFICATION,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const verified = this.accept(target, outcome);
      if (verified) {
        this.logger.log({
          msg: 'shop credentials verified',
          domain: target.domain,
          name: verified.name,
          rateLimits: verified.rateLimits,
        });
        return verified;
      }
      last = describeOutcome(outcome);
      if (attempt < ATTEMPTS) await new Promise((r) => setTimeout(r, 500 * attempt));
    }
    throw new DomainError(
      ERROR_CODES.shopifyUnavailable,
      `could not verify the credentials: Shopify at ${target.domain} did not answer (${last}); nothing was stored, try again`,
      'transient',
    );
  }

  // The verification, null for a transient failure worth another try; throws when final.
  private accept(target: ShopifyTarget, outcome: TransportOutcome): ShopVerification | null {
    if (outcome.kind === 'http-error') {
      if (outcome.httpStatus === 401 || outcome.httpStatus === 403)
        throw new DomainError(
          ERROR_CODES.shopifyUnauthorized,
          `Shopify refused the access token for ${target.domain} (HTTP ${outcome.httpStatus}): use the Admin API access token of this store's custom app; nothing was stored`,
          'permanent',
          [{ field: 'accessToken', message: `was refused by ${target.domain}` }],
        );
      if (outcome.httpStatus === 404)
        throw new DomainError(
          ERROR_CODES.shopifyQueryFailed,
          `there is no Shopify Admin API at ${target.domain} (HTTP 404): check the domain; nothing was stored`,
          'permanent',
          [{ field: 'domain', message: 'has no Shopify Admin API' }],
        );
      if (outcome.httpStatus === 429 || outcome.httpStatus >= 500) return null;
      throw new DomainError(
        ERROR_CODES.shopifyQueryFailed,
        `Shopify at ${target.domain} answered ${outcome.message}; nothing was stored`,
      );
    }
    if (outcome.kind === 'network-error') return null;
    if (outcome.errors.some((e) => e.extensions?.code === 'THROTTLED')) return null;
    const shop = (outcome.data as { shop?: { name?: unknown; currencyCode?: unknown } } | null)
      ?.shop;
    if (outcome.errors.length || !shop || typeof shop.name !== 'string')
      throw new DomainError(
        ERROR_CODES.shopifyQueryFailed,
        `Shopify at ${target.domain} did not return the shop: ${outcome.errors.map((e) => e.message).join('; ') || 'no data'}`,
      );
    const status = outcome.cost?.throttleStatus;
    return {
      name: shop.name,
      currencyCode: String(shop.currencyCode),
      rateLimits: status
        ? { maximumAvailable: status.maximumAvailable, restoreRate: status.restoreRate }
        : null,
    };
  }
}

function describeOutcome(outcome: TransportOutcome): string {
  if (outcome.kind === 'http-error') return outcome.message;
  if (outcome.kind === 'network-error') return outcome.message;
  return outcome.errors.map((e) => e.message).join('; ') || 'no data';
}
