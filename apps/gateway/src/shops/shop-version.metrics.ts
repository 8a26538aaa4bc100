import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  apiVersionMismatch,
  apiVersionSupport,
  CLOCK,
  Clock,
  MetricsService,
  ShopsRepository,
} from '@shopsync/shared';

// Per shop, read from the shop rows at scrape time: whether Shopify serves another version
// than the configured one (stored by the gateway's verifier and the workers' clients), and
// how many days the configured version has left in support.
@Injectable()
export class ShopVersionMetrics {
  constructor(
    shops: ShopsRepository,
    @Inject(CLOCK) clock: Clock,
    @Optional() metrics?: MetricsService,
  ) {
    if (!metrics) return;
    metrics.gauge(
      'shopsync_shopify_api_version_mismatch',
      'Shopify serves another Admin API version than the shop is configured for (1) or not (0)',
      ['shop', 'configured', 'served'],
      async (g) => {
        g.reset();
        for (const s of await shops.list())
          g.set(
            { shop: s.code, configured: s.apiVersion, served: s.apiVersionServed ?? '' },
            apiVersionMismatch(s.apiVersion, s.apiVersionServed) ? 1 : 0,
          );
      },
    );
    metrics.gauge(
      'shopsync_shopify_api_version_support_days',
      "Days until the shop's configured Admin API version leaves support (negative: it has)",
      ['shop', 'configured'],
      async (g) => {
        g.reset();
        const now = clock.now();
        for (const s of await shops.list()) {
          const days = apiVersionSupport(s.apiVersion, now).daysLeft;
          if (days !== null) g.set({ shop: s.code, configured: s.apiVersion }, days);
        }
      },
    );
  }
}
