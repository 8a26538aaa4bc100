import { filterBySearch } from '../query-filter';
import {
  CompanyAddressRecord,
  CompanyContactRecord,
  CompanyLocationRecord,
  CompanyRecord,
} from '../state/companies';
import { CustomerRecord, OrderRecord } from '../state/records';
import { ShopState } from '../state/shop-state';
import { Args, ResolverMap, SimContext, TypeResolvers } from './context';
import { exactCount, idNumber, page } from './helpers';

// B2B: `companies` (search by name, external_id, id, created_at, updated_at), `company`,
// `companyLocation`, `companyContact`, their connections and Order.purchasingEntity. An unknown
// id (or one of another type) finds nothing, as Shopify answers; fields without a record
// property (catalogs, metafields, totalSpent, …) answer NOT_IMPLEMENTED_IN_SIMULATOR.

const byTime = <T extends { id: string; createdAt: string; updatedAt: string }>() => ({
  ID: (x: T) => idNumber(x.id),
  CREATED_AT: (x: T) => x.createdAt,
  UPDATED_AT: (x: T) => x.updatedAt,
});

function companiesQuery(_: unknown, args: Args, ctx: SimContext) {
  const found = filterBySearch(
    [...ctx.shop.companies.values()],
    args.query as string | null,
    {
      id: (c) => idNumber(c.id),
      name: (c) => c.name,
      external_id: (c) => c.externalId,
      created_at: (c) => c.createdAt,
      updated_at: (c) => c.updatedAt,
    },
    (c) => `${c.name} ${c.externalId ?? ''}`,
  );
  return page(found, args, ctx, {
    ...byTime<CompanyRecord>(),
    NAME: (c) => c.name.toLowerCase(),
    SINCE_DATE: (c) => c.customerSince,
  });
}

const ordersOf = (shop: ShopState, pick: (o: OrderRecord) => boolean) =>
  [...shop.orders.values()].filter(pick);
const orderSort = {
  ID: (o: OrderRecord) => idNumber(o.id),
  CREATED_AT: (o: OrderRecord) => o.createdAt,
  UPDATED_AT: (o: OrderRecord) => o.updatedAt,
  PROCESSED_AT: (o: OrderRecord) => o.processedAt,
};
const present = <T>(list: Array<T | undefined>): T[] => list.filter((x): x is T => !!x);

const Company: TypeResolvers<CompanyRecord> = {
  locations: (c, args, ctx) =>
    page(present(c.locationIds.map((id) => ctx.shop.companyLocations.get(id))), args, ctx, {
      ...byTime<CompanyLocationRecord>(),
      NAME: (l) => l.name.toLowerCase(),
    }),
  locationsCount: (c) => exactCount(c.locationIds.length),
  contacts: (c, args, ctx) =>
    page(
      present(c.contactIds.map((id) => ctx.shop.companyContacts.get(id))),
      args,
      ctx,
      byTime<CompanyContactRecord>(),
    ),
  contactsCount: (c) => exactCount(c.contactIds.length),
  contactCount: (c) => c.contactIds.length,
  mainContact: (c, _a, ctx) =>
    c.mainContactId ? (ctx.shop.companyContacts.get(c.mainContactId) ?? null) : null,
  orders: (c, args, ctx) =>
    page(
      ordersOf(ctx.shop, (o) => o.purchasingCompany?.companyId === c.id),
      args,
      ctx,
      orderSort,
    ),
  ordersCount: (c, _a, ctx) =>
    exactCount(ordersOf(ctx.shop, (o) => o.purchasingCompany?.companyId === c.id).length),
};

const CompanyLocation: TypeResolvers<CompanyLocationRecord> = {
  company: (l, _a, ctx) => ctx.shop.companies.get(l.companyId),
  orders: (l, args, ctx) =>
    page(
      ordersOf(ctx.shop, (o) => o.purchasingCompany?.locationId === l.id),
      args,
      ctx,
      orderSort,
    ),
  ordersCount: (l, _a, ctx) =>
    exactCount(ordersOf(ctx.shop, (o) => o.purchasingCompany?.locationId === l.id).length),
};

const CompanyContact: TypeResolvers<CompanyContactRecord> = {
  company: (c, _a, ctx) => ctx.shop.companies.get(c.companyId),
  customer: (c, _a, ctx) => ctx.shop.customers.get(c.customerId),
  isMainContact: (c, _a, ctx) => ctx.shop.companies.get(c.companyId)?.mainContactId === c.id,
  orders: (c, args, ctx) =>
    page(
      ordersOf(ctx.shop, (o) => o.purchasingCompany?.contactId === c.id),
      args,
      ctx,
      orderSort,
    ),
};

const CompanyAddress: TypeResolvers<CompanyAddressRecord> = {
  formattedArea: (a) => [a.city, a.province, a.country].filter(Boolean).join(', ') || null,
};

// Order.purchasingEntity: the company, location and contact of a B2B order; else its customer.
function purchasingEntity(o: OrderRecord, _a: Args, ctx: SimContext) {
  const p = o.purchasingCompany;
  if (p)
    return {
      __typename: 'PurchasingCompany',
      company: ctx.shop.companies.get(p.companyId),
      location: ctx.shop.companyLocations.get(p.locationId),
      contact: p.contactId ? (ctx.shop.companyContacts.get(p.contactId) ?? null) : null,
    };
  return o.customerId ? (ctx.shop.customers.get(o.customerId) ?? null) : null;
}

export const companyResolvers: ResolverMap = {
  QueryRoot: {
    companies: companiesQuery,
    companiesCount: (_p: unknown, _a: Args, ctx: SimContext) => exactCount(ctx.shop.companies.size),
    company: (_p: unknown, args: Args, ctx: SimContext) =>
      ctx.shop.companies.get(String(args.id)) ?? null,
    companyLocation: (_p: unknown, args: Args, ctx: SimContext) =>
      ctx.shop.companyLocations.get(String(args.id)) ?? null,
    companyContact: (_p: unknown, args: Args, ctx: SimContext) =>
      ctx.shop.companyContacts.get(String(args.id)) ?? null,
  },
  Order: { purchasingEntity },
  Customer: {
    companyContactProfiles: (c: CustomerRecord, _a: Args, ctx: SimContext) =>
      [...ctx.shop.companyContacts.values()].filter((x) => x.customerId === c.id),
  },
  Company,
  CompanyLocation,
  CompanyContact,
  CompanyAddress,
};
