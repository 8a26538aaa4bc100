import {
  CustomersSettingsV1,
  type ErpCustomerEntity,
  type ShopifyOrderEntity,
} from '@shopsync/shared';
import { CustomerLookups, orderCustomer } from './order-customer';

const erp = (number: string) => ({ id: `id-${number}`, number }) as ErpCustomerEntity;
const settings = (patch: Partial<CustomersSettingsV1> = {}) =>
  Object.assign(new CustomersSettingsV1(), patch);

const order = (patch: Partial<ShopifyOrderEntity> = {}): ShopifyOrderEntity =>
  ({
    shopId: 'shop',
    customer: {
      shopifyCustomerId: 'gid://shopify/Customer/7',
      email: 'anna@example.com',
      phone: null,
      firstName: 'Anna',
      lastName: 'Vries',
    },
    billingAddress: { address1: 'Kade 1', city: 'Gent', countryCode: 'BE' },
    shippingAddress: { address1: 'Elsewhere 9', city: 'Lille', countryCode: 'FR' },
    ...patch,
  }) as ShopifyOrderEntity;

// Lookups over a small ERP: C-MAPPED is mapped to Shopify customer 7; C-ANNA has Anna's email;
// C-BILL has her bill-to; GUEST and GUEST-BE are default customers.
function lookups(over: Partial<CustomerLookups> = {}) {
  const calls: string[] = [];
  const known = new Map(
    ['C-ANNA', 'C-BILL', 'GUEST', 'GUEST-BE', 'C-DEPOT'].map((n) => [n, erp(n)]),
  );
  const l: CustomerLookups = {
    mapped: async () => (calls.push('mapped'), null),
    byContact: async (contact, mapping) => {
      calls.push(`byContact:${mapping}`);
      if (mapping === 'bill-to')
        return contact.billToKey === 'annavries|kade1||gent|be' ? erp('C-BILL') : null;
      return contact.email === 'anna@example.com' ? erp('C-ANNA') : null;
    },
    byNumber: async (n) => (calls.push(`byNumber:${n}`), known.get(n) ?? null),
    byCompany: async (name) => (
      calls.push(`byCompany:${name}`),
      name === 'Acme BV' ? erp('C-ACME') : null
    ),
    ...over,
  };
  return { l, calls };
}

describe('orderCustomer', () => {
  it('takes the mapped customer first', async () => {
    const { l } = lookups({ mapped: async () => erp('C-MAPPED') });
    expect((await orderCustomer(order(), settings(), l)).customer?.number).toBe('C-MAPPED');
  });

  it('finds the customer by email/phone, or by the bill-to address', async () => {
    const { l } = lookups();
    expect((await orderCustomer(order(), settings(), l)).customer?.number).toBe('C-ANNA');
    const bill = await orderCustomer(order(), settings({ mapping: 'bill-to' }), l);
    expect(bill.customer?.number).toBe('C-BILL');
  });

  it('sends every order to the default customer of its bill-to country, else the shop’s', async () => {
    const { l, calls } = lookups({ mapped: async () => erp('C-MAPPED') });
    const s = settings({
      mapping: 'default-customer',
      defaultCustomerNo: 'GUEST',
      defaultCustomerByCountry: { BE: 'GUEST-BE' },
    });
    expect((await orderCustomer(order(), s, l)).customer?.number).toBe('GUEST-BE');
    expect(calls).toEqual(['byNumber:GUEST-BE']);
    const nl = order({ billingAddress: null, shippingAddress: { countryCode: 'NL' } });
    expect((await orderCustomer(nl, s, l)).customer?.number).toBe('GUEST');
  });

  it('fails an unmapped order naming the contact and why', async () => {
    const { l } = lookups();
    const stranger = order({
      customer: {
        shopifyCustomerId: 'gid://shopify/Customer/9',
        email: 'x@example.com',
        phone: '+3161',
        firstName: null,
        lastName: null,
      },
    });
    expect(await orderCustomer(stranger, settings({ autoCreateUnknown: false }), l)).toEqual({
      customer: null,
      customerProblem:
        'no ERP customer for this order (contact: x@example.com, +3161, Shopify customer gid://shopify/Customer/9; mapping email-phone); customers.autoCreateUnknown is off: post the customer to the ERP',
    });
    const defaulted = await orderCustomer(
      stranger,
      settings({ unmapped: 'default-customer', defaultCustomerNo: 'GUEST' }),
      l,
    );
    expect(defaulted.customer?.number).toBe('GUEST');
  });

  it('says so when the default customer is missing or is no ERP customer', async () => {
    const { l } = lookups();
    const missing = await orderCustomer(
      order(),
      settings({ mapping: 'default-customer', defaultCustomerByCountry: { NL: 'GUEST-NL' } }),
      l,
    );
    expect(missing.customerProblem).toBe(
      'this shop sends every order to the default customer, and there is no default customer for BE (customers.defaultCustomerNo / defaultCustomerByCountry)',
    );
    const unknown = await orderCustomer(
      order(),
      settings({ mapping: 'default-customer', defaultCustomerNo: 'NOPE' }),
      l,
    );
    expect(unknown.customerProblem).toBe(
      "this shop sends every order to the default customer: default customer 'NOPE' is no ERP customer",
    );
  });

  describe('a B2B order', () => {
    const company = (name: string, externalId: string | null) => ({
      shopifyCompanyId: 'gid://shopify/Company/1',
      name,
      externalId: null,
      location: {
        shopifyLocationId: 'gid://shopify/CompanyLocation/2',
        name: 'Depot',
        externalId,
        billingAddress: null,
        shippingAddress: null,
      },
      shopifyContactId: 'gid://shopify/CompanyContact/3',
    });
    const b2b = (name: string, externalId: string | null) =>
      order({ extras: { company: company(name, externalId) } as ShopifyOrderEntity['extras'] });

    it('goes to the ERP customer its location’s external id names, never the contact’s', async () => {
      const { l, calls } = lookups({ mapped: async () => erp('C-MAPPED') });
      expect((await orderCustomer(b2b('Acme BV', 'C-DEPOT'), settings(), l)).customer?.number).toBe(
        'C-DEPOT',
      );
      expect(calls).toEqual(['byNumber:C-DEPOT']);
      const missing = await orderCustomer(b2b('Acme BV', 'C-NONE'), settings(), l);
      expect(missing.customer).toBeNull();
      expect(missing.customerProblem).toMatch(
        /^company location 'Depot' \(Acme BV\) names ERP customer 'C-NONE' \(its external id\), which does not exist/,
      );
    });

    it('without an external id, to the customer of the company’s name; else unmapped per settings', async () => {
      const { l } = lookups();
      expect((await orderCustomer(b2b('Acme BV', null), settings(), l)).customer?.number).toBe(
        'C-ACME',
      );
      const unknown = await orderCustomer(
        b2b('Other BV', null),
        settings({ autoCreateUnknown: false }),
        l,
      );
      expect(unknown.customerProblem).toMatch(
        /^no ERP customer for company 'Other BV' \(location 'Depot' has no external id\); set the location's external id/,
      );
      const toDefault = await orderCustomer(
        b2b('Other BV', null),
        settings({ unmapped: 'default-customer', defaultCustomerNo: 'GUEST' }),
        l,
      );
      expect(toDefault.customer?.number).toBe('GUEST');
      // The default-customer mapping wins over the company.
      const always = await orderCustomer(
        b2b('Acme BV', 'C-DEPOT'),
        settings({ mapping: 'default-customer', defaultCustomerNo: 'GUEST' }),
        l,
      );
      expect(always.customer?.number).toBe('GUEST');
    });
  });
});
