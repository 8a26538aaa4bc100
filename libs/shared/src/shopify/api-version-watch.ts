import { Logger } from '@nestjs/common';
import type { Clock } from '../clock/clock';
import { apiVersionMismatch, apiVersionSupport } from './api-version-support';

export interface WatchedShop {
  code: string;
  apiVersion: string;
}

// Warns, once per shop and version pair per process, when Shopify serves another version than
// the configured one or the configured one is close to leaving support. The caller stores the
// served version (the shop view and the mismatch gauge read it from the shop row).
export class ApiVersionWatch {
  private readonly warned = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly logger = new Logger('ShopifyApiVersion'),
  ) {}

  // True the first time this shop is seen served this version (worth storing).
  observe(shop: WatchedShop, served: string | undefined): boolean {
    const key = `${shop.code}\n${shop.apiVersion}\n${served ?? ''}`;
    if (this.warned.has(key)) return false;
    this.warned.add(key);
    if (this.warned.size > 10_000) this.warned.clear();
    if (apiVersionMismatch(shop.apiVersion, served))
      this.logger.warn({
        msg: 'Shopify served another API version than configured',
        shop: shop.code,
        configured: shop.apiVersion,
        served,
        hint: 'the configured version is not served: set a supported apiVersion on the shop',
      });
    const support = apiVersionSupport(shop.apiVersion, this.clock.now());
    if (support.endingSoon)
      this.logger.warn({
        msg: support.unsupported
          ? 'the configured Shopify API version is no longer supported'
          : 'the configured Shopify API version leaves support soon',
        shop: shop.code,
        configured: shop.apiVersion,
        supportedUntil: support.supportedUntil?.toISOString().slice(0, 10),
        daysLeft: support.daysLeft,
      });
    return served !== undefined;
  }
}
