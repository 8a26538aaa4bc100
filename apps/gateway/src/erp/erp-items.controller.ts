import { Body, Controller, HttpCode, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ShopAccess } from '../auth/shop-access';
import { PutErpItemsDto } from './dto/put-erp-items.dto';
import { ErpCatalogService } from './erp-catalog.service';

@ApiTags('erp')
@Controller('v1/erp/items')
export class ErpItemsController {
  constructor(private readonly catalog: ErpCatalogService) {}

  @Put()
  @ShopAccess.unrestricted()
  @HttpCode(200)
  upsert(@Body() dto: PutErpItemsDto): Promise<{ upserted: number }> {
    return this.catalog.upsertItems(dto.items);
  }
}
