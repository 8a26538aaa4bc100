import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  ErpCustomerEntity,
  shopSettings,
  ShopifyOrderEntity,
} from '@shopsync/shared';
import { CustomerStore } from '../../order-side/customer-store';
import { TaskContext, TaskHandler, TaskResult } from '../task-handler';
import { buildSalesOrder } from './sales-order-builder';
import { SalesOrdersRepository } from './sales-orders.repository';
import { SKU_CATALOG, SkuCatalog } from './sku-catalog';

const BATCH = 100;
const MAX_LISTED_ERRORS = 20;

// Unprocessed staged orders → ERP sales orders (invoices when already fulfilled and the shop
// says so). A bad order keeps its error, stays unprocessed and does not stop the others.
@Injectable()
export class SalesOrdersHandler implements TaskHandler {
  readonly task = 'sales-orders' as const;

  constructor(
    private readonly repo: SalesOrdersRepository,
    private readonly customers: CustomerStore,
    @Inject(SKU_CATALOG) private readonly skus: SkuCatalog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(ctx: TaskContext): Promise<TaskResult> {
    const shop = ctx.shop;
    const settings = shopSettings(shop).orders;
    const counts = { created: 0, invoices: 0, existing: 0, cancelled: 0, failed: 0 };
    const errors: Array<{ order: string; error: string }> = [];
    let afterId = '';
    let seen = 0;
    for (;;) {
      ctx.throwIfCancelled();
      const batch = await this.repo.unprocessed(shop.id, afterId, BATCH);
      if (!batch.length) break;
      afterId = batch[batch.length - 1].id;
      const knownSkus = await this.skus.known(
        batch.flatMap((o) => o.lines.map((l) => l.sku)).filter((s): s is string => Boolean(s)),
      );
      for (const order of batch) {
        const now = this.clock.now();
        if (order.cancelledAt) {
          await this.repo.markProcessedWithout(order, now);
          counts.cancelled++;
          continue;
        }
        const built = buildSalesOrder({
          order,
          customer: await this.customerOf(order),
          knownSkus,
          shopCode: shop.code,
          settings,
          id: randomUUID(),
          now,
        });
        if (!built.ok) {
          await this.repo.markFailed(order, built.error, now);
          ctx.skip(order.name, built.error);
          counts.failed++;
          if (errors.length < MAX_LISTED_ERRORS)
            errors.push({ order: order.name, error: built.error });
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
    if (counts.failed)
      await ctx.log('warn', `${counts.failed} order(s) could not become sales orders`, {
        errors,
      });
    return { summary: { ...counts, errors } };
  }

  private async customerOf(order: ShopifyOrderEntity): Promise<ErpCustomerEntity | null> {
    const c = order.customer;
    const mapped = c.shopifyCustomerId
      ? await this.customers.mappedCustomer(order.shopId, c.shopifyCustomerId)
      : null;
    return mapped ?? (await this.customers.findByContact(c.email, c.phone));
  }
}
