import { DynamicModule, Logger, Module } from '@nestjs/common';
import type { EncryptionKeySettings } from '@shopsync/shared';
import { ApiKeyRegistry, parseApiKeys } from '../auth/api-keys';
import { ApiKeyHasher, loadKeySecret } from './api-key-hasher';
import { API_KEY_AUTH_SETTINGS, ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { FIRST_KEY_SETTINGS, FirstAdminKey } from './first-admin-key';

export interface ApiKeySettings {
  apiKeysJson?: string;
  apiKeysFile?: string;
  keySecret: EncryptionKeySettings;
  cacheMs: number;
  firstAdminKeyFile?: string;
}

export function keyHasher(settings: EncryptionKeySettings): ApiKeyHasher {
  const loaded = loadKeySecret(settings);
  new Logger('ApiKeys').log({
    msg: loaded.created ? 'generated the API key secret' : 'API key secret loaded',
    source: loaded.source,
    path: loaded.path,
  });
  return new ApiKeyHasher(loaded.key);
}

// The keys: the configured bootstrap list and the managed keys in the database, the routes that
// manage them, and the first admin key of a fresh installation.
@Module({})
export class ApiKeysModule {
  static forRoot(settings: ApiKeySettings): DynamicModule {
    return {
      module: ApiKeysModule,
      controllers: [ApiKeysController],
      providers: [
        {
          provide: ApiKeyRegistry,
          useValue: new ApiKeyRegistry(parseApiKeys(settings.apiKeysJson, settings.apiKeysFile)),
        },
        { provide: ApiKeyHasher, useFactory: () => keyHasher(settings.keySecret) },
        { provide: API_KEY_AUTH_SETTINGS, useValue: { cacheMs: settings.cacheMs } },
        { provide: FIRST_KEY_SETTINGS, useValue: { file: settings.firstAdminKeyFile } },
        ApiKeysRepository,
        ApiKeyAuthenticator,
        ApiKeysService,
        FirstAdminKey,
      ],
      exports: [ApiKeyAuthenticator],
    };
  }
}
