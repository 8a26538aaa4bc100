import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { HealthController, JobsModule, MetricsController } from '@shopsync/shared';
import { ErpOrdersRepository } from '../erp/erp-orders.repository';
import { SchedulesModule } from '../schedules/schedules.module';
import { ApiKeySettings, ApiKeysModule } from '../api-keys/api-keys.module';
import { Public } from './auth.decorators';
import { ApiKeyGuard } from './auth.guard';
import { KeyThrottlerGuard } from './key-throttler.guard';
import { RouteRulesCheck } from './route-rules.check';
import { ShopAccessGuard } from './shop-access.guard';
import { ShopOwners } from './shop-owners.service';
import { SlidingWindowStorage } from './sliding-window.storage';

// The shared library knows nothing of API keys: the gateway serves its health and metrics openly.
Public()(HealthController);
Public()(MetricsController);

export interface AuthSettings extends ApiKeySettings {
  rateLimitPerMinute: number;
}

@Module({})
export class AuthModule {
  static forRoot(settings: AuthSettings): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        DiscoveryModule,
        ApiKeysModule.forRoot(settings),
        JobsModule,
        SchedulesModule,
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit: settings.rateLimitPerMinute }],
          storage: new SlidingWindowStorage(),
        }),
      ],
      providers: [
        ErpOrdersRepository,
        ShopOwners,
        RouteRulesCheck,
        // In this order: who is calling, their rate limit, then which shops they may touch.
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: KeyThrottlerGuard },
        { provide: APP_GUARD, useClass: ShopAccessGuard },
      ],
    };
  }
}
