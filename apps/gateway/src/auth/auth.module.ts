import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ApiKeyRegistry, parseApiKeys } from './api-keys';
import { API_KEYS, ApiKeyGuard } from './auth.guard';
import { KeyThrottlerGuard } from './key-throttler.guard';
import { SlidingWindowStorage } from './sliding-window.storage';

export interface AuthSettings {
  apiKeysJson?: string;
  apiKeysFile?: string;
  rateLimitPerMinute: number;
}

@Module({})
export class AuthModule {
  static forRoot(settings: AuthSettings): DynamicModule {
    const registry = new ApiKeyRegistry(parseApiKeys(settings.apiKeysJson, settings.apiKeysFile));
    if (!registry.size)
      new Logger('Auth').warn({
        msg: 'no API keys are configured: every /v1 request will be refused (set API_KEYS or API_KEYS_FILE)',
      });
    return {
      module: AuthModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit: settings.rateLimitPerMinute }],
          storage: new SlidingWindowStorage(),
        }),
      ],
      providers: [
        { provide: API_KEYS, useValue: registry },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: KeyThrottlerGuard },
      ],
    };
  }
}
