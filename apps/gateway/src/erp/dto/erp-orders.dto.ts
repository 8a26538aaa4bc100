import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ErpCustomerV1, ErpShipmentV1 } from '@shopsync/shared';

export const ERP_ORDERS_BATCH_LIMIT = 1000;

export class PutErpCustomersDto {
  @ApiProperty({
    type: () => [ErpCustomerV1],
    minItems: 1,
    maxItems: ERP_ORDERS_BATCH_LIMIT,
    description: `customers to create or replace, by number (1-${ERP_ORDERS_BATCH_LIMIT}); all or nothing`,
    example: [
      {
        number: 'C-10001',
        email: 'anna@example.com',
        phone: '+31612345678',
        firstName: 'Anna',
        lastName: 'de Vries',
        address: {
          address1: 'Keizersgracht 1',
          zip: '1015 AB',
          city: 'Amsterdam',
          countryCode: 'NL',
        },
      },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ERP_ORDERS_BATCH_LIMIT)
  @ValidateNested({ each: true })
  @Type(() => ErpCustomerV1)
  customers: ErpCustomerV1[];
}

export class PostErpShipmentsDto {
  @ApiProperty({
    type: () => [ErpShipmentV1],
    minItems: 1,
    maxItems: ERP_ORDERS_BATCH_LIMIT,
    description: `posted shipments of Shopify orders (1-${ERP_ORDERS_BATCH_LIMIT}); all or nothing; a number already posted for the shop is left as it is`,
    example: [
      {
        shop: 'eu-store',
        number: 'SHIP-1001',
        shopifyOrderId: 'gid://shopify/Order/1001',
        lines: [
          { sku: 'TSHIRT-1-S', quantity: 1, shopifyOrderLineId: 'gid://shopify/LineItem/5001' },
        ],
        shippingAgentCode: 'POSTNL',
        trackingNumber: '3SABC123',
      },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ERP_ORDERS_BATCH_LIMIT)
  @ValidateNested({ each: true })
  @Type(() => ErpShipmentV1)
  shipments: ErpShipmentV1[];
}

export class ErpFeedQuery {
  @ApiPropertyOptional({
    description: 'the `next` cursor of the previous page; none = from the start',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'must be a cursor from a previous page' })
  after?: string;

  @ApiPropertyOptional({ example: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({
    example: 'eu-store',
    description: 'only this shop (sales orders, credit memos, payments)',
  })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be a shop code' })
  shop?: string;
}

export const CONFLICT_FILTERS = ['true', 'all', 'false'] as const;

export class SalesOrderFeedQuery extends ErpFeedQuery {
  @ApiPropertyOptional({
    enum: CONFLICT_FILTERS,
    description:
      '`true`: only documents whose Shopify order changed after they were made, not yet acknowledged; `all`: every document with a conflict, acknowledged or not; `false` or none: every document',
  })
  @IsOptional()
  @IsIn(CONFLICT_FILTERS, { message: `must be one of ${CONFLICT_FILTERS.join(', ')}` })
  conflict?: (typeof CONFLICT_FILTERS)[number];
}
