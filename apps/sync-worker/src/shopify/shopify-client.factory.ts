import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  apiLogMode,
  ApiVersionWatch,
  CLOCK,
  Clock,
  DomainError,
  ERROR_CODES,
  ShopCredentials,
  ShopEntity,
  ShopifyTransport,
  ShopifyTransportFactory,
  ShopsRepository,
} from '@shopsync/shared';
import type { ShopifyClientSettings } from '../config/worker-env';
import { BucketLimits, PLAN_LIMITS, ShopCostLimiter } from './cost-limiter';
import { ShopifyCallLogWriter } from './shopify-call-log.writer';
import { LimitedShopifyClient, ShopifyGraphql } from './shopify-graphql';
import { SHOPIFY_CLIENT_SETTINGS, SHOPIFY_TIMER } from './shopify-client.settings';
import { Timer } from './timer';

// Hands task handlers a client for their job's shop: the shop and its token are read fresh per
// job (a token changed over the API applies to the next job), the cost limiter is one per shop
// for the life of the process (every job of the shop shares the bucket), the counters are per
// job.
@Injectable()
export class ShopifyClientFactory {
  private readonly limiters = new Map<string, ShopCostLimiter>();
  private readonly transports = new Map<
    string,
    { fingerprint: string; transport: ShopifyTransport }
  >();
  private readonly versions: ApiVersionWatch;

  constructor(
    private readonly shops: ShopsRepository,
    private readonly credentials: ShopCredentials,
    private readonly transportFactory: ShopifyTransportFactory,
    private readonly callLog: ShopifyCallLogWriter,
    @Inject(SHOPIFY_CLIENT_SETTINGS) private readonly settings: ShopifyClientSettings,
    @Inject(SHOPIFY_TIMER) private readonly timer: Timer,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.versions = new ApiVersionWatch(clock);
  }

  async forShop(
    shopId: string,
    options: { jobId?: string; signal?: AbortSignal } = {},
  ): Promise<ShopifyGraphql> {
    return this.forLoadedShop(await this.shops.getById(shopId), options);
  }

  // For a shop row the caller has just read (a job's run context loads it once).
  forLoadedShop(
    shop: ShopEntity,
    options: { jobId?: string; signal?: AbortSignal; task?: string } = {},
  ): ShopifyGraphql {
    const settings = this.settings;
    return new LimitedShopifyClient({
      shop: { id: shop.id, code: shop.code, domain: shop.domain },
      jobId: options.jobId ?? null,
      task: options.task,
      transport: this.transportFor(shop),
      limiter: this.limiterFor(shop),
      timer: this.timer,
      callLog: this.callLog,
      logMode: apiLogMode(shop.settings),
      requestTimeoutMs: settings.requestTimeoutMs,
      maxRetries: settings.maxRetries,
      signal: options.signal,
      onServedVersion: (served) => this.servedVersion(shop, served),
    });
  }

  // Warned once per shop and version; stored on the shop when it changes (the shop view and
  // the gateway's mismatch gauge read it there).
  private servedVersion(shop: ShopEntity, served: string): void {
    if (!this.versions.observe(shop, served) || shop.apiVersionServed === served) return;
    shop.apiVersionServed = served;
    void this.shops.update(shop.id, { apiVersionServed: served }).catch(() => undefined);
  }

  private transportFor(shop: ShopEntity): ShopifyTransport {
    // Rows written before the domain rule may name any host; the token goes only where a shop
    // lives or where configuration routes it.
    if (!this.transportFactory.endpoints.allows(shop.domain))
      throw new DomainError(
        ERROR_CODES.shopDomainRefused,
        `shop '${shop.code}' has the domain '${shop.domain}', which is not a myshopify.com domain and is not routed by SHOPIFY_ENDPOINT_OVERRIDES: register the shop again with its myshopify.com domain and a token`,
        'permanent',
      );
    const accessToken = this.credentials.accessToken(shop);
    const fingerprint = createHash('sha256')
      .update(`${shop.domain}\n${shop.apiVersion}\n${accessToken}`)
      .digest('hex');
    const known = this.transports.get(shop.id);
    if (known?.fingerprint === fingerprint) return known.transport;
    const transport = this.transportFactory.create({
      domain: shop.domain,
      apiVersion: shop.apiVersion,
      accessToken,
    });
    this.transports.set(shop.id, { fingerprint, transport });
    return transport;
  }

  private limiterFor(shop: ShopEntity): ShopCostLimiter {
    let limiter = this.limiters.get(shop.id);
    if (!limiter) {
      limiter = new ShopCostLimiter(limitsOf(shop), this.timer, this.settings.limiterTimeScale);
      this.limiters.set(shop.id, limiter);
    }
    return limiter;
  }
}

// Until Shopify reports them, the limits recorded when the token was verified, or the plan's.
function limitsOf(shop: ShopEntity): BucketLimits {
  const recorded = shop.rateLimits;
  if (recorded && recorded.maximumAvailable > 0 && recorded.restoreRate > 0)
    return { maximumAvailable: recorded.maximumAvailable, restoreRate: recorded.restoreRate };
  return PLAN_LIMITS[shop.plan] ?? PLAN_LIMITS.standard;
}
