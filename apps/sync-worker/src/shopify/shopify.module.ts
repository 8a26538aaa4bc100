import { DynamicModule, Module } from '@nestjs/common';
import { CLOCK, ShopsRepository, SystemClock } from '@shopsync/shared';
import type { ShopifyClientSettings } from '../config/worker-env';
import { SHOPIFY_CLIENT_SETTINGS, SHOPIFY_TIMER } from './shopify-client.settings';
import { ShopifyCallLogRetention } from './shopify-call-log.retention';
import { ShopifyCallLogWriter } from './shopify-call-log.writer';
import { ShopifyClientFactory } from './shopify-client.factory';
import { realTimer } from './timer';

// The Shopify client for task handlers: the run context builds it (`ctx.shopify()`) through
// ShopifyClientFactory.forLoadedShop from the shop it loaded. Needs DatabaseModule and ShopifyAccessModule
// (both global) for the shops, their credentials and the route to each shop.
@Module({})
export class ShopifyModule {
  static forRoot(settings: ShopifyClientSettings): DynamicModule {
    return {
      module: ShopifyModule,
      providers: [
        { provide: SHOPIFY_CLIENT_SETTINGS, useValue: settings },
        { provide: SHOPIFY_TIMER, useValue: realTimer },
        { provide: CLOCK, useClass: SystemClock },
        ShopsRepository,
        ShopifyCallLogWriter,
        ShopifyCallLogRetention,
        ShopifyClientFactory,
      ],
      exports: [ShopifyClientFactory, ShopifyCallLogWriter],
    };
  }
}
