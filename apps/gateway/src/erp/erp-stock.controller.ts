import { Body, Controller, HttpCode, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ShopAccess } from '../auth/shop-access';
import { PutErpStockDto } from './dto/put-erp-items.dto';
import { ErpCatalogService } from './erp-catalog.service';

@ApiTags('erp')
@Controller('v1/erp/stock')
export class ErpStockController {
  constructor(private readonly catalog: ErpCatalogService) {}

  @Put()
  @ShopAccess.unrestricted()
  @HttpCode(200)
  upsert(@Body() dto: PutErpStockDto): Promise<{ upserted: number }> {
    return this.catalog.upsertStock(dto.stock);
  }
}
