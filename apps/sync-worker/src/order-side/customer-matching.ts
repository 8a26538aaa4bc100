import {
  contactIdentityKey,
  customerBillToKey,
  CustomerFields,
  CustomerMapping,
  ErpAddress,
  ErpCustomerEntity,
  normalizeEmail,
  normalizePhone,
} from '@shopsync/shared';

export interface ShopifyMailingAddress {
  id?: string;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  zip: string | null;
  city: string | null;
  province: string | null;
  countryCodeV2: string | null;
  phone: string | null;
}

export interface ShopifyCustomerSnapshot {
  id: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  updatedAt: string | null;
  // Read by the customers task; the orders task reads the order's addresses instead.
  defaultAddress?: ShopifyMailingAddress | null;
}

// One Shopify customer to map: what Shopify holds, its own default address (undefined: not
// read, left as the ERP has it) and the bill-to the 'bill-to' mapping compares (the order's
// billing address, else the customer's default address).
export interface CustomerImport {
  snapshot: ShopifyCustomerSnapshot;
  address?: ErpAddress | null;
  billTo?: ErpAddress | null;
}

export type MatchFields = Pick<ErpCustomerEntity, 'email' | 'phone' | 'identityKey' | 'billToKey'>;

export function toErpAddress(a: ShopifyMailingAddress | null | undefined): ErpAddress | null {
  if (!a) return null;
  return {
    firstName: a.firstName,
    lastName: a.lastName,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    zip: a.zip,
    city: a.city,
    province: a.province,
    countryCode: a.countryCodeV2,
    phone: a.phone,
  };
}

// The identity a new ERP customer is created under (unique across shops), or null when the
// mapping has nothing to tell this customer by (it then stays unmapped).
export function identityOf(
  mapping: CustomerMapping,
  contact: { email: string | null; phone: string | null; billToKey: string | null },
): string | null {
  if (mapping === 'email-phone') return contactIdentityKey(contact.email, contact.phone);
  if (mapping === 'bill-to') return contact.billToKey ? `bill-to:${contact.billToKey}` : null;
  return null;
}

// The reference's rules. 'email-phone': the ERP customer with the same email; failing that, the
// same phone number. 'bill-to': the same bill-to name and address. Either way, a customer another
// shop created for the same identity at the same moment. 'default-customer' maps no one.
export function matchCustomer<T extends MatchFields>(
  candidates: T[],
  contact: { email: string | null; phone: string | null; billToKey?: string | null },
  mapping: CustomerMapping = 'email-phone',
): T | undefined {
  if (mapping === 'default-customer') return undefined;
  const key = contact.billToKey ?? null;
  const identity = identityOf(mapping, {
    email: contact.email,
    phone: contact.phone,
    billToKey: key,
  });
  const byIdentity = () =>
    identity ? candidates.find((c) => c.identityKey === identity) : undefined;
  if (mapping === 'bill-to')
    return (key ? candidates.find((c) => c.billToKey === key) : undefined) ?? byIdentity();
  const email = normalizeEmail(contact.email);
  const phone = normalizePhone(contact.phone);
  return (
    (email ? candidates.find((c) => c.email === email) : undefined) ??
    (phone ? candidates.find((c) => c.phone === phone) : undefined) ??
    byIdentity()
  );
}

export function shopifyFields(c: ShopifyCustomerSnapshot): CustomerFields {
  const fields: CustomerFields = {
    firstName: c.firstName ?? null,
    lastName: c.lastName ?? null,
    email: normalizeEmail(c.email),
    phone: normalizePhone(c.phone),
  };
  if (c.defaultAddress !== undefined) {
    fields.address = toErpAddress(c.defaultAddress);
    fields.addressId = c.defaultAddress?.id ?? null;
  }
  return fields;
}

export function erpFields(c: ErpCustomerEntity): CustomerFields {
  return {
    firstName: c.firstName,
    lastName: c.lastName,
    email: normalizeEmail(c.email),
    phone: normalizePhone(c.phone),
    address: c.address,
  };
}

export interface CustomerPush {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  address?: ErpAddress;
}

// What a push to Shopify sends: only the fields the ERP holds a value for that differ from what
// Shopify holds (an ERP blank never erases Shopify's value); the address only once Shopify's
// default address has been read, and when it differs.
export function customerChanges(erp: CustomerFields, shopify: CustomerFields): CustomerPush {
  const changes: CustomerPush = {};
  for (const key of ['firstName', 'lastName', 'email', 'phone'] as const) {
    const value = erp[key];
    if (value !== null && value !== '' && value !== shopify[key]) changes[key] = value;
  }
  if (erp.address && shopify.address !== undefined && !sameAddress(erp.address, shopify.address))
    changes.address = erp.address;
  return changes;
}

// An ERP address as Shopify's MailingAddressInput (a province only as a code).
export function mailingAddressInput(a: ErpAddress): Record<string, string | null> {
  const province = a.province && /^[A-Z0-9]{1,3}$/.test(a.province) ? a.province : null;
  return {
    firstName: a.firstName ?? null,
    lastName: a.lastName ?? null,
    company: a.company ?? null,
    address1: a.address1 ?? null,
    address2: a.address2 ?? null,
    zip: a.zip ?? null,
    city: a.city ?? null,
    ...(province ? { provinceCode: province } : {}),
    countryCode: a.countryCode ?? null,
    phone: a.phone ?? null,
  };
}

export type ErpCustomerUpdate = Partial<
  Pick<ErpCustomerEntity, 'firstName' | 'lastName' | 'email' | 'phone' | 'company' | 'address'>
> & { billToKey?: string | null };

// Shopify → ERP (shopifyCanUpdateCustomer): the fields Shopify holds a value for that differ
// from the ERP's: name, email, phone, and, when the default address was read, the address and
// its company. A Shopify blank never erases the ERP's value.
export function erpCustomerChanges(
  erp: ErpCustomerEntity,
  input: CustomerImport,
): ErpCustomerUpdate {
  const fields = shopifyFields(input.snapshot);
  const changes: ErpCustomerUpdate = {};
  for (const key of ['firstName', 'lastName', 'email', 'phone'] as const) {
    const value = fields[key];
    if (value !== null && value !== '' && value !== erp[key]) changes[key] = value;
  }
  const address = input.address;
  if (address && !sameAddress(address, erp.address)) changes.address = { ...address };
  if (address?.company && address.company !== erp.company) changes.company = address.company;
  if (Object.keys(changes).length) {
    const next = { ...erp, ...changes };
    const key = customerBillToKey(next, next.address);
    if (key !== (erp.billToKey ?? null)) changes.billToKey = key;
  }
  return changes;
}

const ADDRESS_KEYS = [
  'firstName',
  'lastName',
  'company',
  'address1',
  'address2',
  'zip',
  'city',
  'province',
  'countryCode',
  'phone',
] as const;

function sameAddress(a: ErpAddress, b: ErpAddress | null): boolean {
  return !!b && ADDRESS_KEYS.every((k) => (a[k] ?? null) === (b[k] ?? null));
}
