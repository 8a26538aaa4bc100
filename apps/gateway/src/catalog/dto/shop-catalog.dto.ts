import { Omittable } from '@shopsync/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ApiDateTime,
  ApiNullableDateTime,
  ApiNullableString,
  ListOf,
} from '../../common/api-schema';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';

export class CatalogFilterDto {
  @ApiPropertyOptional({ example: 'Acme' })
  @Omittable()
  @IsString()
  @Length(1, 255)
  vendor?: string;

  @ApiPropertyOptional({ example: 'Shirts' })
  @Omittable()
  @IsString()
  @Length(1, 255)
  productType?: string;

  @ApiPropertyOptional({ example: 'summer' })
  @Omittable()
  @IsString()
  @Length(1, 255)
  tag?: string;

  @ApiPropertyOptional({ example: ['TSHIRT-1'], description: 'ERP item numbers' })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(10000)
  @IsString({ each: true })
  itemNos?: string[];

  @ApiPropertyOptional({ example: false, description: 'every ERP item' })
  @Omittable()
  @IsBoolean()
  all?: boolean;
}

export class AddShopProductsDto {
  @ApiPropertyOptional({
    example: ['TSHIRT-1-S'],
    description: 'variant SKUs: their items are added',
  })
  @Omittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10000)
  @IsString({ each: true })
  skus?: string[];

  @ApiPropertyOptional({ type: CatalogFilterDto, example: { vendor: 'Acme' } })
  @Omittable()
  @ValidateNested()
  @Type(() => CatalogFilterDto)
  filter?: CatalogFilterDto;
}

export class LocationMappingDto {
  @ApiProperty({ example: 'gid://shopify/Location/1' })
  @IsString()
  @Length(1, 100)
  shopifyLocationId: string;

  @ApiPropertyOptional({
    type: String,
    example: 'MAIN',
    nullable: true,
    description: 'ERP location code',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  erpLocationCode?: string | null;

  @ApiPropertyOptional({ example: true, description: 'send stock to this location' })
  @Omittable()
  @IsBoolean()
  stockSync?: boolean;
}

export class PutLocationsDto {
  @ApiProperty({
    type: [LocationMappingDto],
    example: [
      { shopifyLocationId: 'gid://shopify/Location/1', erpLocationCode: 'MAIN', stockSync: true },
    ],
  })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => LocationMappingDto)
  locations: LocationMappingDto[];
}

export class ProductsAddedDto {
  @ApiProperty({ example: 1, description: 'items newly in the shop catalog' })
  added: number;

  @ApiProperty({ example: 1, description: 'items the request matched' })
  matched: number;

  @ApiProperty({ type: [String], example: [] })
  unknownSkus: string[];
}

export class ShopVariantViewDto {
  @ApiProperty({ example: 'TSHIRT-1-S' })
  sku: string;

  @ApiProperty({ example: 'gid://shopify/ProductVariant/1' })
  variantId: string;

  @ApiNullableString({ example: 'gid://shopify/InventoryItem/1' })
  inventoryItemId: string | null;
}

export class ShopProductViewDto {
  @ApiProperty({ example: 'TSHIRT-1' })
  itemNo: string;

  @ApiNullableString({ example: 'gid://shopify/Product/1' })
  shopifyProductId: string | null;

  @ApiProperty({ type: [ShopVariantViewDto] })
  variants: ShopVariantViewDto[];

  @ApiNullableDateTime()
  lastSyncedAt: string | null;

  @ApiNullableString()
  lastError: string | null;

  @ApiDateTime()
  addedAt: string;
}

export class ShopProductPageDto extends ListOf(ShopProductViewDto) {
  @ApiProperty({ example: 1 })
  total: number;
}

export class ShopLocationViewDto {
  @ApiProperty({ example: 'gid://shopify/Location/1' })
  shopifyLocationId: string;

  @ApiProperty({ example: 'Warehouse' })
  name: string;

  @ApiProperty({ example: true })
  active: boolean;

  @ApiNullableString({ example: 'MAIN' })
  erpLocationCode: string | null;

  @ApiProperty({ example: true })
  stockSync: boolean;
}

export class ShopLocationListDto extends ListOf(ShopLocationViewDto) {}
