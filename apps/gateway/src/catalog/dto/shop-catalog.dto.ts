import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  @IsOptional()
  @IsString()
  @Length(1, 255)
  vendor?: string;

  @ApiPropertyOptional({ example: 'Shirts' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  productType?: string;

  @ApiPropertyOptional({ example: 'summer' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  tag?: string;

  @ApiPropertyOptional({ example: ['TSHIRT-1'], description: 'ERP item numbers' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10000)
  @IsString({ each: true })
  itemNos?: string[];

  @ApiPropertyOptional({ example: false, description: 'every ERP item' })
  @IsOptional()
  @IsBoolean()
  all?: boolean;
}

export class AddShopProductsDto {
  @ApiPropertyOptional({
    example: ['TSHIRT-1-S'],
    description: 'variant SKUs: their items are added',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10000)
  @IsString({ each: true })
  skus?: string[];

  @ApiPropertyOptional({ type: CatalogFilterDto, example: { vendor: 'Acme' } })
  @IsOptional()
  @ValidateNested()
  @Type(() => CatalogFilterDto)
  filter?: CatalogFilterDto;
}

export class LocationMappingDto {
  @ApiProperty({ example: 'gid://shopify/Location/1' })
  @IsString()
  @Length(1, 100)
  shopifyLocationId: string;

  @ApiPropertyOptional({ example: 'MAIN', nullable: true, description: 'ERP location code' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  erpLocationCode?: string | null;

  @ApiPropertyOptional({ example: true, description: 'send stock to this location' })
  @IsOptional()
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
