import { Body, Controller, HttpCode, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { ApiBodyErrors, ApiKeyErrors } from '../common/api-errors';
import { UpsertedDto } from './dto/erp-responses.dto';
import { ShopAccess } from '../auth/shop-access';
import { PutErpStockDto } from './dto/put-erp-items.dto';
import { ErpCatalogService } from './erp-catalog.service';

@ApiTags('erp')
@ApiKeyErrors()
@Controller('v1/erp/stock')
export class ErpStockController {
  constructor(private readonly catalog: ErpCatalogService) {}

  @Put()
  @ShopAccess.unrestricted()
  @HttpCode(200)
  @ApiOkResponse({ type: UpsertedDto })
  @ApiBodyErrors()
  @ApiOperation({ summary: 'Set ERP stock per SKU and location' })
  upsert(@Body() dto: PutErpStockDto): Promise<UpsertedDto> {
    return this.catalog.upsertStock(dto.stock);
  }
}
