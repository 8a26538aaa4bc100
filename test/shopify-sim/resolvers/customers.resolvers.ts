import { GraphQLResolveInfo } from 'graphql';
import { filterBySearch } from '../query-filter';
import { notImplemented } from '../rule-enforcement';
import {
  CustomerFieldsInput,
  createCustomer,
  findCustomerBy,
  MailingAddressInput,
  setCustomer,
  setCustomerAddress,
  updateCustomer,
} from '../state/customers';
import { orderTotals } from '../state/orders';
import { AddressRecord, CustomerRecord, OrderRecord } from '../state/records';
import { ShopState } from '../state/shop-state';
import { Args, ResolverMap, SimContext, TypeResolvers } from './context';
import { exactCount, firstOf, idNumber, legacyId, moneyV2, page } from './helpers';

// Customers: query with search syntax, create / update / upsert.

function displayName(c: CustomerRecord): string {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
  return name || c.email || c.phone || '';
}

const sortCustomers = {
  ID: (c: CustomerRecord) => idNumber(c.id),
  UPDATED_AT: (c: CustomerRecord) => c.updatedAt,
  CREATED_AT: (c: CustomerRecord) => c.createdAt,
  NAME: (c: CustomerRecord) => displayName(c).toLowerCase(),
};

export function customersQuery(_: unknown, args: Args, ctx: SimContext) {
  const found = filterBySearch(
    [...ctx.shop.customers.values()],
    args.query as string | null,
    {
      id: (c) => idNumber(c.id),
      email: (c) => c.email,
      phone: (c) => c.phone,
      first_name: (c) => c.firstName,
      last_name: (c) => c.lastName,
      tag: (c) => c.tags,
      state: (c) => c.state.toLowerCase(),
      country: (c) => c.addresses.map((a) => a.country ?? ''),
      created_at: (c) => c.createdAt,
      updated_at: (c) => c.updatedAt,
    },
    (c) => `${displayName(c)} ${c.email ?? ''}`,
  );
  return page(found, args, ctx, sortCustomers);
}

function ordersOf(shop: ShopState, c: CustomerRecord): OrderRecord[] {
  return [...shop.orders.values()].filter((o) => o.customerId === c.id);
}

export const MailingAddress: TypeResolvers<AddressRecord> = {
  countryCodeV2: (a) => a.countryCode,
  name: (a) => [a.firstName, a.lastName].filter(Boolean).join(' ') || null,
  formatted: (a, args) =>
    [
      args.withName ? [a.firstName, a.lastName].filter(Boolean).join(' ') : null,
      args.withCompany !== false ? a.company : null,
      a.address1,
      a.address2,
      [a.zip, a.city].filter(Boolean).join(' '),
      a.country,
    ].filter((x): x is string => Boolean(x)),
  formattedArea: (a) => [a.city, a.province, a.country].filter(Boolean).join(', ') || null,
  coordinatesValidated: () => false,
};

const Customer: TypeResolvers<CustomerRecord> = {
  legacyResourceId: (c) => legacyId(c.id),
  displayName: (c) => displayName(c),
  defaultEmailAddress: (c) =>
    c.email
      ? {
          emailAddress: c.email,
          marketingState: c.emailMarketingConsent?.marketingState ?? 'NOT_SUBSCRIBED',
          marketingOptInLevel: c.emailMarketingConsent?.marketingOptInLevel ?? null,
          marketingUpdatedAt: c.emailMarketingConsent?.consentUpdatedAt ?? null,
          validFormat: true,
          marketingUnsubscribeUrl: 'https://example.invalid/unsubscribe',
          openTrackingUrl: 'https://example.invalid/open',
          openTrackingLevel: 'UNKNOWN',
        }
      : null,
  defaultPhoneNumber: (c) =>
    c.phone
      ? {
          phoneNumber: c.phone,
          marketingState: c.smsMarketingConsent?.marketingState ?? 'NOT_SUBSCRIBED',
          marketingOptInLevel: c.smsMarketingConsent?.marketingOptInLevel ?? null,
          marketingUpdatedAt: c.smsMarketingConsent?.consentUpdatedAt ?? null,
        }
      : null,
  defaultAddress: (c) => c.addresses.find((a) => a.id === c.defaultAddressId) ?? null,
  addresses: (c, args) => firstOf(c.addresses, args),
  addressesV2: (c, args, ctx) => page(c.addresses, args, ctx),
  numberOfOrders: (c, _a, ctx) => String(ordersOf(ctx.shop, c).length),
  amountSpent: (c, _a, ctx) =>
    moneyV2(
      ordersOf(ctx.shop, c).reduce((s, o) => s + Number(orderTotals(o).received), 0),
      ctx.shop.currencyCode,
    ),
  orders: (c, args, ctx) =>
    page(ordersOf(ctx.shop, c), args, ctx, {
      ID: (o) => idNumber(o.id),
      UPDATED_AT: (o) => o.updatedAt,
      CREATED_AT: (o) => o.createdAt,
      PROCESSED_AT: (o) => o.processedAt,
    }),
  lastOrder: (c, _a, ctx) =>
    ordersOf(ctx.shop, c).sort((a, b) => (a.processedAt < b.processedAt ? 1 : -1))[0] ?? null,
  image: (c) => ({ url: `https://example.invalid/avatars/${idNumber(c.id)}.png`, altText: null }),
  canDelete: (c, _a, ctx) => ordersOf(ctx.shop, c).length === 0,
  lifetimeDuration: () => 'about 1 month',
};

