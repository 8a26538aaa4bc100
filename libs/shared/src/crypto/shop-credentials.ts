import { Injectable } from '@nestjs/common';
import type { ShopEntity } from '../database/entities';
import { DomainError, ERROR_CODES } from '../domain/errors';
import { CredentialCipher } from './credential-cipher';

export type CredentialField = 'accessToken' | 'appSecret';

// Seals and opens a shop's credentials. The shop id and the field are bound into the
// ciphertext, so a value copied to another shop or column does not decrypt.
@Injectable()
export class ShopCredentials {
  constructor(private readonly cipher: CredentialCipher) {}

  seal(shopId: string, field: CredentialField, value: string): string {
    return this.cipher.encrypt(value, context(shopId, field));
  }

  accessToken(shop: Pick<ShopEntity, 'id' | 'code' | 'accessTokenEnc'>): string {
    if (!shop.accessTokenEnc)
      throw new DomainError(
        ERROR_CODES.shopifyCredentialsMissing,
        `shop '${shop.code}' has no Admin API access token: set accessToken with PATCH /v1/shops/${shop.code}`,
      );
    return this.cipher.decrypt(shop.accessTokenEnc, context(shop.id, 'accessToken'));
  }

  appSecret(shop: Pick<ShopEntity, 'id' | 'appSecretEnc'>): string | null {
    return shop.appSecretEnc
      ? this.cipher.decrypt(shop.appSecretEnc, context(shop.id, 'appSecret'))
      : null;
  }
}

function context(shopId: string, field: CredentialField): string {
  return `shop:${shopId}:${field}`;
}
