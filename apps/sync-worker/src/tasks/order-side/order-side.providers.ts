import { Provider } from '@nestjs/common';
import { CustomerStore } from '../customers/customer-store';
import { OrderStagingRepository } from '../orders/order-staging.repository';
import { ErpItemSkuCatalog, SKU_CATALOG } from '../sales-orders/sku-catalog';
import { SalesOrdersRepository } from '../sales-orders/sales-orders.repository';
import { SyncCursors } from './sync-cursors';

// What the order-side task handlers (orders, sales-orders, customers, shipments, payments) need
// besides the Shopify client.
export const ORDER_SIDE_PROVIDERS: Provider[] = [
  SyncCursors,
  CustomerStore,
  OrderStagingRepository,
  SalesOrdersRepository,
  ErpItemSkuCatalog,
  { provide: SKU_CATALOG, useExisting: ErpItemSkuCatalog },
];
