import { Inject, Injectable } from '@nestjs/common';
import {
  balanceTransactionDocument,
  BalanceTransactionDocumentV1,
  disputeDocument,
  DisputeDocumentV1,
  payoutDocument,
  PayoutDocumentV1,
  CLOCK,
  Clock,
  creditMemoDocument,
  CreditMemoDocumentV1,
  customerDocument,
  CustomerDocumentV1,
  paymentDocument,
  PaymentDocumentV1,
  salesOrderDocument,
  SalesOrderDocumentV1,
  ShopsRepository,
  ValidationFailed,
} from '@shopsync/shared';
import {
  ConflictFilter,
  ErpOrdersRepository,
  FeedPosition,
  FeedWindow,
} from './erp-orders.repository';

export const FEED_SETTLE_MS = Symbol('FEED_SETTLE_MS');

export interface Feed<T> {
  items: T[];
  // Pass as `after` for the next page; the same cursor again when nothing new has arrived.
  next: string | null;
}

const DEFAULT_LIMIT = 100;

// The ERP's feeds: the same documents as shopsync.erp.outbound.v1, in a stable order (time, then
// id), paged by an opaque cursor. A document shows up once it is `settleMs` old: the time in the
// cursor is written before its transaction commits, so a younger row could still commit behind
// a cursor already handed out, and would be skipped.
@Injectable()
export class ErpFeedsService {
  constructor(
    private readonly repo: ErpOrdersRepository,
    private readonly shops: ShopsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(FEED_SETTLE_MS) private readonly settleMs: number,
  ) {}

  private window(after: string | undefined): FeedWindow {
    return { after: decode(after), before: new Date(this.clock.now().getTime() - this.settleMs) };
  }

  async salesOrders(
    q: FeedArgs & { conflict?: ConflictFilter },
  ): Promise<Feed<SalesOrderDocumentV1>> {
    const page = await this.repo.salesOrders(
      this.window(q.after),
      q.limit ?? DEFAULT_LIMIT,
      await this.shopId(q.shop),
      q.conflict,
    );
    const lines = await this.repo.salesOrderLines(page.rows.map((r) => r.id));
    return {
      items: page.rows.map((o) =>
        salesOrderDocument(
          o,
          lines.filter((l) => l.salesOrderId === o.id),
        ),
      ),
      next: encode(page.last) ?? q.after ?? null,
    };
  }

  async creditMemos(q: FeedArgs): Promise<Feed<CreditMemoDocumentV1>> {
    const page = await this.repo.creditMemos(
      this.window(q.after),
      q.limit ?? DEFAULT_LIMIT,
      await this.shopId(q.shop),
    );
    const lines = await this.repo.creditMemoLines(page.rows.map((r) => r.id));
    return {
      items: page.rows.map((m) =>
        creditMemoDocument(
          m,
          lines.filter((l) => l.creditMemoId === m.id),
        ),
      ),
      next: encode(page.last) ?? q.after ?? null,
    };
  }

  async payments(q: FeedArgs): Promise<Feed<PaymentDocumentV1>> {
    const page = await this.repo.payments(
      this.window(q.after),
      q.limit ?? DEFAULT_LIMIT,
      await this.shopId(q.shop),
    );
    return { items: page.rows.map(paymentDocument), next: encode(page.last) ?? q.after ?? null };
  }

  async payouts(q: FeedArgs): Promise<Feed<PayoutDocumentV1>> {
    const page = await this.repo.payouts(
      this.window(q.after),
      q.limit ?? DEFAULT_LIMIT,
      await this.shopId(q.shop),
    );
    return { items: page.rows.map(payoutDocument), next: encode(page.last) ?? q.after ?? null };
  }

  async balanceTransactions(q: FeedArgs): Promise<Feed<BalanceTransactionDocumentV1>> {
    const page = await this.repo.balanceTransactions(
      this.window(q.after),
      q.limit ?? DEFAULT_LIMIT,
      await this.shopId(q.shop),
    );
    return {
      items: page.rows.map(balanceTransactionDocument),
      next: encode(page.last) ?? q.after ?? null,
    };
  }

  async disputes(q: FeedArgs): Promise<Feed<DisputeDocumentV1>> {
    const page = await this.repo.disputes(
      this.window(q.after),
      q.limit ?? DEFAULT_LIMIT,
      await this.shopId(q.shop),
    );
    return { items: page.rows.map(disputeDocument), next: encode(page.last) ?? q.after ?? null };
  }

  async customers(q: FeedArgs): Promise<Feed<CustomerDocumentV1>> {
    const page = await this.repo.customers(this.window(q.after), q.limit ?? DEFAULT_LIMIT);
    return { items: page.rows.map(customerDocument), next: encode(page.last) ?? q.after ?? null };
  }

  private async shopId(code: string | undefined): Promise<string | undefined> {
    if (!code) return undefined;
    const shop = await this.shops.getByCode(code);
    return shop.id;
  }
}

export interface FeedArgs {
  after?: string;
  limit?: number;
  shop?: string;
}

export function encode(position: FeedPosition | null): string | null {
  if (!position) return null;
  return Buffer.from(`${new Date(position.at).toISOString()}|${position.id}`).toString('base64url');
}

export function decode(cursor: string | undefined): FeedPosition | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const when = new Date(at ?? '');
  if (!id || Number.isNaN(when.getTime()))
    throw new ValidationFailed([
      { field: 'after', message: 'must be a cursor from a previous page' },
    ]);
  return { at: when, id };
}
