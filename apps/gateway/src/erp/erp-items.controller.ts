import { Body, Controller, HttpCode, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { ApiBodyErrors, ApiKeyErrors } from '../common/api-errors';
import { UpsertedDto } from './dto/erp-responses.dto';
import { ShopAccess } from '../auth/shop-access';
import { PutErpItemsDto } from './dto/put-erp-items.dto';
import { ErpCatalogService } from './erp-catalog.service';

@ApiTags('erp')
@ApiKeyErrors()
@Controller('v1/erp/items')
export class ErpItemsController {
  constructor(private readonly catalog: ErpCatalogService) {}

  @Put()
  @ShopAccess.unrestricted()
  @HttpCode(200)
  @ApiOkResponse({ type: UpsertedDto })
  @ApiBodyErrors()
  @ApiOperation({ summary: 'Create or replace ERP items' })
  upsert(@Body() dto: PutErpItemsDto): Promise<UpsertedDto> {
    return this.catalog.upsertItems(dto.items);
  }
}
