import { DynamicModule, Module } from '@nestjs/common';
import type { ShopifyAccessSettings } from '../config/shopify-env';
import { CredentialCipher } from '../crypto/credential-cipher';
import { credentialCipherProvider } from '../crypto/encryption-key';
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
        credentialCipherProvider(settings.encryption),
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
