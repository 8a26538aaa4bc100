import { Body, Controller, HttpCode, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ShopAccess } from '../auth/shop-access';
import { PutErpCustomersDto } from './dto/erp-orders.dto';
import { ErpOrdersInboxService } from './erp-orders-inbox.service';

@ApiTags('erp')
@Controller('v1/erp/customers')
export class ErpCustomersController {
  constructor(private readonly inbox: ErpOrdersInboxService) {}

  // Customers belong to no single shop: a key limited to shops may not write them.
  @Put()
  @ShopAccess.unrestricted()
  @HttpCode(200)
  upsert(
    @Body() dto: PutErpCustomersDto,
  ): Promise<{ created: number; updated: number; unchanged: number }> {
    return this.inbox.upsertCustomers(dto.customers);
  }
}
