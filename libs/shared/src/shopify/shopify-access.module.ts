import { DynamicModule, Module } from '@nestjs/common';
import type { ShopifyAccessSettings } from '../config/shopify-env';
import { CredentialCipher } from '../crypto/credential-cipher';
import { credentialCipherProvider } from '../crypto/encryption-key';
import { ShopCredentials } from '../crypto/shop-credentials';
import { parseEndpointOverrides, ShopifyEndpoints } from './shopify-endpoints';
import { ShopifyTransportFactory } from './shopify-transport';

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
      ],
      exports: [CredentialCipher, ShopCredentials, ShopifyEndpoints, ShopifyTransportFactory],
    };
  }
}
