import {
  apiVersionMismatch,
  apiVersionSupport,
  missingOptionalScopesByTask,
  missingScopesByTask,
  shopSettings,
  type ShopEntity,
  type Task,
} from '@shopsync/shared';
import { ApiProperty } from '@nestjs/swagger';
import { ApiDateTime, ApiJsonObject, ApiNullableString, ListOf } from '../../common/api-schema';
import { SHOP_PLANS } from './create-shop.dto';
import { ShopWebhooksDto } from './shop-webhooks.dto';

export class RateLimitsDto {
  @ApiProperty({ example: 2000 })
  maximumAvailable: number;

  @ApiProperty({ example: 100 })
  restoreRate: number;
}

export class ApiVersionStatusDto {
  @ApiProperty({ description: 'Shopify served another version than the configured one' })
  mismatch: boolean;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: '2027-04-01',
    description: 'null for a version outside the quarterly releases (`unstable`)',
  })
  supportedUntil: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 120 })
  daysLeft: number | null;

  @ApiProperty({ description: 'within 90 days of leaving support (or past it)' })
  endingSoon: boolean;

  @ApiProperty({ type: [String] })
  warnings: string[];
}

const SCOPES_BY_TASK = {
  type: 'object',
  nullable: true,
  additionalProperties: { type: 'array', items: { type: 'string' } },
  example: {},
} as const;

export class ShopDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'eu-store' })
  code: string;

  @ApiProperty({ example: 'eu-store.myshopify.com' })
  domain: string;

  @ApiProperty({ example: '2026-04' })
  apiVersion: string;

  @ApiProperty({ enum: SHOP_PLANS, example: 'standard' })
  plan: string;

  @ApiProperty({ example: true })
  enabled: boolean;

  @ApiProperty({ example: true })
  allowBackgroundSync: boolean;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { inventory: 'stock' },
    description: 'task → job queue category',
  })
  categoryMap: Record<string, string>;

  @ApiJsonObject({ example: {}, description: 'the typed shop settings (README: Configuration)' })
  settings: Record<string, unknown>;

  @ApiProperty({ example: 3 })
  defaultMaxAttempts: number;

  @ApiProperty({ example: 60 })
  defaultRerunDelaySeconds: number;

  @ApiProperty({ description: 'an access token is stored (it is never returned)' })
  hasToken: boolean;

  @ApiProperty({ description: 'an app secret is stored (it is never returned)' })
  hasAppSecret: boolean;

  // The plan's limits as Shopify reported them when the token was verified.
  @ApiProperty({ type: RateLimitsDto, nullable: true })
  rateLimits: RateLimitsDto | null;

  // The scopes the app's installation was granted at the last verification (null: not read
  // yet; POST /v1/shops/:code/verify reads them), and per task the scopes it lacks.
  @ApiProperty({ type: [String], nullable: true, example: ['read_products'] })
  accessScopes: string[] | null;

  @ApiProperty({ ...SCOPES_BY_TASK, description: 'task → scopes the grant lacks' })
  missingScopes: Partial<Record<Task, string[]>> | null;

  // Per task the optional scopes it lacks: the task still runs, doing less (payments without
  // the Shopify Payments scopes reports them "not available").
  @ApiProperty({ ...SCOPES_BY_TASK, description: 'task → optional scopes the grant lacks' })
  missingOptionalScopes: Partial<Record<Task, string[]>> | null;

  // The version Shopify last served (`X-Shopify-API-Version`), and the configured version's
  // support window.
  @ApiNullableString({ example: '2026-04' })
  apiVersionServed: string | null;

  @ApiProperty({ type: ApiVersionStatusDto })
  apiVersionStatus: ApiVersionStatusDto;

  // The Shopify webhook subscriptions shopsync makes for the shop (see ShopWebhooksDto).
  @ApiProperty({ type: ShopWebhooksDto })
  webhooks: ShopWebhooksDto;

  @ApiDateTime()
  createdAt: string;

  @ApiDateTime()
  updatedAt: string;
}

export class ShopListDto extends ListOf(ShopDto) {}

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
