import { Body, Controller, HttpCode, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { ApiBodyErrors, ApiKeyErrors } from '../common/api-errors';
import { CustomersUpsertedDto } from './dto/erp-responses.dto';
import { ShopAccess } from '../auth/shop-access';
import { PutErpCustomersDto } from './dto/erp-orders.dto';
import { ErpOrdersInboxService } from './erp-orders-inbox.service';

@ApiTags('erp')
@ApiKeyErrors()
@Controller('v1/erp/customers')
export class ErpCustomersController {
  constructor(private readonly inbox: ErpOrdersInboxService) {}

  // Customers belong to no single shop: a key limited to shops may not write them.
  @Put()
  @ShopAccess.unrestricted()
  @HttpCode(200)
  @ApiOkResponse({ type: CustomersUpsertedDto })
  @ApiBodyErrors()
  @ApiOperation({ summary: 'Create or replace ERP customers' })
  upsert(@Body() dto: PutErpCustomersDto): Promise<CustomersUpsertedDto> {
    return this.inbox.upsertCustomers(dto.customers);
  }
}
