import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ClassConstructor, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';
import { Omittable } from './omittable';
import { ContractViolation } from '../domain/errors';
import { ErpCustomerV1, ErpShipmentV1 } from './erp-orders-inbound.v1';
import { parseContract } from './parse-contract';

// shopsync.erp.inbound.v1: ERP upserts, one record per message, key `<entity>/<id>`.
// The value is an envelope `{entity, data}`; `entity` picks the class `data` is validated with
// (ERP_INBOUND_PAYLOADS). Another entity is added by adding its class to that map and a
// handler to the gateway's inbound consumer; a published entity never changes shape.

export const ERP_CODE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
export const ERP_CODE_MESSAGE = 'must be 1-64 letters, digits, ".", "_", "/" or "-"';
const CODE = ERP_CODE;
const CODE_MESSAGE = ERP_CODE_MESSAGE;
const MAX_QUANTITY = 1_000_000_000;
const HASH = /^[A-Za-z0-9:+/=_-]{8,128}$/;
const HASH_MESSAGE = 'must be 8-128 letters, digits or ":+/=_-" (e.g. a hex SHA-256)';
export const ERP_ATTRIBUTE_TYPES = [
  'single_line_text_field',
  'multi_line_text_field',
  'number_integer',
  'number_decimal',
  'boolean',
] as const;
export type ErpAttributeType = (typeof ERP_ATTRIBUTE_TYPES)[number];

// The OpenAPI side of the rules below (the gateway's batch bodies list these classes): the same
// bounds, so a schema-driven client refuses what the validator would.
const API_CODE = { type: String, pattern: CODE.source, example: 'TSHIRT-1-S' } as const;
const API_URL = { type: String, format: 'uri', pattern: '^https?://', maxLength: 2048 } as const;
const API_URL_ITEM = { type: 'string', format: 'uri', pattern: '^https?://' } as const;
const API_QUANTITY = { type: 'integer', minimum: -MAX_QUANTITY, maximum: MAX_QUANTITY } as const;
const API_PRICE = {
  type: Number,
  minimum: 0,
  maximum: 1_000_000_000,
  description: 'at most 2 decimals',
} as const;

// An image of an item or variant; `contentHash` (the ERP's hash of the bytes) spares shopsync
// downloading the image to see whether it changed.
export class ErpImageV1 {
  @ApiProperty({ ...API_URL, minLength: 1, example: 'https://example.com/tshirt.jpg' })
  @IsUrl({ protocols: ['http', 'https'], require_tld: false })
  @Length(1, 2048)
  url: string;

  @ApiPropertyOptional({ type: String, nullable: true, pattern: HASH.source })
  @IsOptional()
  @Matches(HASH, { message: `contentHash ${HASH_MESSAGE}` })
  contentHash?: string | null;
}

// An item attribute: exported as a product metafield (namespace: products.metafieldNamespace).
export class ErpAttributeV1 {
  @ApiProperty({ pattern: '^[A-Za-z0-9_-]{2,64}$', example: 'material' })
  @Matches(/^[A-Za-z0-9_-]{2,64}$/, { message: 'key must be 2-64 letters, digits, "_" or "-"' })
  key: string;

  @ApiProperty({ minLength: 1, maxLength: 5000, example: 'cotton' })
  @IsString()
  @Length(1, 5000)
  value: string;

  @ApiPropertyOptional({ enum: ERP_ATTRIBUTE_TYPES, default: 'single_line_text_field' })
  @Omittable()
  @IsIn(ERP_ATTRIBUTE_TYPES, { message: `type must be one of ${ERP_ATTRIBUTE_TYPES.join(', ')}` })
  type?: ErpAttributeType;
}

export class ErpVariantV1 {
  @ApiProperty(API_CODE)
  @Matches(CODE, { message: `sku ${CODE_MESSAGE}` })
  sku: string;

