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
  sendsAnything,
  ShopifyCustomerSnapshot,
  ShopifyMailingAddress,
  toErpAddress,
} from '../../order-side/customer-matching';
import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import { collectAll } from '../../shopify/pagination';
import { largestPageSize } from '../orders/page-size';
import { pushCustomer } from './customer-push';
import { CUSTOMER_ADDRESSES, CUSTOMERS_UPDATED_SINCE } from './customers.graphql';

export const CUSTOMERS_CURSOR = 'customers.lastSyncAt';
// The refresh of known customers keeps its own cursor: a later switch to `all` still reads all.
export const KNOWN_CUSTOMERS_CURSOR = 'customers.knownRefreshedAt';

interface AddressConnection {
  nodes: ShopifyMailingAddress[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
type CustomerNode = Omit<ShopifyCustomerSnapshot, 'addresses'> & {
  addressesV2: AddressConnection;
};
interface CustomersPage {
  customers: {
    nodes: CustomerNode[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
interface CustomerAddressesPage {
  customer: { addressesV2: AddressConnection } | null;
}

// As many customers per page as the 1,000-point ceiling allows with their addresses.
export const CUSTOMERS_PAGE_SIZE = largestPageSize(CUSTOMERS_UPDATED_SINCE);
const ADDRESS_PAGE = largestPageSize(CUSTOMER_ADDRESSES);

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
      for await (const page of paginate<CustomersPage, CustomerNode>(
        client,
        CUSTOMERS_UPDATED_SINCE,
        {
          connection: (d) => d.customers,
          variables: { query },
          pageSize: CUSTOMERS_PAGE_SIZE,
          operationName: 'CustomersUpdatedSince',
          signal: ctx.signal,
        },
      )) {
        ctx.throwIfCancelled();
        const snapshots: ShopifyCustomerSnapshot[] = [];
        for (const node of page.nodes) snapshots.push(await withAllAddresses(client, node, ctx));
        const imports = snapshots.map((snapshot) => {
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
        if (!sendsAnything(changes)) {
          const shopify = changes.linked
            ? {
                ...mapping.shopify,
                addressCodes: { ...mapping.shopify.addressCodes, ...changes.linked },
              }
            : mapping.shopify;
          await this.store.markReconciled(mapping, shopify, mapping.shopifyUpdatedAt);
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

// A customer with all its addresses: those of the list query, and the rest read by cursor.
async function withAllAddresses(
  client: ShopifyGraphql,
  node: CustomerNode,
  ctx: TaskContext,
): Promise<ShopifyCustomerSnapshot> {
  const { addressesV2, ...snapshot } = node;
  const addresses = [...addressesV2.nodes];
  if (addressesV2.pageInfo.hasNextPage)
    addresses.push(
      ...(await collectAll<CustomerAddressesPage, ShopifyMailingAddress>(
        client,
        CUSTOMER_ADDRESSES,
        {
          connection: (d) => d.customer?.addressesV2,
          variables: { id: node.id },
          after: addressesV2.pageInfo.endCursor,
          pageSize: ADDRESS_PAGE,
          operationName: 'CustomerAddresses',
          signal: ctx.signal,
        },
      )),
    );
  return { ...snapshot, addresses };
}
