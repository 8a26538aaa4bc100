import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  CustomersSettingsV1,
  OrdersSettingsV1,
  shopSettings,
  ShopifyOrderEntity,
} from '@shopsync/shared';
import { ShopifyItemImport } from '../../catalog/shopify-item-import';
import { CustomerStore } from '../../order-side/customer-store';
import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import { TaskContext, TaskHandler, TaskResult } from '../task-handler';
import { buildCreditMemo, pendingRefunds } from './credit-memo-builder';
import { orderCustomer } from './order-customer';
import { buildSalesOrder } from './sales-order-builder';
import { SalesOrdersRepository } from './sales-orders.repository';
import { closeOrder, productsBySku, writeDocumentNumber } from './shopify-order-writes';
import { SKU_CATALOG, SkuCatalog } from './sku-catalog';

const BATCH = 100;
const MAX_LISTED_ERRORS = 20;

interface Counts {
  created: number;
  invoices: number;
  existing: number;
  cancelled: number;
  failed: number;
  itemsCreated: number;
  creditMemos: number;
  creditMemosFailed: number;
  documentNumbersSent: number;
  ordersClosed: number;
  shopifyRefused: number;
}

// Unprocessed staged orders → ERP sales orders (invoices when already fulfilled and the shop
// says so); then, per shop settings, refunds of orders already made into documents → credit
// memos, the document number written back to Shopify, and processed orders closed there. A bad
// order keeps its error, stays unprocessed and does not stop the others; a Shopify refusal is
// logged and tried again next run.
@Injectable()
export class SalesOrdersHandler implements TaskHandler {
  readonly task = 'sales-orders' as const;

