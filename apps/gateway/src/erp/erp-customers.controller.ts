import { Body, Controller, HttpCode, Put, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AccessDenied } from '../auth/auth.errors';
import type { AuthedRequest } from '../auth/auth.guard';
import { PutErpCustomersDto } from './dto/erp-orders.dto';
import { ErpOrdersInboxService } from './erp-orders-inbox.service';

@ApiTags('erp')
@Controller('v1/erp/customers')
export class ErpCustomersController {
  constructor(private readonly inbox: ErpOrdersInboxService) {}

  // Customers belong to no single shop: a key limited to shops may not write them.
  @Put()
  @HttpCode(200)
  upsert(
    @Body() dto: PutErpCustomersDto,
    @Req() req: AuthedRequest,
  ): Promise<{ created: number; updated: number; unchanged: number }> {
    if (req.principal?.shops) throw new AccessDenied('this API key is limited to shops');
    return this.inbox.upsertCustomers(dto.customers);
  }
}
