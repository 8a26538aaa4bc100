import { Omittable } from '@shopsync/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { IsShopDomain } from './shop-domain.validator';
import { IsBoundedJson, SETTINGS_BOUNDS } from '@shopsync/shared';

export const SHOP_CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const SHOP_CODE_MESSAGE =
  'must be 1-64 lowercase letters, digits or dashes, starting with a letter or digit';

export const SHOP_PLANS = ['standard', 'advanced', 'plus', 'enterprise'] as const;
export type ShopPlan = (typeof SHOP_PLANS)[number];

export class CreateShopDto {
  @ApiProperty({
    example: 'eu-store',
    description: 'Stable code used in URLs: lowercase letters, digits and dashes.',
  })
  @Matches(SHOP_CODE, { message: SHOP_CODE_MESSAGE })
  code: string;

  @ApiProperty({
    example: 'eu-store.myshopify.com',
    description:
      "The store's `<store>.myshopify.com` domain (stored lower case). Changing it needs a new `accessToken` in the same request.",
  })
  @IsShopDomain()
  domain: string;

  @ApiPropertyOptional({ example: '2026-04' })
  @Omittable()
  @Matches(/^\d{4}-(01|04|07|10)$/, { message: 'must be a Shopify API version such as 2026-04' })
  apiVersion?: string;

  @ApiPropertyOptional({ enum: SHOP_PLANS, example: 'standard' })
  @Omittable()
  @IsIn(SHOP_PLANS)
  plan?: ShopPlan;

  @ApiPropertyOptional({ example: true })
  @Omittable()
  @IsBoolean()
  allowBackgroundSync?: boolean;

  @ApiPropertyOptional({
    example: { inventory: 'stock' },
    description: 'task → job queue category; unnamed tasks use "default"',
  })
  @Omittable()
  @IsObject()
  categoryMap?: Record<string, string>;

  @ApiPropertyOptional({
    example: {},
    description: `at most ${SETTINGS_BOUNDS.maxBytes} bytes of JSON and ${SETTINGS_BOUNDS.maxDepth} levels deep`,
  })
  @Omittable()
  @IsObject()
  @IsBoundedJson(SETTINGS_BOUNDS)
  settings?: Record<string, unknown>;

  @ApiPropertyOptional({ example: 3, minimum: 1, maximum: 10 })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(10)
  defaultMaxAttempts?: number;

  @ApiPropertyOptional({ example: 60, minimum: 0, maximum: 3600 })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(3600)
  defaultRerunDelaySeconds?: number;

  @ApiPropertyOptional({ example: true })
  @Omittable()
  @IsBoolean()
  enabled?: boolean;

  // Write-only credentials: verified with Shopify, stored encrypted, never returned.
  @ApiPropertyOptional({
    writeOnly: true,
    description:
      "Admin API access token (shpat_…) of the store's custom app; verified with `shop { name currencyCode }` before it is stored (encrypted). Never returned: see `hasToken`.",
  })
  @Omittable()
  @IsString()
  @Length(8, 512)
  accessToken?: string;

  @ApiPropertyOptional({
    writeOnly: true,
    description:
      "The app's API secret, used to verify webhook signatures. Stored encrypted, never returned: see `hasAppSecret`.",
  })
  @Omittable()
  @IsString()
  @Length(8, 512)
  appSecret?: string;
}
