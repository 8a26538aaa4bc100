import { DateTime } from 'luxon';
import { publicApiVersions } from '../api-versions';
import { gid, gidType } from '../gid';
import { filterBySearch } from '../query-filter';
import { ShopPlan } from '../types';
import { FulfillmentServiceRecord, LocationRecord } from '../state/records';
import { ShopState } from '../state/shop-state';
import { Args, ResolverMap, SimContext, TypeResolvers } from './context';
import { findShopifyPaymentsNode } from './shopify-payments.resolvers';
import { idNumber, legacyId, page } from './helpers';

// Shop, locations and node lookups.

const PLAN_NAMES: Record<ShopPlan, { publicDisplayName: string; shopifyPlus: boolean }> = {
  standard: { publicDisplayName: 'Shopify', shopifyPlus: false },
  advanced: { publicDisplayName: 'Advanced', shopifyPlus: false },
  plus: { publicDisplayName: 'Shopify Plus', shopifyPlus: true },
  enterprise: { publicDisplayName: 'Commerce Components', shopifyPlus: true },
};

function zone(shop: ShopState): DateTime {
  return DateTime.fromMillis(shop.nowMs(), { zone: shop.ianaTimezone });
}

export function locationsQuery(_: unknown, args: Args, ctx: SimContext) {
  const all = [...ctx.shop.locations.values()].filter(
    (l) => args.includeInactive === true || l.isActive,
  );
  const matching = filterBySearch(all, args.query as string | null, {
    name: (l) => l.name,
    id: (l) => idNumber(l.id),
    active: (l) => l.isActive,
  });
  return page(matching, args, ctx, { NAME: (l) => l.name, ID: (l) => idNumber(l.id) });
}

const Shop: TypeResolvers<ShopState> = {
  id: (s) => s.shopId,
  name: (s) => s.name,
  email: (s) => `owner@${s.domain}`,
  contactEmail: (s) => `owner@${s.domain}`,
  myshopifyDomain: (s) => s.domain,
  url: (s) => `https://${s.domain}`,
  primaryDomain: (s) => ({
    id: gid('Domain', idNumber(s.shopId)),
    host: s.domain,
    url: `https://${s.domain}`,
    sslEnabled: true,
  }),
  currencyCode: (s) => s.currencyCode,
  enabledPresentmentCurrencies: (s) => [s.currencyCode],
  ianaTimezone: (s) => s.ianaTimezone,
  timezoneAbbreviation: (s) => zone(s).offsetNameShort ?? 'UTC',
  timezoneOffset: (s) => zone(s).toFormat('ZZZ'),
  timezoneOffsetMinutes: (s) => zone(s).offset,
  plan: (s) => ({
    ...PLAN_NAMES[s.plan],
    displayName: PLAN_NAMES[s.plan].publicDisplayName,
    partnerDevelopment: false,
  }),
  createdAt: (s) => s.createdAt,
  updatedAt: (s) => s.createdAt,
  weightUnit: () => 'KILOGRAMS',
  unitSystem: () => 'METRIC_SYSTEM',
  taxesIncluded: () => true,
  shopOwnerName: () => 'Sim Owner',
  billingAddress: () => ({
    id: gid('ShopAddress', 1),
    country: 'Netherlands',
    countryCodeV2: 'NL',
    city: 'Amsterdam',
  }),
  shopAddress: () => ({
    id: gid('ShopAddress', 1),
    country: 'Netherlands',
    countryCodeV2: 'NL',
    city: 'Amsterdam',
  }),
  locations: locationsQuery,
};

const Location: TypeResolvers<LocationRecord> = {
  legacyResourceId: (l) => legacyId(l.id),
  address: (l) => ({
    ...l.address,
    formatted: [
      l.address.address1,
      `${l.address.zip ?? ''} ${l.address.city ?? ''}`.trim(),
      l.address.country,
    ].filter(Boolean),
  }),
  isFulfillmentService: (l) => !!l.fulfillmentServiceId,
  fulfillmentService: (l, _a, ctx) =>
    (l.fulfillmentServiceId && ctx.shop.fulfillmentServices.get(l.fulfillmentServiceId)) || null,
  shipsInventory: () => true,
  hasActiveInventory: (l, _a, ctx) => ctx.shop.levelsAtLocation(l.id).length > 0,
  deactivatable: () => true,
  activatable: () => false,
  deletable: () => false,
  addressVerified: () => true,
  inventoryLevels: (l, args, ctx) => page(ctx.shop.levelsAtLocation(l.id), args, ctx),
  inventoryLevel: (l, args, ctx) => ctx.shop.getLevel(String(args.inventoryItemId), l.id) ?? null,
};

