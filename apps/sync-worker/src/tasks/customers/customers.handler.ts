import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, shopSettings } from '@shopsync/shared';
import { paginate } from '../../shopify/pagination';
import { SyncCursors } from '../../sync-cursors/sync-cursors';
import { updatedSinceQuery } from '../../order-side/task-support';
import { TaskContext, TaskHandler, TaskResult } from '../task-handler';
import {
  addCounts,
  CustomerConflict,
  CustomerStore,
  noCounts,
} from '../../order-side/customer-store';
import {
  customerChanges,
  erpFields,
  ShopifyCustomerSnapshot,
  toErpAddress,
} from '../../order-side/customer-matching';
import { pushCustomer } from './customer-push';
import { CUSTOMERS_UPDATED_SINCE } from './customers.graphql';

export const CUSTOMERS_CURSOR = 'customers.lastSyncAt';
// The refresh of known customers keeps its own cursor: a later switch to `all` still reads all.
export const KNOWN_CUSTOMERS_CURSOR = 'customers.knownRefreshedAt';

interface CustomersPage {
  customers: {
    nodes: ShopifyCustomerSnapshot[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

// Import per `settings.customers.import`: `all` maps every customer changed since the last sync;
// `with-order-import` (customers come with their orders) reads the changed customers only with
// `shopifyCanUpdateCustomer`, to refresh the ones already mapped; `none` reads none. Then, with
// `canUpdateShopifyCustomer`, the ERP's changes of mapped customers are pushed back: only the
// fields that differ.
@Injectable()
export class CustomersHandler implements TaskHandler {
  readonly task = 'customers' as const;

  constructor(
    private readonly store: CustomerStore,
    private readonly cursors: SyncCursors,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(ctx: TaskContext): Promise<TaskResult> {
    const startedAt = this.clock.now();
    const shop = ctx.shop;
    const settings = shopSettings(shop).customers;
    const client = ctx.shopify();
    const imported = noCounts();
    const conflicts: CustomerConflict[] = [];
    const reads =
      settings.import === 'all' ||
      (settings.import === 'with-order-import' && settings.shopifyCanUpdateCustomer);
    if (reads) {
      const cursor = settings.import === 'all' ? CUSTOMERS_CURSOR : KNOWN_CUSTOMERS_CURSOR;
      const last = await this.cursors.get(shop.id, cursor);
      const query = last ? updatedSinceQuery(new Date(last)) : null;
      let read = 0;
      for await (const page of paginate<CustomersPage, ShopifyCustomerSnapshot>(
        client,
        CUSTOMERS_UPDATED_SINCE,
        {
          connection: (d) => d.customers,
          variables: { query },
          pageSize: 100,
          operationName: 'CustomersUpdatedSince',
          signal: ctx.signal,
        },
      )) {
        ctx.throwIfCancelled();
        const imports = page.nodes.map((snapshot) => {
          const address = toErpAddress(snapshot.defaultAddress);
          return { snapshot, address, billTo: address };
        });
        addCounts(
          imported,
          await this.store.importCustomers(shop, imports, {
            settings,
            knownOnly: settings.import !== 'all',
            onConflict: (c) => conflicts.push(c),
          }),
        );
        for (const c of conflicts.splice(0))
          await ctx.log('warn', 'customer changed in the ERP and in Shopify', { ...c });
        read += page.nodes.length;
        ctx.progress(read);
      }
      await this.cursors.set(shop.id, cursor, startedAt.toISOString(), this.clock.now());
    }

    const pushed = { updated: 0, unchanged: 0, failed: 0 };
    if (settings.canUpdateShopifyCustomer) {
      for (const { mapping, customer } of await this.store.pushCandidates(shop.id)) {
        ctx.throwIfCancelled();
        const changes = customerChanges(erpFields(customer), mapping.shopify);
        if (!Object.keys(changes).length) {
          await this.store.markReconciled(mapping, mapping.shopify, mapping.shopifyUpdatedAt);
          pushed.unchanged++;
          continue;
        }
        const outcome = await pushCustomer(client, mapping, changes, ctx.signal);
        if (!outcome.ok) {
          pushed.failed++;
          ctx.skip(customer.number, outcome.error);
          continue;
        }
        await this.store.markReconciled(mapping, outcome.shopify, outcome.shopifyUpdatedAt);
        pushed.updated++;
      }
    }
    return {
      summary: {
        import: settings.import,
        imported: reads
          ? {
              ...imported,
              ...(settings.import === 'all' ? {} : { only: 'customers already mapped' }),
            }
          : 'with orders only',
        pushed: settings.canUpdateShopifyCustomer ? pushed : 'off (canUpdateShopifyCustomer)',
        shopify: client.stats,
      },
    };
  }
}
