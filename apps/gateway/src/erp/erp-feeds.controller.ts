import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CustomerDocumentV1, PaymentDocumentV1, SalesOrderDocumentV1 } from '@shopsync/shared';
import { ShopAccess } from '../auth/shop-access';
import { ErpFeedQuery } from './dto/erp-orders.dto';
import { ErpFeedsService, Feed } from './erp-feeds.service';

// What shopsync made for the ERP, in a stable order: page with `after=<next>` until `items` is
// empty, keep the last `next` and ask again later.
@ApiTags('erp')
@Controller('v1/erp')
export class ErpFeedsController {
  constructor(private readonly feeds: ErpFeedsService) {}

  // A key limited to shops reads a feed shop by shop (?shop=).
  @Get('sales-orders')
  @ShopAccess.query('shop')
  salesOrders(@Query() q: ErpFeedQuery): Promise<Feed<SalesOrderDocumentV1>> {
    return this.feeds.salesOrders(q);
  }

  @Get('payments')
  @ShopAccess.query('shop')
  payments(@Query() q: ErpFeedQuery): Promise<Feed<PaymentDocumentV1>> {
    return this.feeds.payments(q);
  }

  // Customers belong to no single shop.
  @Get('customers')
  @ShopAccess.unrestricted()
  customers(@Query() q: ErpFeedQuery): Promise<Feed<CustomerDocumentV1>> {
    return this.feeds.customers({ after: q.after, limit: q.limit });
  }
}
