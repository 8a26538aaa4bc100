import type { CompanyContactRecord, CompanyLocationRecord, CompanyRecord } from './companies';
import { fnv1a, gid } from '../gid';
import { LeakyBucket, PLAN_LIMITS, ThrottleStatus } from '../leaky-bucket';
import { Clock, CreateShopOptions, ShopPlan } from '../types';
import {
  AdjustmentGroupRecord,
  BulkOperationRecord,
  CustomerRecord,
  IdempotencyRecord,
  InventoryItemRecord,
  InventoryLevelRecord,
  LedgerEntry,
  FulfillmentServiceRecord,
  LocationRecord,
  MediaRecord,
  OrderRecord,
  ProductOperationRecord,
  ProductRecord,
  QUANTITY_NAMES,
  QuantityName,
  VariantRecord,
  WebhookSubscriptionRecord,
} from './records';
import { ShopifyPaymentsAccountState } from './shopify-payments';

// Everything one simulated store holds: its records, its rate-limit bucket, its idempotency
// ledger and the counters benchmarks read. Domain operations live in the sibling modules.

export interface ShopCounters {
  calls: number;
  throttled: number;
  faultsInjected: number;
  requestedPoints: number;
  pointsUsed: number;
  refundedPoints: number;
  byOperation: Record<string, number>;
}

export interface MutationCallRecord {
  mutation: string;
  targetId: string | null;
  at: string;
  // fulfillmentCreate: the fulfillment's line items.
  lineItems?: number;
  // What was sent, where the mutation records it: customerUpdate the input fields it was given,
  // customerAddressCreate / customerAddressUpdate the address id.
  input?: string[];
}

export function emptyCounters(): ShopCounters {
  return {
    calls: 0,
    throttled: 0,
    faultsInjected: 0,
    requestedPoints: 0,
    pointsUsed: 0,
    refundedPoints: 0,
    byOperation: {},
  };
}

