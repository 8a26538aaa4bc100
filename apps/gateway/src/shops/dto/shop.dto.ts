import type { ShopEntity } from '@shopsync/shared';

export interface ShopDto {
  id: string;
  code: string;
  domain: string;
  apiVersion: string;
  plan: string;
  enabled: boolean;
  allowBackgroundSync: boolean;
  categoryMap: Record<string, string>;
  settings: Record<string, unknown>;
  defaultMaxAttempts: number;
  defaultRerunDelaySeconds: number;
  hasToken: boolean;
  hasAppSecret: boolean;
  // The plan's limits as Shopify reported them when the token was verified.
  rateLimits: { maximumAvailable: number; restoreRate: number } | null;
  createdAt: string;
  updatedAt: string;
}

// Credentials never leave the service: only whether they are set.
export function toShopDto(shop: ShopEntity): ShopDto {
  return {
    id: shop.id,
    code: shop.code,
    domain: shop.domain,
    apiVersion: shop.apiVersion,
    plan: shop.plan,
    enabled: shop.enabled,
    allowBackgroundSync: shop.allowBackgroundSync,
    categoryMap: shop.categoryMap,
    settings: shop.settings,
    defaultMaxAttempts: shop.defaultMaxAttempts,
    defaultRerunDelaySeconds: shop.defaultRerunDelaySeconds,
    hasToken: Boolean(shop.accessTokenEnc),
    hasAppSecret: Boolean(shop.appSecretEnc),
    rateLimits: shop.rateLimits
      ? {
          maximumAvailable: shop.rateLimits.maximumAvailable,
          restoreRate: shop.rateLimits.restoreRate,
        }
      : null,
    createdAt: shop.createdAt.toISOString(),
    updatedAt: shop.updatedAt.toISOString(),
  };
}