function addressPayload(
  ctx: SimContext,
  mutation: string,
  result: ReturnType<typeof setCustomerAddress>,
  customerId: string,
) {
  const customer = ctx.shop.customers.get(customerId);
  if (result.address && customer) {
    ctx.shop.mutationCalls.push({
      mutation,
      targetId: customer.id,
      at: ctx.shop.now(),
      input: [result.address.id],
    });
    ctx.services.events.customerChanged(ctx.shop, customer, false);
  }
  return {
    address: result.address,
    userErrors: result.userErrors.map((e) => ({ field: e.field, message: e.message })),
  };
}

export const customerResolvers: ResolverMap = {
  QueryRoot: {
    customers: customersQuery,
    customer: (_p: unknown, args: Args, ctx: SimContext) =>
      ctx.shop.customers.get(String(args.id)) ?? null,
    customerByIdentifier: (_p: unknown, args: Args, ctx: SimContext) => {
      const identifier = args.identifier as {
        id?: string | null;
        emailAddress?: string | null;
        phoneNumber?: string | null;
      };
      if (identifier.id) return ctx.shop.customers.get(identifier.id) ?? null;
      if (identifier.emailAddress)
        return findCustomerBy(ctx.shop, 'email', identifier.emailAddress) ?? null;
      if (identifier.phoneNumber)
        return findCustomerBy(ctx.shop, 'phone', identifier.phoneNumber) ?? null;
      return null;
    },
    customersCount: (_p: unknown, args: Args, ctx: SimContext) =>
      exactCount(customersQuery(null, args, { ...ctx, bulk: true }).nodes.length),
  },
  Shop: { customers: customersQuery },
  Mutation: {
    customerCreate: (_: unknown, args: Args, ctx: SimContext) => {
      const result = createCustomer(ctx.shop, args.input as CustomerFieldsInput);
      if (result.customer) ctx.services.events.customerChanged(ctx.shop, result.customer, true);
      return {
        customer: result.customer,
        userErrors: result.userErrors.map((e) => ({ field: e.field, message: e.message })),
      };
    },
    customerUpdate: (_: unknown, args: Args, ctx: SimContext, info: GraphQLResolveInfo) => {
      const input = args.input as CustomerFieldsInput & { id?: string | null };
      // Shopify changes consent with customerEmailMarketingConsentUpdate /
      // customerSmsMarketingConsentUpdate, which the simulator does not model.
      for (const key of ['emailMarketingConsent', 'smsMarketingConsent'] as const)
        if (input[key] !== undefined) throw notImplemented(`customerUpdate with ${key}`, info);
      const result = updateCustomer(ctx.shop, input.id ?? '', input);
      if (result.customer) {
        ctx.shop.mutationCalls.push({
          mutation: 'customerUpdate',
          targetId: result.customer.id,
          at: ctx.shop.now(),
          input: Object.keys(input).filter((k) => k !== 'id'),
        });
        ctx.services.events.customerChanged(ctx.shop, result.customer, false);
      }
      return {
        customer: result.customer,
        userErrors: result.userErrors.map((e) => ({ field: e.field, message: e.message })),
      };
    },
    customerSet: (_: unknown, args: Args, ctx: SimContext) => {
      const before = ctx.shop.customers.size;
      const result = setCustomer(
        ctx.shop,
        args.input as CustomerFieldsInput,
        args.identifier as {
          id?: string | null;
          email?: string | null;
          phone?: string | null;
        } | null,
      );
      if (result.customer)
        ctx.services.events.customerChanged(
          ctx.shop,
          result.customer,
          ctx.shop.customers.size > before,
        );
      return result;
    },
    customerAddressCreate: (_: unknown, args: Args, ctx: SimContext) =>
      addressPayload(
        ctx,
        'customerAddressCreate',
        setCustomerAddress(
          ctx.shop,
          String(args.customerId),
          null,
          args.address as MailingAddressInput,
          args.setAsDefault === true,
        ),
        String(args.customerId),
      ),
    customerAddressUpdate: (_: unknown, args: Args, ctx: SimContext) =>
      addressPayload(
        ctx,
        'customerAddressUpdate',
        setCustomerAddress(
          ctx.shop,
          String(args.customerId),
          String(args.addressId),
          args.address as MailingAddressInput,
          args.setAsDefault === true,
        ),
        String(args.customerId),
      ),
    customerDelete: (_: unknown, args: Args, ctx: SimContext) => {
      const id = (args.input as { id: string }).id;
      const customer = ctx.shop.customers.get(id);
      if (!customer)
        return {
          deletedCustomerId: null,
          shop: ctx.shop,
          userErrors: [{ field: ['id'], message: 'Customer does not exist' }],
        };
      if (ordersOf(ctx.shop, customer).length)
        return {
          deletedCustomerId: null,
          shop: ctx.shop,
          userErrors: [
            {
              field: ['id'],
              message: 'Customer can’t be deleted because they have associated orders',
            },
          ],
        };
      ctx.shop.customers.delete(id);
      return { deletedCustomerId: id, shop: ctx.shop, userErrors: [] };
    },
  },
  Customer,
  MailingAddress,
};
