import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ApiDateTime, ApiJsonObject, ApiNullableString } from '../../common/api-schema';

export class UpsertedDto {
  @ApiProperty({ example: 2, description: 'rows created or replaced' })
  upserted: number;
}

export class CustomersUpsertedDto {
  @ApiProperty({ example: 1 })
  created: number;

  @ApiProperty({ example: 0 })
  updated: number;

  @ApiProperty({ example: 0 })
  unchanged: number;
}

export class ShipmentsPostedDto {
  @ApiProperty({ example: 1 })
  created: number;

  @ApiProperty({ example: 0, description: 'numbers already posted for their shop' })
  unchanged: number;
}

// `{ items, next }` of a feed: page with `after=<next>`.
export function FeedOf<T>(item: Type<T> | 'object') {
  class Feed {
    @ApiProperty(
      item === 'object'
        ? { type: 'array', items: { type: 'object', additionalProperties: true } }
        : { type: [item] },
    )
    items: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      example: 'MjAyNi0xMi0wMVQxMDowMDowMC4wMDBafDE',
      description: 'pass as `after` for the next page; the same again when nothing new arrived',
    })
    next: string | null;
  }
  return Feed;
}

export class DocumentCustomerDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'C-10001', description: 'the ERP customer number' })
  number: string;
}

export class SalesOrderAmountsDto {
  @ApiProperty({ example: '39.90', description: 'decimal, in `currency`' })
  subtotal: string;

  @ApiProperty({ example: '4.95' })
  shipping: string;

  @ApiProperty({ example: '7.79' })
  tax: string;

  @ApiProperty({ example: '44.85' })
  total: string;
}

export class SalesOrderLineDto {
  @ApiProperty({ example: 10000 })
  lineNo: number;

  @ApiProperty({ example: 'TSHIRT-1-S', description: 'the SKU, or the account / charge number' })
  sku: string;

  @ApiProperty({ example: 'T-shirt - S' })
  description: string;

  @ApiProperty({ example: 2 })
  quantity: number;

  @ApiProperty({ example: '19.95' })
  unitPrice: string;

  @ApiProperty({ example: '39.90' })
  amount: string;

  @ApiProperty({ example: 'item', description: 'what the line is' })
  kind: string;

  @ApiProperty({ example: 'item', description: 'what it posts to' })
  type: string;

  @ApiProperty({ example: '0.00' })
  lineDiscount: string;

  @ApiProperty({ example: '6.93' })
  taxAmount: string;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  taxes: object[];

  @ApiNullableString({ example: 'gid://shopify/LineItem/5001' })
  shopifyOrderLineId: string | null;
}

// The sales document of the feed (and of shopsync.erp.outbound.v1): SalesOrderDocumentV1.
export class SalesOrderDocumentDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'SO-1001' })
  number: string;

  @ApiProperty({ enum: ['order', 'invoice'] })
  documentType: 'order' | 'invoice';

  @ApiProperty({ format: 'uuid' })
  shopId: string;

  @ApiProperty({ example: 'gid://shopify/Order/1001' })
  shopifyOrderId: string;

  @ApiProperty({ example: '#1001' })
  orderName: string;

  @ApiProperty({ type: DocumentCustomerDto })
  customer: DocumentCustomerDto;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiDateTime()
  orderDate: string;

  @ApiNullableString({ example: 'PAID' })
  financialStatus: string | null;

  @ApiProperty({ type: SalesOrderAmountsDto })
  amounts: SalesOrderAmountsDto;

  @ApiJsonObject({ nullable: true, description: 'the sell-to address' })
  sellTo: object | null;

  @ApiJsonObject({ nullable: true, description: 'the ship-to address' })
  shipTo: object | null;

  @ApiProperty({ type: [SalesOrderLineDto] })
  lines: SalesOrderLineDto[];

  @ApiDateTime()
  createdAt: string;

  @ApiProperty({ enum: ['shop', 'presentment'] })
  currencyMode: 'shop' | 'presentment';

  @ApiNullableString({ example: null })
  exchangeRate: string | null;

  @ApiProperty()
  pricesIncludeTax: boolean;

  @ApiProperty({ example: '0.00' })
  invoiceDiscount: string;

  @ApiProperty({ type: [String], example: ['shopify_payments'] })
  paymentMethods: string[];

  @ApiJsonObject({
    nullable: true,
    description:
      'set when the Shopify order changed after the document was made; `acknowledgedAt` once seen',
  })
  conflict: object | null;

  @ApiJsonObject({ nullable: true, description: 'the B2B company and location of the order' })
  company: object | null;
}

export class SalesOrderFeedDto extends FeedOf(SalesOrderDocumentDto) {}
// The other documents keep their contract's shape (README: the ERP feeds); listed as objects.
export class DocumentFeedDto extends FeedOf('object') {}