// A service that fulfils from its own location; callbacks, inventory management and shipping
// methods are not modelled (the schema's defaults for a service without them).
const FulfillmentService: TypeResolvers<FulfillmentServiceRecord> = {
  location: (f, _a, ctx) => ctx.shop.locations.get(f.locationId) ?? null,
  callbackUrl: () => null,
  inventoryManagement: () => false,
  requiresShippingMethod: () => false,
  trackingSupport: () => true,
  type: () => 'THIRD_PARTY',
};

// GID → record, for node(id) / nodes(ids) and the `…(id:)` root fields.
export function findNode(shop: ShopState, id: string): unknown {
  switch (gidType(id)) {
    case 'Product':
      return shop.products.get(id);
    case 'ProductVariant':
      return shop.variants.get(id);
    case 'InventoryItem':
      return shop.inventoryItems.get(id);
    case 'InventoryLevel':
      return [...shop.inventoryLevels.values()].find((l) => l.id === id);
    case 'Location':
      return shop.locations.get(id);
    case 'MediaImage':
    case 'Video':
    case 'ExternalVideo':
      return shop.media.get(id);
    case 'Customer':
      return shop.customers.get(id);
    case 'Order':
      return shop.orders.get(id);
    case 'Company':
      return shop.companies.get(id);
    case 'CompanyLocation':
      return shop.companyLocations.get(id);
    case 'CompanyContact':
      return shop.companyContacts.get(id);
    case 'FulfillmentOrder':
      return [...shop.orders.values()].flatMap((o) => o.fulfillmentOrders).find((f) => f.id === id);
    case 'Fulfillment':
      return [...shop.orders.values()].flatMap((o) => o.fulfillments).find((f) => f.id === id);
    case 'BulkOperation':
      return shop.bulkOperations.get(id);
    case 'WebhookSubscription':
      return shop.webhookSubscriptions.get(id);
    case 'ProductSetOperation':
      return shop.productOperations.get(id);
    case 'InventoryAdjustmentGroup':
      return shop.adjustmentGroups.get(id);
    case 'ShopifyPaymentsPayout':
    case 'ShopifyPaymentsDispute':
    case 'ShopifyPaymentsBalanceTransaction':
      return findShopifyPaymentsNode(shop, id);
    default:
      return undefined;
  }
}

export const shopResolvers: ResolverMap = {
  QueryRoot: {
    shop: (_p: unknown, _a: Args, ctx: SimContext) => ctx.shop,
    // The granted scopes only: the rest of the installation is not modelled.
    currentAppInstallation: (_p: unknown, _a: Args, ctx: SimContext) => ({
      id: gid('AppInstallation', idNumber(ctx.shop.shopId)),
      accessScopes: ctx.shop.accessScopes.map((handle) => ({ handle })),
    }),
    publicApiVersions: (_p: unknown, _a: Args, ctx: SimContext) =>
      publicApiVersions(ctx.services.apiVersions),
    locations: locationsQuery,
    location: (_p: unknown, args: Args, ctx: SimContext) => {
      if (typeof args.id === 'string') return ctx.shop.locations.get(args.id) ?? null;
      return [...ctx.shop.locations.values()][0] ?? null;
    },
    locationsCount: (_p: unknown, _a: Args, ctx: SimContext) => ({
      count: ctx.shop.locations.size,
      precision: 'EXACT',
    }),
    fulfillmentService: (_p: unknown, args: Args, ctx: SimContext) =>
      ctx.shop.fulfillmentServices.get(String(args.id)) ?? null,
    node: (_p: unknown, args: Args, ctx: SimContext) => findNode(ctx.shop, String(args.id)) ?? null,
    nodes: (_p: unknown, args: Args, ctx: SimContext) =>
      (args.ids as string[]).map((id) => findNode(ctx.shop, id) ?? null),
  },
  Shop,
  Location,
  FulfillmentService,
};
