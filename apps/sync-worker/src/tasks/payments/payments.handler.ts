import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, ErpPaymentEntity } from '@shopsync/shared';
import { paginate } from '../../shopify/pagination';
import { SyncCursors } from '../../sync-cursors/sync-cursors';
import { updatedSinceQuery } from '../../order-side/task-support';
import { TaskContext, TaskHandler, TaskResult } from '../task-handler';
import { ORDER_TRANSACTIONS_SINCE } from './payments.graphql';
import { PaymentsRepository } from './payments.repository';
import { ShopifyPaymentsSync } from './shopify-payments.sync';

export const PAYMENTS_CURSOR = 'payments.lastSyncAt';
const PAGE_SIZE = 20;

export interface TransactionNode {
  id: string;
  kind: string;
  status: string;
  gateway: string | null;
  processedAt: string | null;
  amountSet: { shopMoney: { amount: string; currencyCode: string } };
  parentTransaction: { id: string } | null;
}
interface OrderNode {
  id: string;
  name: string;
  transactions: TransactionNode[];
}
interface OrdersPage {
  orders: { nodes: OrderNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

// Transactions (sale, capture, refund, …) of imported orders changed since the last payments
// sync → ERP payments, each once: the unique transaction id decides, and a payment is published
// on shopsync.erp.outbound.v1 in the transaction that records it. Then Shopify Payments (payouts,
// balance transactions, disputes: ShopifyPaymentsSync), where the shop has it.
@Injectable()
export class PaymentsHandler implements TaskHandler {
  readonly task = 'payments' as const;

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly cursors: SyncCursors,
    private readonly shopifyPayments: ShopifyPaymentsSync,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(ctx: TaskContext): Promise<TaskResult> {
    const startedAt = this.clock.now();
    const shopId = ctx.job.shopId;
    const last = await this.cursors.get(shopId, PAYMENTS_CURSOR);
    const query = last ? updatedSinceQuery(new Date(last)) : null;
    const client = ctx.shopify();
    const counts = { recorded: 0, known: 0, notImported: 0, pending: 0 };
    let read = 0;
    for await (const page of paginate<OrdersPage, OrderNode>(client, ORDER_TRANSACTIONS_SINCE, {
      connection: (d) => d.orders,
      variables: { query },
      pageSize: PAGE_SIZE,
      operationName: 'OrderTransactionsSince',
      signal: ctx.signal,
    })) {
      ctx.throwIfCancelled();
      const c = await this.record(shopId, page.nodes);
      counts.recorded += c.recorded;
      counts.known += c.known;
      counts.notImported += c.notImported;
      counts.pending += c.pending;
      read += page.nodes.length;
      ctx.progress(read);
    }
    await this.cursors.set(shopId, PAYMENTS_CURSOR, startedAt.toISOString(), this.clock.now());
    const shopifyPayments = await this.shopifyPayments.run(ctx);
    return { summary: { ...counts, ordersRead: read, shopifyPayments, shopify: client.stats } };
  }

  private async record(shopId: string, orders: OrderNode[]) {
    const counts = { recorded: 0, known: 0, notImported: 0, pending: 0 };
    if (!orders.length) return counts;
    const imported = await this.payments.importedOrderIds(
      shopId,
      orders.map((o) => o.id),
    );
    const candidates = orders.flatMap((o) => {
      if (!imported.has(o.id)) {
        counts.notImported++;
        return [];
      }
      return o.transactions.map((t) => ({ order: o, t }));
    });
    // Only settled transactions: a pending one is recorded when it succeeds (the order changes).
    const settled = candidates.filter(({ t }) => {
      if (t.status === 'SUCCESS') return true;
      counts.pending++;
      return false;
    });
    if (!settled.length) return counts;
    const now = this.clock.now();
    const rows: ErpPaymentEntity[] = settled.map(({ order, t }) => ({
      id: randomUUID(),
      shopId,
      transactionId: t.id,
      shopifyOrderId: order.id,
      orderName: order.name,
      kind: t.kind,
      status: t.status,
      gateway: t.gateway,
      amount: Number(t.amountSet.shopMoney.amount).toFixed(2),
      currency: t.amountSet.shopMoney.currencyCode,
      parentTransactionId: t.parentTransaction?.id ?? null,
      processedAt: t.processedAt ? new Date(t.processedAt) : null,
      createdAt: now,
    }));
    const recorded = await this.payments.recordNew(shopId, rows, now);
    counts.known += settled.length - recorded;
    counts.recorded += recorded;
    return counts;
  }
}
