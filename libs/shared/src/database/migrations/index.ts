import { Initial1764300000000 } from './1764300000000-initial';
import { Schedules1764400000000 } from './1764400000000-schedules';
import { Shopify1764500000000 } from './1764500000000-shopify';
import { Catalog1764600000000 } from './1764600000000-catalog';
import { Orders1764700000000 } from './1764700000000-orders';
import { PartialJobIndexes1764800000000 } from './1764800000000-partial-job-indexes';
import { WebhookReceiptsPerShop1764900000000 } from './1764900000000-webhook-receipts-per-shop';
import { OutboxSetAside1764950000000 } from './1764950000000-outbox-set-aside';
import { ShopScopesAndVersion1765000000000 } from './1765000000000-shop-scopes-and-version';
import { RetentionIndexes1765100000000 } from './1765100000000-retention-indexes';
import { OrderDocuments1765200000000 } from './1765200000000-order-documents';
import { CatalogOwnership1765300000000 } from './1765300000000-catalog-ownership';
import { ShopifyPayments1765400000000 } from './1765400000000-shopify-payments';
import { CustomerIdentity1765500000000 } from './1765500000000-customer-identity';
import { CustomerDetails1765600000000 } from './1765600000000-customer-details';
import { CatalogContent1765700000000 } from './1765700000000-catalog-content';
import { StockByType1765800000000 } from './1765800000000-stock-by-type';
import { ShipmentAgents1765900000000 } from './1765900000000-shipment-agents';
import { WebhookSubscriptions1766000000000 } from './1766000000000-webhook-subscriptions';
import { StrictOrdering1766100000000 } from './1766100000000-strict-ordering';
import { NotificationsAndAudit1766200000000 } from './1766200000000-notifications-and-audit';
import { ApiKeys1766300000000 } from './1766300000000-api-keys';
import { JobTiming1766400000000 } from './1766400000000-job-timing';

// Applied in this order on PostgreSQL and SQLite alike.
export const MIGRATIONS = [
  Initial1764300000000,
  Schedules1764400000000,
  Shopify1764500000000,
  Catalog1764600000000,
  Orders1764700000000,
  PartialJobIndexes1764800000000,
  WebhookReceiptsPerShop1764900000000,
  OutboxSetAside1764950000000,
  ShopScopesAndVersion1765000000000,
  RetentionIndexes1765100000000,
  OrderDocuments1765200000000,
  CatalogOwnership1765300000000,
  ShopifyPayments1765400000000,
  CustomerIdentity1765500000000,
  CustomerDetails1765600000000,
  CatalogContent1765700000000,
  StockByType1765800000000,
  ShipmentAgents1765900000000,
  WebhookSubscriptions1766000000000,
  StrictOrdering1766100000000,
  NotificationsAndAudit1766200000000,
  ApiKeys1766300000000,
  JobTiming1766400000000,
];