  // One value per option name of the item, in the same order.
  @ApiProperty({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: 255 },
    maxItems: 3,
    description: 'one value per option name of the item, in the same order',
    example: ['S'],
  })
  @IsArray()
  @ArrayMaxSize(3)
  @IsString({ each: true })
  @Length(1, 255, { each: true })
  options: string[];

  @ApiProperty({ ...API_PRICE, example: 19.95 })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000_000)
  price: number;

  @ApiPropertyOptional({ ...API_PRICE, nullable: true, example: 24.95 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000_000)
  compareAtPrice?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  barcode?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  weightGrams?: number | null;

  // Sent to Shopify as the inventory item's cost.
  @ApiPropertyOptional({
    ...API_PRICE,
    nullable: true,
    description: "the inventory item's cost, at most 2 decimals",
  })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000_000)
  unitCost?: number | null;

  // The ERP's variant code (products.skuMapping item-no-variant-code).
  @ApiPropertyOptional({ ...API_CODE, nullable: true, example: 'S' })
  @IsOptional()
  @Matches(CODE, { message: `variantCode ${CODE_MESSAGE}` })
  variantCode?: string | null;

  // The variant's image in Shopify (one media per variant).
  @ApiPropertyOptional({ type: () => ErpImageV1, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ErpImageV1)
  image?: ErpImageV1 | null;
}

export class ErpItemV1 {
  @ApiProperty({ ...API_CODE, example: 'TSHIRT-1' })
  @Matches(CODE, { message: `itemNo ${CODE_MESSAGE}` })
  itemNo: string;

  @ApiProperty({ minLength: 1, maxLength: 255, example: 'T-shirt' })
  @IsString()
  @Length(1, 255)
  title: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 65_535, description: 'HTML' })
  @IsOptional()
  @IsString()
  @Length(0, 65_535)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255 })
  @IsOptional()
  @IsString()
  @Length(0, 255)
  vendor?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255 })
  @IsOptional()
  @IsString()
  @Length(0, 255)
  productType?: string | null;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: 255 },
    maxItems: 250,
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(250)
  @IsString({ each: true })
  @Length(1, 255, { each: true })
  tags?: string[];

  // Option names (at most 3, Shopify's limit); none means a single default variant.
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: 255 },
    maxItems: 3,
    description: 'option names; none: a single default variant',
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(3)
  @IsString({ each: true })
  @Length(1, 255, { each: true })
  options?: string[];

  @ApiProperty({ type: () => [ErpVariantV1], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ErpVariantV1)
  variants: ErpVariantV1[];

  @ApiPropertyOptional({ type: 'array', items: API_URL_ITEM, maxItems: 20 })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUrl({ protocols: ['http', 'https'], require_tld: false }, { each: true })
  imageUrls?: string[];

  // The same as imageUrls, with the ERP's content hashes (give one of the two).
  @ApiPropertyOptional({
    type: () => [ErpImageV1],
    maxItems: 20,
    description: 'imageUrls with content hashes (give one of the two)',
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ErpImageV1)
  images?: ErpImageV1[];

  @ApiPropertyOptional({ type: () => [ErpAttributeV1], maxItems: 50 })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ErpAttributeV1)
  attributes?: ErpAttributeV1[];

  // Blocked or removed in the ERP (see the shop setting products.removedItemAction).
  @ApiPropertyOptional({
    type: Boolean,
    description: 'see the shop setting products.removedItemAction',
  })
  @Omittable()
  @IsBoolean()
  blocked?: boolean;
}

// One SKU at one ERP location: its quantities by type (the shop's stock calculation per Shopify
// location combines them). Extended without breaking V1: a record with `quantity` only (the
// first shape) is the on-hand quantity with nothing reserved or incoming. Give `quantity` or
// `onHand`, not both (the inbox refuses both); reserved and incoming left out are 0.
export class ErpStockV1 {
  @ApiProperty(API_CODE)
  @Matches(CODE, { message: `sku ${CODE_MESSAGE}` })
  sku: string;

  @ApiProperty({ ...API_CODE, example: 'MAIN' })
  @Matches(CODE, { message: `locationCode ${CODE_MESSAGE}` })
  locationCode: string;

