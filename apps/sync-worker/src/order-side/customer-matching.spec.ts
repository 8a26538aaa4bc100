import { customerBillToKey, ErpCustomerEntity } from '@shopsync/shared';
import {
  addressCodesFor,
  customerChanges,
  erpCustomerChanges,
  erpFields,
  identityOf,
  matchCustomer,
  sendsAnything,
  shopifyFields,
} from './customer-matching';

describe('customer matching', () => {
  const erp = [
    {
      id: 'a',
      email: 'anna@example.com',
      phone: '+31611111111',
      identityKey: null,
      billToKey: null,
    },
    {
      id: 'b',
      email: 'bram@example.com',
      phone: '+31622222222',
      identityKey: 'email:bram@example.com',
      billToKey: 'acme|main1|1000aa|amsterdam|nl',
    },
    // Created by another shop for this phone; its email has changed since.
    {
      id: 'c',
      email: 'new@example.com',
      phone: null,
      identityKey: 'phone:+31633333333',
      billToKey: null,
    },
  ];

  it('matches by email first, case-insensitively', () => {
    expect(matchCustomer(erp, { email: 'ANNA@Example.com', phone: '+31622222222' })?.id).toBe('a');
  });

  it('falls back to the phone by its digits', () => {
    expect(matchCustomer(erp, { email: 'other@example.com', phone: '+31 6-2222 2222' })?.id).toBe(
      'b',
    );
  });

  it('finds nothing without a matching contact', () => {
    expect(matchCustomer(erp, { email: null, phone: null })).toBeUndefined();
  });

  it('pushes only the fields that differ, never an ERP blank', () => {
    const shopify = { firstName: 'Anna', lastName: 'Vries', email: 'a@x.nl', phone: null };
    expect(
      customerChanges(
        { firstName: 'Anna', lastName: 'de Vries', email: null, phone: '+316' },
        shopify,
      ),
    ).toEqual({ lastName: 'de Vries', phone: '+316' });
    expect(customerChanges(shopify, shopify)).toEqual({});
  });

  it('pushes the ERP address once Shopify’s default address is known, and only when it differs', () => {
    const base = { firstName: 'Anna', lastName: 'Vries', email: null, phone: null };
    const address = { address1: 'Kade 1', city: 'Delft', countryCode: 'NL' };
    const erpSide = { ...base, address };
    expect(customerChanges(erpSide, base)).toEqual({});
    expect(customerChanges(erpSide, { ...base, address: null })).toEqual({ address });
    expect(
      customerChanges(erpSide, {
        ...base,
        address: { ...address, address2: null, zip: null, company: null },
      }),
    ).toEqual({});
    expect(customerChanges({ ...base, address: null }, { ...base, address })).toEqual({});
  });

  it('falls back to the identity another shop created the customer under', () => {
    expect(matchCustomer(erp, { email: null, phone: '+31 6 3333 3333' })?.id).toBe('c');
  });

  it('matches by bill-to: company or name and address, ignoring case, accents and spaces', () => {
    const billToKey = customerBillToKey(
      {},
      { company: 'ACME', address1: 'Main 1', zip: '1000 aa', city: 'Amsterdam', countryCode: 'NL' },
    );
    expect(billToKey).toBe('acme|main1|1000aa|amsterdam|nl');
    expect(
      matchCustomer(erp, { email: 'anna@example.com', phone: null, billToKey }, 'bill-to')?.id,
    ).toBe('b');
    // Email alone is no bill-to.
    expect(
      matchCustomer(erp, { email: 'anna@example.com', phone: null, billToKey: null }, 'bill-to'),
    ).toBeUndefined();
    expect(
      customerBillToKey(
        { firstName: 'Zoë', lastName: 'de Wit' },
        { address1: 'Kade 2', city: 'Delft', countryCode: 'NL' },
      ),
    ).toBe('zoedewit|kade2||delft|nl');
    expect(
      customerBillToKey({ firstName: 'Zoë' }, { city: 'Delft', countryCode: 'NL' }),
    ).toBeNull();
  });

  it('maps no one with the default-customer mapping', () => {
    expect(
      matchCustomer(erp, { email: 'anna@example.com', phone: null }, 'default-customer'),
    ).toBeUndefined();
    expect(
      identityOf('default-customer', { email: 'a@x.nl', phone: null, billToKey: 'k' }),
    ).toBeNull();
  });

  it('creates under the email, else the phone, else (bill-to) the bill-to key', () => {
    const contact = { email: ' A@X.nl ', phone: '+31 6 1', billToKey: 'k' };
    expect(identityOf('email-phone', contact)).toBe('email:a@x.nl');
    expect(identityOf('email-phone', { ...contact, email: null })).toBe('phone:+3161');
    expect(identityOf('email-phone', { email: null, phone: null, billToKey: 'k' })).toBeNull();
    expect(identityOf('bill-to', contact)).toBe('bill-to:k');
    expect(identityOf('bill-to', { ...contact, billToKey: null })).toBeNull();
  });

  describe('Shopify → ERP changes', () => {
    const customer = {
      id: 'e1',
      number: 'C1',
      email: 'anna@example.com',
      phone: null,
      firstName: 'Anna',
      lastName: 'Vries',
      company: null,
      address: { address1: 'Old 1', city: 'Delft', countryCode: 'NL' },
      billToKey: 'annavries|old1||delft|nl',
    } as unknown as ErpCustomerEntity;
    const snapshot = {
      id: 'gid://shopify/Customer/1',
      email: 'ANNA@example.com',
      phone: '+31 6 1234',
      firstName: 'Anna',
      lastName: 'de Vries',
      updatedAt: null,
    };

    it('takes what differs: name, phone, address and its company; never a Shopify blank', () => {
      const address = {
        firstName: 'Anna',
        lastName: 'de Vries',
        company: 'Vries BV',
        address1: 'New 2',
        address2: null,
        zip: '2611',
        city: 'Delft',
        province: null,
        countryCode: 'NL',
        phone: null,
      };
      expect(erpCustomerChanges(customer, { snapshot, address })).toEqual({
        lastName: 'de Vries',
        phone: '+3161234',
        address,
        company: 'Vries BV',
        companyKey: 'vriesbv',
        billToKey: 'vriesbv|new2|2611|delft|nl',
      });
      expect(
        erpCustomerChanges(customer, {
          snapshot: { ...snapshot, email: null, lastName: 'Vries', phone: null },
        }),
      ).toEqual({});
    });

    it('leaves the address alone when it was not read', () => {
      expect(
        erpCustomerChanges(customer, {
          snapshot: { ...snapshot, phone: null },
          address: undefined,
        }),
      ).toEqual({ lastName: 'de Vries', billToKey: 'annadevries|old1||delft|nl' });
    });
  });

  describe('tax exemption, marketing consent and all addresses', () => {
    const mail = (id: string, address1: string) => ({
      id,
      firstName: 'Anna',
      lastName: 'Vries',
      company: null,
      address1,
      address2: null,
      zip: '2611',
      city: 'Delft',
      province: null,
      countryCodeV2: 'NL',
      phone: null,
    });
    const home = mail('gid://shopify/MailingAddress/10?model_name=CustomerAddress', 'Home 1');
    const office = mail('gid://shopify/MailingAddress/11?model_name=CustomerAddress', 'Office 2');
    const snapshot = {
      id: 'gid://shopify/Customer/1',
      email: 'anna@example.com',
      phone: null,
      firstName: 'Anna',
      lastName: 'Vries',
      updatedAt: null,
      defaultAddress: home,
      addresses: [home, office],
      taxExempt: true,
      taxExemptions: ['CA_STATUS_CARD_EXEMPTION'],
      emailMarketingConsent: {
        marketingState: 'SUBSCRIBED',
        marketingOptInLevel: 'CONFIRMED_OPT_IN',
        consentUpdatedAt: '2026-01-02T03:04:05Z',
      },
      smsMarketingConsent: null,
    };
    const erp = {
      id: 'e1',
      number: 'C1',
      email: 'anna@example.com',
      phone: null,
      firstName: 'Anna',
      lastName: 'Vries',
      company: null,
      address: { ...shopifyFields(snapshot).address },
      taxExempt: null,
      addresses: [{ code: 'S11', address1: 'Office 1' }],
    } as unknown as ErpCustomerEntity;

    it('reads the other addresses beside the default one, and codes the new ones S<number>', () => {
      const fields = shopifyFields(snapshot);
      expect(fields.addresses).toEqual([
        { id: office.id, address: expect.objectContaining({ address1: 'Office 2' }) },
      ]);
      expect(fields).toMatchObject({
        taxExempt: true,
        taxExemptions: ['CA_STATUS_CARD_EXEMPTION'],
      });
      expect(addressCodesFor(fields, undefined)).toEqual({ S11: office.id });
      // A known code stays the address's code.
      expect(addressCodesFor(fields, { WORK: office.id })).toEqual({ WORK: office.id });
      expect(addressCodesFor(shopifyFields({ ...snapshot, addresses: undefined }), undefined)).toBe(
        undefined,
      );
    });

    it('Shopify → ERP: tax exemption, consent and a changed or new other address', () => {
      const changes = erpCustomerChanges(erp, { snapshot }, { S11: office.id });
      expect(changes).toMatchObject({
        taxExempt: true,
        taxExemptions: ['CA_STATUS_CARD_EXEMPTION'],
        emailMarketingConsent: {
          state: 'SUBSCRIBED',
          optInLevel: 'CONFIRMED_OPT_IN',
          consentUpdatedAt: '2026-01-02T03:04:05Z',
        },
        addresses: [expect.objectContaining({ code: 'S11', address1: 'Office 2' })],
      });
      expect(changes).not.toHaveProperty('smsMarketingConsent');
      // Unmapped addresses are not taken; the same values again change nothing.
      expect(erpCustomerChanges(erp, { snapshot }, {}).addresses).toBeUndefined();
      const same = { ...erp, ...changes } as ErpCustomerEntity;
      expect(erpCustomerChanges(same, { snapshot }, { S11: office.id })).toEqual({});
    });

    it('ERP → Shopify: the tax exemption and each differing address, by the address id mapping', () => {
      const held = {
        ...shopifyFields({ ...snapshot, taxExempt: false }),
        addressCodes: { S11: office.id },
      };
      const shipTo = (code: string, address1: string) => ({
        ...shopifyFields(snapshot).address!,
        code,
        address1,
      });
      const erpSide = {
        ...erpFields({ ...erp, taxExempt: true } as ErpCustomerEntity),
        shipTo: [shipTo('S11', 'Office 3'), shipTo('DEPOT', 'Depot 9'), shipTo('HOME', 'Home 1')],
      };
      const changes = customerChanges(erpSide, held);
      expect(changes).toEqual({
        taxExempt: true,
        // HOME is Shopify's default address as it is: linked, not created again.
        linked: { HOME: home.id },
        addresses: [
          {
            code: 'S11',
            address: expect.objectContaining({ address1: 'Office 3' }),
            shopifyAddressId: office.id,
          },
          {
            code: 'DEPOT',
            address: expect.objectContaining({ address1: 'Depot 9' }),
            shopifyAddressId: null,
          },
        ],
      });
      expect(sendsAnything(changes)).toBe(true);
      // Nothing differs: nothing to send; an ERP address Shopify holds as it is gets linked.
      const linkOnly = customerChanges(
        { ...erpSide, taxExempt: false, shipTo: [shipTo('OFFICE', 'Office 2')] },
        { ...held, addressCodes: {} },
      );
      expect(linkOnly).toEqual({ linked: { OFFICE: office.id } });
      expect(sendsAnything(linkOnly)).toBe(false);
      // Before Shopify's addresses and tax exemption were read, none of them is sent.
      expect(
        customerChanges(
          erpSide,
          shopifyFields({ ...snapshot, addresses: undefined, taxExempt: undefined }),
        ),
      ).toEqual({});
    });
  });
});
