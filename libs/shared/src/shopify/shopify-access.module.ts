import { DynamicModule, Logger, Module } from '@nestjs/common';
import type { ShopifyAccessSettings } from '../config/shopify-env';
import { CredentialCipher } from '../crypto/credential-cipher';
import { loadEncryptionKey } from '../crypto/encryption-key';
import { ShopCredentials } from '../crypto/shop-credentials';
import { parseEndpointOverrides, ShopifyEndpoints } from './shopify-endpoints';
import { ShopifyTransportFactory } from './shopify-transport';

// The public URL webhook subscriptions point under (SHOPSYNC_PUBLIC_URL), or null.
export const SHOPSYNC_PUBLIC_URL = Symbol('SHOPSYNC_PUBLIC_URL');

// Credentials at rest and the route to each shop's Admin API, for the apps that need them.
@Module({})
export class ShopifyAccessModule {
  static forRoot(settings: ShopifyAccessSettings): DynamicModule {
    return {
      module: ShopifyAccessModule,
      global: true,
      providers: [
        {
          provide: CredentialCipher,
          useFactory: () => {
            const loaded = loadEncryptionKey(settings.encryption);
            const cipher = new CredentialCipher(loaded.key);
            new Logger('Credentials').log({
              msg: loaded.created
                ? 'generated a credentials encryption key'
                : 'credentials encryption key loaded',
              source: loaded.source,
              path: loaded.path,
              keyId: cipher.keyId,
            });
            return cipher;
          },
        },
        ShopCredentials,
        {
          provide: ShopifyEndpoints,
          useValue: new ShopifyEndpoints(parseEndpointOverrides(settings.endpointOverrides)),
        },
        ShopifyTransportFactory,
        { provide: SHOPSYNC_PUBLIC_URL, useValue: settings.publicUrl ?? null },
      ],
      exports: [
        CredentialCipher,
        ShopCredentials,
        ShopifyEndpoints,
        ShopifyTransportFactory,
        SHOPSYNC_PUBLIC_URL,
      ],
    };
  }
}
