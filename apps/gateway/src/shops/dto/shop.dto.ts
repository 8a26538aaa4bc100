import {
  apiVersionMismatch,
  apiVersionSupport,
  missingOptionalScopesByTask,
  missingScopesByTask,
  shopSettings,
  type ShopEntity,
  type Task,
} from '@shopsync/shared';
import type { ShopWebhooksDto } from './shop-webhooks.dto';

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
  // The scopes the app's installation was granted at the last verification (null: not read
  // yet; POST /v1/shops/:code/verify reads them), and per task the scopes it lacks.
  accessScopes: string[] | null;
  missingScopes: Partial<Record<Task, string[]>> | null;
  // Per task the optional scopes it lacks: the task still runs, doing less (payments without
  // the Shopify Payments scopes reports them "not available").
  missingOptionalScopes: Partial<Record<Task, string[]>> | null;
  // The version Shopify last served (`X-Shopify-API-Version`), and the configured version's
  // support window.
  apiVersionServed: string | null;
  apiVersionStatus: ApiVersionStatusDto;
  // The Shopify webhook subscriptions shopsync makes for the shop (see ShopWebhooksDto).
  webhooks: ShopWebhooksDto;
  createdAt: string;
  updatedAt: string;
}

export interface ApiVersionStatusDto {
  // Shopify served another version than the configured one.
  mismatch: boolean;
  // YYYY-MM-DD; null for a version outside the quarterly releases (`unstable`).
  supportedUntil: string | null;
  daysLeft: number | null;
  // Within 90 days of leaving support (or past it).
  endingSoon: boolean;
  warnings: string[];
}

function apiVersionStatus(shop: ShopEntity, now: Date): ApiVersionStatusDto {
  const support = apiVersionSupport(shop.apiVersion, now);
  const mismatch = apiVersionMismatch(shop.apiVersion, shop.apiVersionServed);
  const until = support.supportedUntil?.toISOString().slice(0, 10) ?? null;
  const warnings: string[] = [];
  if (mismatch)
    warnings.push(
      `Shopify serves ${shop.apiVersionServed} instead of the configured ${shop.apiVersion}: set a supported apiVersion`,
    );
  if (support.unsupported) warnings.push(`${shop.apiVersion} left support on ${until}`);
  else if (support.endingSoon)
    warnings.push(`${shop.apiVersion} leaves support on ${until} (${support.daysLeft} days)`);
  return {
    mismatch,
    supportedUntil: until,
    daysLeft: support.daysLeft,
    endingSoon: support.endingSoon,
    warnings,
  };
}

// Credentials never leave the service: only whether they are set.
export function toShopDto(shop: ShopEntity, now: Date, webhooks: ShopWebhooksDto): ShopDto {
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
    accessScopes: shop.accessScopes ?? null,
    missingScopes: missingScopesByTask(shop.accessScopes ?? null, shopSettings(shop)),
    missingOptionalScopes: missingOptionalScopesByTask(shop.accessScopes ?? null),
    apiVersionServed: shop.apiVersionServed ?? null,
    apiVersionStatus: apiVersionStatus(shop, now),
    webhooks,
    createdAt: shop.createdAt.toISOString(),
    updatedAt: shop.updatedAt.toISOString(),
  };
}
