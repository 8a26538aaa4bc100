import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { ErpItemV1, ErpStockV1 } from '@shopsync/shared';

export const ERP_BATCH_LIMIT = 1000;

export class PutErpItemsDto {
  @ApiProperty({
    type: () => [ErpItemV1],
    minItems: 1,
    maxItems: ERP_BATCH_LIMIT,
    description: `items to create or replace (1-${ERP_BATCH_LIMIT}); all or nothing`,
    example: [
      {
        itemNo: 'TSHIRT-1',
        title: 'T-shirt',
        description: '<p>Cotton</p>',
        vendor: 'Acme',
        productType: 'Shirts',
        tags: ['summer'],
        options: ['Size'],
        variants: [
          { sku: 'TSHIRT-1-S', options: ['S'], price: 19.95, compareAtPrice: 24.95 },
          { sku: 'TSHIRT-1-M', options: ['M'], price: 19.95, barcode: '8712345678906' },
        ],
        imageUrls: ['https://example.com/tshirt.jpg'],
      },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ERP_BATCH_LIMIT)
  @ValidateNested({ each: true })
  @Type(() => ErpItemV1)
  items: ErpItemV1[];
}

export class PutErpStockDto {
  @ApiProperty({
    type: () => [ErpStockV1],
    minItems: 1,
    maxItems: ERP_BATCH_LIMIT,
    description: `stock to set per SKU and ERP location, by quantity type (1-${ERP_BATCH_LIMIT}); all or nothing. \`onHand\` (or \`quantity\`, its first name), \`reserved\` and \`incoming\` (0 when left out)`,
    example: [
      { sku: 'TSHIRT-1-S', locationCode: 'MAIN', onHand: 12, reserved: 2, incoming: 5 },
      { sku: 'TSHIRT-1-M', locationCode: 'MAIN', quantity: 7 },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ERP_BATCH_LIMIT)
  @ValidateNested({ each: true })
  @Type(() => ErpStockV1)
  stock: ErpStockV1[];
}