// Shopify reports timestamps to the second; so do we, which makes `updated_at:>'…'` windows
// behave like the real thing (changes in the same second as a sync start are an edge to handle).
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class ShopState {
  readonly domain: string;
  readonly accessToken: string;
  readonly appSecret: string;
  plan: ShopPlan;
  name: string;
  currencyCode: string;
  ianaTimezone: string;
  readonly shopId: string;
  readonly createdAt: string;
  readonly bucket: LeakyBucket;
  // The app installation's granted access scopes (handles).
  accessScopes: string[];

  readonly locations = new Map<string, LocationRecord>();
  readonly fulfillmentServices = new Map<string, FulfillmentServiceRecord>();
  readonly products = new Map<string, ProductRecord>();
  readonly variants = new Map<string, VariantRecord>();
  readonly inventoryItems = new Map<string, InventoryItemRecord>();
  // Keyed by `${inventoryItemId}|${locationId}`; levelsByItem indexes the same records, since
  // most reads go item → levels and shops in benchmarks hold tens of thousands of levels.
  readonly inventoryLevels = new Map<string, InventoryLevelRecord>();
  private readonly levelsByItem = new Map<string, InventoryLevelRecord[]>();
  readonly media = new Map<string, MediaRecord>();
  readonly customers = new Map<string, CustomerRecord>();
  readonly orders = new Map<string, OrderRecord>();
  readonly companies = new Map<string, CompanyRecord>();
  readonly companyLocations = new Map<string, CompanyLocationRecord>();
  readonly companyContacts = new Map<string, CompanyContactRecord>();
  readonly webhookSubscriptions = new Map<string, WebhookSubscriptionRecord>();
  readonly bulkOperations = new Map<string, BulkOperationRecord>();
  readonly productOperations = new Map<string, ProductOperationRecord>();
  readonly adjustmentGroups = new Map<string, AdjustmentGroupRecord>();
  // Keyed by `${mutation}:${key}`.
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly ledger: LedgerEntry[] = [];
  // Order mutations that changed something (orderClose, refundCreate, ...), for assertions.
  readonly mutationCalls: MutationCallRecord[] = [];
  counters: ShopCounters = emptyCounters();
  // null: the shop does not use Shopify Payments (shopifyPaymentsAccount answers null).
  shopifyPayments: ShopifyPaymentsAccountState | null;

  private idSequence: number;
  private orderNumber = 1001;

  constructor(
    options: CreateShopOptions,
    private readonly clock: Clock,
    timeScale: number,
  ) {
    this.domain = options.domain;
    this.accessToken = options.accessToken;
    this.appSecret = options.appSecret ?? `${options.domain}-secret`;
    this.plan = options.plan ?? 'standard';
    this.name = options.name ?? options.domain.replace(/\.myshopify\.com$/, '');
    this.currencyCode = options.currencyCode ?? 'EUR';
    this.ianaTimezone = options.ianaTimezone ?? 'Europe/Amsterdam';
    // Each shop gets its own id range derived from its domain: ids are deterministic per shop and
    // do not collide between shops in one simulator.
    this.idSequence = ((fnv1a(options.domain) % 9000) + 1000) * 1_000_000;
    this.shopId = gid('Shop', this.nextId());
    this.createdAt = this.now();
    this.bucket = new LeakyBucket(PLAN_LIMITS[this.plan], clock, timeScale);
    this.accessScopes = [...(options.accessScopes ?? [])];
    this.shopifyPayments =
      options.shopifyPayments === false
        ? null
        : new ShopifyPaymentsAccountState(this, this.currencyCode);
  }

  nextId(): number {
    this.idSequence += 1;
    return this.idSequence;
  }

  nextOrderNumber(): number {
    return this.orderNumber++;
  }

  nowMs(): number {
    return this.clock();
  }

  now(): string {
    return isoSeconds(this.clock());
  }

  setPlan(plan: ShopPlan): void {
    this.plan = plan;
    this.bucket.setLimits(PLAN_LIMITS[plan]);
  }

  levelKey(inventoryItemId: string, locationId: string): string {
    return `${inventoryItemId}|${locationId}`;
  }

  getLevel(inventoryItemId: string, locationId: string): InventoryLevelRecord | undefined {
    return this.inventoryLevels.get(this.levelKey(inventoryItemId, locationId));
  }

  // Stocks an item at a location (Shopify's inventoryActivate) with all quantities at 0.
  activateLevel(inventoryItemId: string, locationId: string): InventoryLevelRecord {
    const existing = this.getLevel(inventoryItemId, locationId);
    if (existing) return existing;
    const quantities = Object.fromEntries(QUANTITY_NAMES.map((n) => [n, 0])) as Record<
      QuantityName,
      number
    >;
    const itemNumber = Number(inventoryItemId.split('/').pop());
    const locationNumber = Number(locationId.split('/').pop());
    const level: InventoryLevelRecord = {
      id: gid('InventoryLevel', locationNumber, `inventory_item_id=${itemNumber}`),
      inventoryItemId,
      locationId,
      quantities,
      createdAt: this.now(),
      updatedAt: this.now(),
    };
    this.inventoryLevels.set(this.levelKey(inventoryItemId, locationId), level);
    this.levelsByItem.set(inventoryItemId, [
      ...(this.levelsByItem.get(inventoryItemId) ?? []),
      level,
    ]);
    return level;
  }

  removeLevelsOfItem(inventoryItemId: string): void {
    for (const level of this.levelsOfItem(inventoryItemId))
      this.inventoryLevels.delete(this.levelKey(inventoryItemId, level.locationId));
    this.levelsByItem.delete(inventoryItemId);
  }

  levelsOfItem(inventoryItemId: string): InventoryLevelRecord[] {
    return this.levelsByItem.get(inventoryItemId) ?? [];
  }

  levelsAtLocation(locationId: string): InventoryLevelRecord[] {
    return [...this.inventoryLevels.values()].filter((l) => l.locationId === locationId);
  }

  throttleStatus(): ThrottleStatus {
    return this.bucket.status();
  }

  resetCounters(): void {
    this.counters = emptyCounters();
  }

  summary(): ShopSummary {
    return {
      domain: this.domain,
      shopId: this.shopId,
      name: this.name,
      plan: this.plan,
      currencyCode: this.currencyCode,
      accessScopes: this.accessScopes,
      counts: {
        locations: this.locations.size,
        products: this.products.size,
        variants: this.variants.size,
        inventoryItems: this.inventoryItems.size,
        inventoryLevels: this.inventoryLevels.size,
        media: this.media.size,
        customers: this.customers.size,
        orders: this.orders.size,
        webhookSubscriptions: this.webhookSubscriptions.size,
        bulkOperations: this.bulkOperations.size,
        ledgerEntries: this.ledger.length,
      },
      throttleStatus: this.throttleStatus(),
      counters: this.counters,
    };
  }
}

export interface ShopSummary {
  domain: string;
  shopId: string;
  name: string;
  plan: ShopPlan;
  currencyCode: string;
  accessScopes: string[];
  counts: Record<string, number>;
  throttleStatus: ThrottleStatus;
  counters: ShopCounters;
}
