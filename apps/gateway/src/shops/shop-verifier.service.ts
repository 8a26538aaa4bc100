import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ApiVersionWatch,
  CLOCK,
  Clock,
  classifyShopifyOutcome,
  DomainError,
  ERROR_CODES,
  MYSHOPIFY_DOMAIN_RULE,
  ShopifyOutcome,
  ShopifyTarget,
  ShopifyTransportFactory,
  ValidationFailed,
  withShopifyRetry,
} from '@shopsync/shared';
import { SHOP_VERIFICATION } from './shop-verification.graphql';

export interface ShopVerification {
  name: string;
  currencyCode: string;
  rateLimits: { maximumAvailable: number; restoreRate: number } | null;
  // The installation's granted scopes; null when Shopify did not report them.
  accessScopes: string[] | null;
  // The version Shopify served (`X-Shopify-API-Version`); null when it did not say.
  apiVersionServed: string | null;
}

const ATTEMPTS = 3;
const TIMEOUT_MS = 10_000;

// Asks the store who it is with the given token: a token Shopify refuses never gets stored.
@Injectable()
export class ShopVerifier {
  private readonly logger = new Logger(ShopVerifier.name);
  private readonly versions: ApiVersionWatch;

  constructor(
    private readonly transports: ShopifyTransportFactory,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.versions = new ApiVersionWatch(clock);
  }

  async verify(target: ShopifyTarget): Promise<ShopVerification> {
    if (!this.transports.endpoints.allows(target.domain))
      throw new ValidationFailed([{ field: 'domain', message: MYSHOPIFY_DOMAIN_RULE }]);
    const transport = this.transports.create(target);
    let served: string | undefined;
    const { outcome } = await withShopifyRetry(
      async () => {
        const answer = await transport.send({
          document: SHOP_VERIFICATION,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        if (answer.kind !== 'network-error') served = answer.apiVersion;
        return classifyShopifyOutcome(answer);
      },
      { maxAttempts: ATTEMPTS },
    );
    const verified = { ...this.accept(target, outcome), apiVersionServed: served ?? null };
    this.versions.observe({ code: target.domain, apiVersion: target.apiVersion }, served);
    this.logger.log({
      msg: 'shop credentials verified',
      domain: target.domain,
      name: verified.name,
      rateLimits: verified.rateLimits,
      accessScopes: verified.accessScopes,
      apiVersionServed: verified.apiVersionServed,
    });
    return verified;
  }

  // The verification, or the error that says why there is none. Messages name the store and
  // the HTTP status, never the token.
  private accept(
    target: ShopifyTarget,
    outcome: ShopifyOutcome,
  ): Omit<ShopVerification, 'apiVersionServed'> {
    switch (outcome.kind) {
      case 'unauthorized':
        throw new DomainError(
          ERROR_CODES.shopifyUnauthorized,
          `Shopify refused the access token for ${target.domain} (HTTP ${outcome.httpStatus}): use the Admin API access token of this store's custom app; nothing was stored`,
          'permanent',
          [{ field: 'accessToken', message: `was refused by ${target.domain}` }],
        );
      case 'throttled':
      case 'transient':
        throw new DomainError(
          ERROR_CODES.shopifyUnavailable,
          `could not verify the credentials: Shopify at ${target.domain} did not answer (${outcome.message}); nothing was stored, try again`,
          'transient',
        );
      case 'permanent':
        if (outcome.httpStatus === 404)
          throw new DomainError(
            ERROR_CODES.shopifyQueryFailed,
            `there is no Shopify Admin API at ${target.domain} (HTTP 404): check the domain; nothing was stored`,
            'permanent',
            [{ field: 'domain', message: 'has no Shopify Admin API' }],
          );
        throw new DomainError(
          ERROR_CODES.shopifyQueryFailed,
          outcome.httpStatus === undefined
            ? `Shopify at ${target.domain} did not return the shop: ${outcome.message}`
            : `Shopify at ${target.domain} answered ${outcome.message}; nothing was stored`,
        );
    }
    const data = outcome.data as {
      shop?: { name?: unknown; currencyCode?: unknown };
      currentAppInstallation?: { accessScopes?: Array<{ handle?: unknown }> };
    } | null;
    const shop = data?.shop;
    if (!shop || typeof shop.name !== 'string')
      throw new DomainError(
        ERROR_CODES.shopifyQueryFailed,
        `Shopify at ${target.domain} did not return the shop: no data`,
      );
    const status = outcome.kind === 'success' ? outcome.cost?.throttleStatus : undefined;
    return {
      name: shop.name,
      currencyCode: String(shop.currencyCode),
      rateLimits: status
        ? { maximumAvailable: status.maximumAvailable, restoreRate: status.restoreRate }
        : null,
      accessScopes: scopesOf(data?.currentAppInstallation?.accessScopes),
    };
  }
}

function scopesOf(scopes: Array<{ handle?: unknown }> | undefined): string[] | null {
  if (!Array.isArray(scopes)) return null;
  return scopes
    .map((s) => s?.handle)
    .filter((h): h is string => typeof h === 'string')
    .sort();
}
