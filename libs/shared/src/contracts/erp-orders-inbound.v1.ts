import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

// The order side's records of shopsync.erp.inbound.v1 (entities `customer` and `shipment`),
// also the members of the HTTP inbox batches. A published shape never changes: add a v2.

const CODE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const CODE_MESSAGE = 'must be 1-64 letters, digits, ".", "_", "/" or "-"';
const PHONE = /^\+?[0-9][0-9 ()-]{4,30}$/;

// The OpenAPI side of the rules (the gateway's batch bodies list these classes).
const ApiText = (maxLength: number) =>
  ApiPropertyOptional({ type: String, nullable: true, maxLength });
const API_CODE = { type: String, pattern: CODE.source } as const;
const API_PHONE = { type: String, nullable: true, pattern: PHONE.source, example: '+31612345678' };

export class ErpAddressV1 {
  @ApiText(100) @IsOptional() @IsString() @Length(0, 100) firstName?: string | null;
  @ApiText(100) @IsOptional() @IsString() @Length(0, 100) lastName?: string | null;
  @ApiText(255) @IsOptional() @IsString() @Length(0, 255) company?: string | null;
  @ApiText(255) @IsOptional() @IsString() @Length(0, 255) address1?: string | null;
  @ApiText(255) @IsOptional() @IsString() @Length(0, 255) address2?: string | null;
  @ApiText(32) @IsOptional() @IsString() @Length(0, 32) zip?: string | null;
  @ApiText(100) @IsOptional() @IsString() @Length(0, 100) city?: string | null;
  @ApiText(100) @IsOptional() @IsString() @Length(0, 100) province?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    pattern: '^[A-Z]{2}$',
    description: 'ISO 3166-1 alpha-2',
    example: 'NL',
  })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' })
  countryCode?: string | null;

  @ApiPropertyOptional(API_PHONE)
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string | null;
}

// One more address of a customer (a ship-to address), under the ERP's code for it.
export class ErpCustomerAddressV1 extends ErpAddressV1 {
  @ApiProperty({ ...API_CODE, example: 'SHIP-2' })
  @Matches(CODE, { message: `code ${CODE_MESSAGE}` })
  code: string;
}

export class ErpCustomerV1 {
  // The ERP's customer number: the record's identity.
  @ApiProperty({ ...API_CODE, example: 'C-10001' })
  @Matches(CODE, { message: `number ${CODE_MESSAGE}` })
  number: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'email',
    minLength: 3,
    maxLength: 255,
    example: 'anna@example.com',
  })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @Length(3, 255)
  email?: string | null;

  @ApiPropertyOptional(API_PHONE)
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string | null;

  @ApiText(100) @IsOptional() @IsString() @Length(0, 100) firstName?: string | null;
  @ApiText(100) @IsOptional() @IsString() @Length(0, 100) lastName?: string | null;
  @ApiText(255) @IsOptional() @IsString() @Length(0, 255) company?: string | null;

  @ApiPropertyOptional({ type: () => ErpAddressV1, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ErpAddressV1)
  address?: ErpAddressV1 | null;

  // Issue 17 (optional): pushed to Shopify with canUpdateShopifyCustomer (null: the ERP does
  // not say, Shopify's value stays).
  @ApiPropertyOptional({
    type: Boolean,
    nullable: true,
    description: "null or left out: Shopify's value stays",
  })
  @IsOptional()
  @IsBoolean({ message: 'taxExempt must be a boolean' })
  taxExempt?: boolean | null;

  // The customer's other addresses (the default one is `address`), codes unique.
  @ApiPropertyOptional({
    type: () => [ErpCustomerAddressV1],
    nullable: true,
    maxItems: 50,
    description: 'the other (ship-to) addresses, codes unique',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ErpCustomerAddressV1)
  addresses?: ErpCustomerAddressV1[] | null;
}

// Issue 18 (additive): a shipment may have more lines than one fulfillmentCreate takes (the
// worker splits it), and a line may name its Shopify order line.
export const MAX_SHIPMENT_LINES = 2500;

export class ErpShipmentLineV1 {
  @ApiProperty({ ...API_CODE, example: 'TSHIRT-1-S' })
  @Matches(CODE, { message: `sku ${CODE_MESSAGE}` })
  sku: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1_000_000, example: 1 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity: number;

  // The sales-order feed's `lines[].shopifyOrderLineId`, sent back: the line is matched to the
  // Shopify order line by it. Absent: matched by SKU (then a SKU may appear once per shipment).
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    pattern: '^gid://shopify/LineItem/\\d+$',
    description: "the sales-order feed's lines[].shopifyOrderLineId; absent: matched by SKU",
    example: 'gid://shopify/LineItem/5001',
  })
  @IsOptional()
  @Matches(/^gid:\/\/shopify\/LineItem\/\d+$/, {
    message: 'shopifyOrderLineId must be a Shopify order line id (gid://shopify/LineItem/…)',
  })
  shopifyOrderLineId?: string | null;
}

export class ErpShipmentV1 {
  // The shop (code) the order belongs to.
  @ApiProperty({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', example: 'eu-store' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'shop must be a shop code' })
  shop: string;

  // The ERP's shipment number, unique per shop: posting it again changes nothing.
  @ApiProperty({ ...API_CODE, example: 'SHIP-1001' })
  @Matches(CODE, { message: `number ${CODE_MESSAGE}` })
  number: string;

  @ApiProperty({ pattern: '^gid://shopify/Order/\\d+$', example: 'gid://shopify/Order/1001' })
  @Matches(/^gid:\/\/shopify\/Order\/\d+$/, {
    message: 'shopifyOrderId must be a Shopify order id (gid://shopify/Order/…)',
  })
  shopifyOrderId: string;

  @ApiProperty({ type: () => [ErpShipmentLineV1], minItems: 1, maxItems: MAX_SHIPMENT_LINES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SHIPMENT_LINES)
  @ValidateNested({ each: true })
  @Type(() => ErpShipmentLineV1)
  lines: ErpShipmentLineV1[];

  // Explicit tracking company and URL win over the shipping agent's mapping.
  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  trackingCompany?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  trackingNumber?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uri',
    pattern: '^https?://',
    minLength: 1,
    maxLength: 500,
  })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false })
  @Length(1, 500)
  trackingUrl?: string | null;

  // The ERP's shipping agent code (issue 18): settings.shipments.shippingAgents gives its Shopify
  // tracking company and tracking URL.
  @ApiPropertyOptional({
    ...API_CODE,
    nullable: true,
    description: 'settings.shipments.shippingAgents gives its tracking company and URL',
    example: 'POSTNL',
  })
  @IsOptional()
  @Matches(CODE, { message: `shippingAgentCode ${CODE_MESSAGE}` })
  shippingAgentCode?: string | null;

  // Ship only from this Shopify location (gid://shopify/Location/…); default: wherever Shopify
  // assigned the lines.
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    pattern: '^gid://shopify/Location/\\d+$',
    description: 'ship only from this Shopify location; default: where Shopify assigned the lines',
  })
  @IsOptional()
  @Matches(/^gid:\/\/shopify\/Location\/\d+$/, {
    message: 'locationId must be a Shopify location id (gid://shopify/Location/…)',
  })
  locationId?: string | null;
}
