import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, shopSettings, ValidationFailed } from '@shopsync/shared';
import { paginate } from '../../shopify/pagination';
import { addCounts, CustomerStore, noCounts } from '../../order-side/customer-store';
import { CustomerImport, toErpAddress } from '../../order-side/customer-matching';
import { SyncCursors } from '../../sync-cursors/sync-cursors';
import { updatedSinceQuery } from '../../order-side/task-support';
import { TaskContext, TaskHandler, TaskResult } from '../task-handler';
import { importFilterQuery, toStagedOrder } from './order-mapping';
import type { ShopifyOrderNode } from './order-nodes';
import { readWholeOrder } from './order-detail.reader';
import { OrderStagingRepository } from './order-staging.repository';
import { COMPANY_LOCATIONS, ORDERS_UPDATED_SINCE } from './orders.graphql';
import type { ShopifyCompanyLocationNode } from './order-nodes';
import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import { largestPageSize } from './page-size';

export const ORDERS_CURSOR = 'orders.lastSyncAt';
// As many orders per page as Shopify's 1,000-point ceiling allows (4 with the list sizes).
export const ORDERS_PAGE_SIZE = largestPageSize(ORDERS_UPDATED_SINCE);

interface OrdersPage {
  orders: {
    nodes: ShopifyOrderNode[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

// Shopify → order staging. Reads orders changed since the last sync (the time is taken when the
// job starts, so a change during the run is read again next time); the first run reads open
// orders only, unless `params.since` says from when; settings.orders.importFilter narrows either.
// Each order is read whole (order-detail.reader.ts reads what the list query had no room for).
// Customers come along per shop setting; with `autoCreateSalesOrders` a `sales-orders` job
// follows.
@Injectable()
export class OrdersHandler implements TaskHandler {
  readonly task = 'orders' as const;

  constructor(
    private readonly staging: OrderStagingRepository,
    private readonly customers: CustomerStore,
    private readonly cursors: SyncCursors,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(ctx: TaskContext): Promise<TaskResult> {
    const startedAt = this.clock.now();
    const shop = ctx.shop;
    const settings = shopSettings(shop);
    const since = sinceParam(ctx.job.params.since);
    const last = await this.cursors.get(shop.id, ORDERS_CURSOR);
    const window = since
      ? updatedSinceQuery(since)
      : last
        ? updatedSinceQuery(new Date(last))
        : 'status:open';
    const filter = importFilterQuery(settings.orders.importFilter);
    const query = filter ? `${window} AND ${filter}` : window;
    const client = ctx.shopify();
    const importCustomers = settings.customers.import !== 'none';
    const totals = { created: 0, updated: 0, unchanged: 0, conflicts: 0, refundsPending: 0 };
    const customers = noCounts();
    let read = 0;
    let completed = 0;
    let detailCalls = 0;
    await ctx.log('info', 'reading orders', { query, importCustomers });

    for await (const page of paginate<OrdersPage, ShopifyOrderNode>(client, ORDERS_UPDATED_SINCE, {
      connection: (d) => d.orders,
      variables: { query },
      pageSize: ORDERS_PAGE_SIZE,
      operationName: 'OrdersUpdatedSince',
      signal: ctx.signal,
    })) {
      ctx.throwIfCancelled();
      const staged = [];
      const locations = await companyLocations(client, page.nodes, ctx.signal);
      for (const node of page.nodes) {
        const whole = await readWholeOrder(client, node, ctx.signal);
        if (whole.detailCalls) completed++;
        detailCalls += whole.detailCalls;
        const pe = node.purchasingEntity;
        const companyLocation =
          pe?.__typename === 'PurchasingCompany' ? locations.get(pe.location.id) : undefined;
        staged.push(toStagedOrder(node, whole.lines, { ...whole.more, companyLocation }));
      }
      const counts = await this.staging.stage(
        shop.id,
        staged,
        this.clock.now(),
        settings.orders.refunds,
      );
      totals.created += counts.created;
      totals.updated += counts.updated;
      totals.unchanged += counts.unchanged;
      totals.conflicts += counts.conflicts;
      totals.refundsPending += counts.refundsPending;
      if (importCustomers) {
        // The order's bill-to is what the 'bill-to' mapping compares, and a new customer's address.
        // A B2B order's customer is its company's (below), not the contact who placed it.
        const imports = page.nodes.flatMap((n): CustomerImport[] =>
          n.customer && n.purchasingEntity?.__typename !== 'PurchasingCompany'
            ? [
                {
                  snapshot: n.customer,
                  billTo: toErpAddress(n.billingAddress ?? n.shippingAddress),
                },
              ]
            : [],
        );
        addCounts(
          customers,
          await this.customers.importCustomers(shop, imports, { settings: settings.customers }),
        );
        const companies = staged.flatMap((o) => (o.extras.company ? [o.extras.company] : []));
        if (companies.length)
          customers.created += await this.customers.importCompanies(
            shop,
            companies,
            settings.customers,
          );
      }
      read += page.nodes.length;
      ctx.progress(read);
    }

    await this.cursors.set(shop.id, ORDERS_CURSOR, startedAt.toISOString(), this.clock.now());
    if (settings.orders.autoCreateSalesOrders) ctx.chain('sales-orders');
    return {
      summary: {
        ...totals,
        read,
        query,
        // Orders with more than the list query reads, and the calls that read the rest.
        readInDetail: { orders: completed, calls: detailCalls },
        customers: importCustomers ? customers : 'not imported (settings.customers.import: none)',
        shopify: client.stats,
      },
    };
  }
}

function sinceParam(value: unknown): Date | null {
  if (value === undefined || value === null) return null;
  const when = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(when.getTime()))
    throw new ValidationFailed([{ field: 'params.since', message: 'must be an ISO 8601 time' }]);
  return when;
}

interface CompanyLocationsAnswer {
  nodes: Array<ShopifyCompanyLocationNode | null>;
}

// The company locations of a page's B2B orders, by id, in one call.
async function companyLocations(
  client: ShopifyGraphql,
  nodes: ShopifyOrderNode[],
  signal: AbortSignal | undefined,
): Promise<Map<string, ShopifyCompanyLocationNode>> {
  const ids = [
    ...new Set(
      nodes.flatMap((n) =>
        n.purchasingEntity?.__typename === 'PurchasingCompany'
          ? [n.purchasingEntity.location.id]
          : [],
      ),
    ),
  ];
  if (!ids.length) return new Map();
  const answer = await client.request<CompanyLocationsAnswer>(
    COMPANY_LOCATIONS,
    { ids },
    { operationName: 'CompanyLocations', signal },
  );
  return new Map(answer.nodes.filter((l) => l !== null).map((l) => [l.id, l]));
}