  constructor(
    private readonly repo: SalesOrdersRepository,
    private readonly customers: CustomerStore,
    private readonly itemImport: ShopifyItemImport,
    @Inject(SKU_CATALOG) private readonly skus: SkuCatalog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(ctx: TaskContext): Promise<TaskResult> {
    const settings = shopSettings(ctx.shop).orders;
    const counts: Counts = {
      created: 0,
      invoices: 0,
      existing: 0,
      cancelled: 0,
      failed: 0,
      itemsCreated: 0,
      creditMemos: 0,
      creditMemosFailed: 0,
      documentNumbersSent: 0,
      ordersClosed: 0,
      shopifyRefused: 0,
    };
    const errors: Array<{ order: string; error: string }> = [];
    const note = (order: string, error: string) => {
      ctx.skip(order, error);
      if (errors.length < MAX_LISTED_ERRORS) errors.push({ order, error });
    };
    // Built on first use: a shop whose settings ask for no Shopify call never gets a client.
    let client: ShopifyGraphql | null = null;
    const shopify = () => (client ??= ctx.shopify());

    await this.documents(ctx, settings, counts, note, shopify);
    if (settings.refunds === 'credit-memo') await this.creditMemos(ctx, settings, counts, note);
    await this.writeBack(ctx, settings, counts, note, shopify);

    if (counts.failed || counts.creditMemosFailed || counts.shopifyRefused)
      await ctx.log('warn', 'some orders could not be completed', { errors });
    const stats = (client as ShopifyGraphql | null)?.stats;
    return { summary: { ...counts, errors, ...(stats ? { shopify: stats } : {}) } };
  }

  private async documents(
    ctx: TaskContext,
    settings: OrdersSettingsV1,
    counts: Counts,
    note: (order: string, error: string) => void,
    shopify: () => ShopifyGraphql,
  ): Promise<void> {
    const shop = ctx.shop;
    const customerSettings = shopSettings(shop).customers;
    let afterId = '';
    let seen = 0;
    for (;;) {
      ctx.throwIfCancelled();
      const batch = await this.repo.unprocessed(shop.id, afterId, BATCH);
      if (!batch.length) break;
      afterId = batch[batch.length - 1].id;
      const wanted = [
        ...new Set(
          batch.flatMap((o) =>
            o.cancelledAt ? [] : o.lines.filter((l) => l.sku && !l.giftCard).map((l) => l.sku!),
          ),
        ),
      ];
      const knownSkus = await this.skus.known(wanted);
      if (settings.unknownSku === 'create-item') {
        const unknown = wanted.filter((s) => !knownSkus.has(s));
        if (unknown.length) {
          counts.itemsCreated += await this.createItems(ctx, shopify(), unknown, note);
          for (const sku of await this.skus.known(unknown)) knownSkus.add(sku);
        }
      }
      for (const order of batch) {
        const now = this.clock.now();
        if (order.cancelledAt) {
          await this.repo.markProcessedWithout(order, now);
          counts.cancelled++;
          continue;
        }
        const { customer, customerProblem } = await this.customerOf(order, customerSettings);
        const built = buildSalesOrder({
          order,
          customer,
          customerProblem,
          knownSkus,
          shopCode: shop.code,
          settings,
          id: randomUUID(),
          now,
        });
        if (!built.ok) {
          await this.repo.markFailed(order, built.error, now);
          note(order.name, built.error);
          counts.failed++;
          continue;
        }
        const outcome = await this.repo.create(order, built.header, built.lines, now);
        if (outcome === 'existing') counts.existing++;
        else if (built.header.documentType === 'invoice') counts.invoices++;
        else counts.created++;
      }
      seen += batch.length;
      ctx.progress(seen);
      this.repo.publishSoon();
    }
  }

  // Unknown SKUs → the Shopify products holding them → new ERP items (and the shop's mapping).
  private async createItems(
    ctx: TaskContext,
    client: ShopifyGraphql,
    skus: string[],
    note: (order: string, error: string) => void,
  ): Promise<number> {
    let created = 0;
    for (const product of await productsBySku(client, skus, ctx.signal)) {
      const result = await this.itemImport.importProduct(ctx.shop.id, product, true);
      if (result.outcome === 'created') created++;
      else if (result.outcome === 'skipped') note(product.id, result.reason);
    }
    if (created) await ctx.log('info', `created ${created} ERP item(s) from Shopify products`);
    return created;
  }

  // Refunds of orders already made into documents → one credit memo each.
  private async creditMemos(
    ctx: TaskContext,
    settings: OrdersSettingsV1,
    counts: Counts,
    note: (order: string, error: string) => void,
  ): Promise<void> {
    let afterId = '';
    for (;;) {
      ctx.throwIfCancelled();
      const batch = await this.repo.refundsPending(ctx.shop.id, afterId, BATCH);
      if (!batch.length) break;
      afterId = batch[batch.length - 1].id;
      for (const order of batch) {
        const salesOrder = order.salesOrderId
          ? await this.repo.salesOrder(order.salesOrderId)
          : null;
        if (!salesOrder) {
          await this.repo.clearRefundsPending(order);
          continue;
        }
        const credited = await this.repo.creditedRefundIds(order.shopId, order.shopifyOrderId);
        let complete = true;
        for (const refund of pendingRefunds(order, salesOrder, credited)) {
          const now = this.clock.now();
          const built = buildCreditMemo({
            order,
            salesOrder,
            refund,
            settings,
            id: randomUUID(),
            now,
          });
          if (!built.ok) {
            note(order.name, `refund ${refund.shopifyRefundId}: ${built.error}`);
            counts.creditMemosFailed++;
            complete = false;
            continue;
          }
          if ((await this.repo.createCreditMemo(built.memo, built.lines, now)) === 'created')
            counts.creditMemos++;
        }
        if (complete) await this.repo.clearRefundsPending(order);
      }
      this.repo.publishSoon();
    }
  }

  // The document number to the Shopify order, and the order closed, per settings; once each.
  private async writeBack(
    ctx: TaskContext,
    settings: OrdersSettingsV1,
    counts: Counts,
    note: (order: string, error: string) => void,
    shopify: () => ShopifyGraphql,
  ): Promise<void> {
    const target = settings.documentNumberToShopify;
    const want = { documentNumber: target !== 'off', close: settings.archiveProcessedOrders };
    let afterId = '';
    for (;;) {
      ctx.throwIfCancelled();
      const batch = await this.repo.awaitingShopify(ctx.shop.id, want, afterId, BATCH);
      if (!batch.length) break;
      afterId = batch[batch.length - 1].id;
      for (const doc of batch) {
        if (target !== 'off' && !doc.documentNumberSentAt) {
          const refusal = await writeDocumentNumber(
            shopify(),
            target,
            doc.shopifyOrderId,
            doc.number,
            ctx.signal,
          );
          if (refusal) {
            note(doc.orderName, `Shopify refused the document number: ${refusal}`);
            counts.shopifyRefused++;
          } else {
            await this.repo.markShopifyDone(doc.id, { documentNumberSentAt: this.clock.now() });
            counts.documentNumbersSent++;
          }
        }
        if (want.close && !doc.shopifyClosedAt) {
          const refusal = await closeOrder(shopify(), doc.shopifyOrderId, ctx.signal);
          if (refusal) {
            note(doc.orderName, `Shopify refused to close the order: ${refusal}`);
            counts.shopifyRefused++;
          } else {
            await this.repo.markShopifyDone(doc.id, { shopifyClosedAt: this.clock.now() });
            counts.ordersClosed++;
          }
        }
      }
    }
  }

  private customerOf(order: ShopifyOrderEntity, settings: CustomersSettingsV1) {
    return orderCustomer(order, settings, {
      mapped: (shopId, id) => this.customers.mappedCustomer(shopId, id),
      byContact: (contact, mapping) => this.customers.findByContact(contact, mapping),
      byNumber: (number) => this.customers.byNumber(number),
      byCompany: (name) => this.customers.byCompany(name),
    });
  }
}