  // The first shape's single quantity: on hand.
  @ApiPropertyOptional({
    ...API_QUANTITY,
    description: "onHand's first name: give onHand or quantity, not both",
  })
  @Omittable()
  @IsInt()
  @Min(-MAX_QUANTITY)
  @Max(MAX_QUANTITY)
  quantity?: number;

  @ValidateIf((o: ErpStockV1) => o.onHand !== undefined || o.quantity === undefined)
  @ValidateBy({
    name: 'onHandOrQuantity',
    validator: {
      validate: (v: unknown, args?: ValidationArguments) =>
        v !== undefined && (args?.object as ErpStockV1).quantity === undefined,
      defaultMessage: (args?: ValidationArguments) =>
        args?.value === undefined
          ? 'must be given (onHand, or quantity, its first name)'
          : 'give onHand or quantity, not both',
    },
  })
  @ApiPropertyOptional({
    ...API_QUANTITY,
    description: 'required unless quantity is given (not both)',
    example: 12,
  })
  @IsInt()
  @Min(-MAX_QUANTITY)
  @Max(MAX_QUANTITY)
  onHand?: number;

  // Reserved for orders (not available to sell).
  @ApiPropertyOptional({
    ...API_QUANTITY,
    minimum: 0,
    description: 'reserved for orders; 0 when left out',
    example: 2,
  })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(MAX_QUANTITY)
  reserved?: number;

  // Expected in (purchase orders, transfers): counted by the `projected` calculation.
  @ApiPropertyOptional({
    ...API_QUANTITY,
    minimum: 0,
    description: 'expected in; 0 when left out',
    example: 5,
  })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(MAX_QUANTITY)
  incoming?: number;
}

export const ERP_INBOUND_PAYLOADS = {
  item: ErpItemV1,
  stock: ErpStockV1,
  customer: ErpCustomerV1,
  shipment: ErpShipmentV1,
} satisfies Record<string, ClassConstructor<object>>;
export type ErpInboundEntity = keyof typeof ERP_INBOUND_PAYLOADS;
export const ERP_INBOUND_ENTITIES = Object.keys(ERP_INBOUND_PAYLOADS) as ErpInboundEntity[];

export class ErpInboundV1 {
  @IsIn(ERP_INBOUND_ENTITIES)
  entity: ErpInboundEntity;

  @IsObject()
  data: Record<string, unknown>;
}

// Spelled out (not mapped from ERP_INBOUND_PAYLOADS) so the JSON Schema generator reads it.
export type ErpInboundMessage =
  | { entity: 'item'; data: ErpItemV1 }
  | { entity: 'stock'; data: ErpStockV1 }
  | { entity: 'customer'; data: ErpCustomerV1 }
  | { entity: 'shipment'; data: ErpShipmentV1 };

// Adding an entity to the map without adding it to the union above does not compile.
const _everyEntity: ErpInboundEntity extends ErpInboundMessage['entity'] ? true : never = true;
void _everyEntity;

// The envelope, then its data with the entity's class; errors name `data.<field>`.
export async function parseErpInbound(raw: unknown): Promise<ErpInboundMessage> {
  const envelope = await parseContract(ErpInboundV1, raw);
  const cls: ClassConstructor<object> = ERP_INBOUND_PAYLOADS[envelope.entity];
  try {
    const data = await parseContract(cls, envelope.data);
    return { entity: envelope.entity, data } as ErpInboundMessage;
  } catch (error) {
    if (error instanceof ContractViolation)
      throw new ContractViolation(
        `ErpInboundV1(${envelope.entity})`,
        (error.details ?? []).map((d) => ({ ...d, field: `data.${d.field}` })),
      );
    throw error;
  }
}

// The partition key of a record: `<entity>/<id>`.
export function erpInboundKey(message: ErpInboundMessage): string {
  if (message.entity === 'item') return `item/${message.data.itemNo}`;
  if (message.entity === 'customer') return `customer/${message.data.number}`;
  if (message.entity === 'shipment') return `shipment/${message.data.shop}/${message.data.number}`;
  return `stock/${message.data.sku}`;
}
