import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CustomerDocumentV1, PaymentDocumentV1, SalesOrderDocumentV1 } from '@shopsync/shared';
import { AccessDenied } from '../auth/auth.errors';
import { assertShopAllowed, AuthedRequest } from '../auth/auth.guard';
import { ErpFeedQuery } from './dto/erp-orders.dto';
import { ErpFeedsService, Feed } from './erp-feeds.service';

// What shopsync made for the ERP, in a stable order: page with `after=<next>` until `items` is
// empty, keep the last `next` and ask again later.
@ApiTags('erp')
@Controller('v1/erp')
export class ErpFeedsController {
  constructor(private readonly feeds: ErpFeedsService) {}

  @Get('sales-orders')
  salesOrders(
    @Query() q: ErpFeedQuery,
    @Req() req: AuthedRequest,
  ): Promise<Feed<SalesOrderDocumentV1>> {
    this.allow(req, q);
    return this.feeds.salesOrders(q);
  }

  @Get('payments')
  payments(@Query() q: ErpFeedQuery, @Req() req: AuthedRequest): Promise<Feed<PaymentDocumentV1>> {
    this.allow(req, q);
    return this.feeds.payments(q);
  }

  @Get('customers')
  customers(
    @Query() q: ErpFeedQuery,
    @Req() req: AuthedRequest,
  ): Promise<Feed<CustomerDocumentV1>> {
    if (req.principal?.shops) throw new AccessDenied('this API key is limited to shops');
    return this.feeds.customers({ after: q.after, limit: q.limit });
  }

  private allow(req: AuthedRequest, q: ErpFeedQuery): void {
    if (req.principal?.shops && !q.shop)
      throw new AccessDenied(
        `this API key is limited to shops ${req.principal.shops.join(', ')}: pass ?shop=`,
      );
    if (q.shop) assertShopAllowed(req.principal, q.shop);
  }
}
