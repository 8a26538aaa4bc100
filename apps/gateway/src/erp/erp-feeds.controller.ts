import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiKeyErrors } from '../common/api-errors';
import {
  BalanceTransactionFeedDto,
  CreditMemoFeedDto,
  CustomerFeedDto,
  DisputeFeedDto,
  PaymentFeedDto,
  PayoutFeedDto,
  SalesOrderFeedDto,
} from './dto/erp-responses.dto';
import type {
  BalanceTransactionDocumentV1,
  DisputeDocumentV1,
  PayoutDocumentV1,
  CreditMemoDocumentV1,
  CustomerDocumentV1,
  PaymentDocumentV1,
  SalesOrderDocumentV1,
} from '@shopsync/shared';
import { ShopAccess } from '../auth/shop-access';
import { ErpFeedQuery, SalesOrderFeedQuery } from './dto/erp-orders.dto';
import { ErpFeedsService, Feed } from './erp-feeds.service';

const CONFLICT_FILTER = { true: 'open', all: 'any', false: undefined } as const;

// What shopsync made for the ERP, in a stable order: page with `after=<next>` until `items` is
// empty, keep the last `next` and ask again later.
@ApiTags('erp')
@ApiKeyErrors()
@Controller('v1/erp')
export class ErpFeedsController {
  constructor(private readonly feeds: ErpFeedsService) {}

  // A key limited to shops reads a feed shop by shop (?shop=).
  @Get('sales-orders')
  @ShopAccess.query('shop')
  @ApiOkResponse({ type: SalesOrderFeedDto })
  @ApiErrors(400)
  @ApiOperation({
    summary: 'the feed of sales documents',
    description:
      'With `conflict=true` only the documents flagged because their Shopify order changed after they were made, not yet acknowledged (`all`: acknowledged too). Conflicts are raised on documents made earlier, so read that list from the start (no `after`).',
  })
  salesOrders(@Query() q: SalesOrderFeedQuery): Promise<Feed<SalesOrderDocumentV1>> {
    const { conflict, ...page } = q;
    return this.feeds.salesOrders({ ...page, conflict: CONFLICT_FILTER[conflict ?? 'false'] });
  }

  @Get('credit-memos')
  @ShopAccess.query('shop')
  @ApiOkResponse({ type: CreditMemoFeedDto })
  @ApiErrors(400)
  @ApiOperation({ summary: 'the feed of credit memos (refunds after the sales document)' })
  creditMemos(@Query() q: ErpFeedQuery): Promise<Feed<CreditMemoDocumentV1>> {
    return this.feeds.creditMemos(q);
  }

  @Get('payments')
  @ShopAccess.query('shop')
  @ApiOkResponse({ type: PaymentFeedDto })
  @ApiErrors(400)
  @ApiOperation({ summary: 'the feed of payments' })
  payments(@Query() q: ErpFeedQuery): Promise<Feed<PaymentDocumentV1>> {
    return this.feeds.payments(q);
  }

  @Get('payouts')
  @ShopAccess.query('shop')
  @ApiOkResponse({ type: PayoutFeedDto })
  @ApiErrors(400)
  @ApiOperation({
    summary: 'the feed of Shopify Payments payouts',
    description:
      "Ordered by last change: a payout shows up again (same `id`) each time its status changes, until it is final (PAID, FAILED, CANCELED). Amounts in the payout currency (`currency`); `shopCurrency` is the shop's.",
  })
  payouts(@Query() q: ErpFeedQuery): Promise<Feed<PayoutDocumentV1>> {
    return this.feeds.payouts(q);
  }

  @Get('balance-transactions')
  @ShopAccess.query('shop')
  @ApiOkResponse({ type: BalanceTransactionFeedDto })
  @ApiErrors(400)
  @ApiOperation({
    summary: 'the feed of Shopify Payments balance transactions',
    description:
      'Each transaction once (charges, refunds, adjustments, …), with its order and payout.',
  })
  balanceTransactions(@Query() q: ErpFeedQuery): Promise<Feed<BalanceTransactionDocumentV1>> {
    return this.feeds.balanceTransactions(q);
  }

  @Get('disputes')
  @ShopAccess.query('shop')
  @ApiOkResponse({ type: DisputeFeedDto })
  @ApiErrors(400)
  @ApiOperation({
    summary: 'the feed of Shopify Payments disputes',
    description:
      'Ordered by last change: a dispute shows up again (same `id`) each time its status changes, until it is final (WON, LOST, ACCEPTED, PREVENTED).',
  })
  disputes(@Query() q: ErpFeedQuery): Promise<Feed<DisputeDocumentV1>> {
    return this.feeds.disputes(q);
  }

  // Customers belong to no single shop.
  @Get('customers')
  @ShopAccess.unrestricted()
  @ApiOkResponse({ type: CustomerFeedDto })
  @ApiErrors(400)
  @ApiOperation({ summary: 'the feed of imported customers' })
  customers(@Query() q: ErpFeedQuery): Promise<Feed<CustomerDocumentV1>> {
    return this.feeds.customers({ after: q.after, limit: q.limit });
  }
}
