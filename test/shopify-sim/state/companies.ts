import { gid } from '../gid';
import { MailingAddressInput } from './customers';
import { ShopState } from './shop-state';

// B2B (Company, CompanyLocation, CompanyContact, CompanyAddress of the 2026-04 schema): a
// company has locations (each with its own billing and shipping address and an optional
// external id, the ERP's customer number) and contacts (each one customer of the shop). Orders
// placed by a contact for a location carry them as Order.purchasingEntity (PurchasingCompany).
// Created through the control API and the seed; the company mutations are not modelled.

export interface CompanyAddressRecord {
  id: string;
  companyName: string;
  firstName: string | null;
  lastName: string | null;
  recipient: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  zoneCode: string | null;
  zip: string | null;
  country: string | null;
  countryCode: string;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CompanyRecord {
  id: string;
  name: string;
  externalId: string | null;
  note: string | null;
  mainContactId: string | null;
  locationIds: string[];
  contactIds: string[];
  createdAt: string;
  customerSince: string;
  updatedAt: string;
}

export interface CompanyLocationRecord {
  id: string;
  companyId: string;
  name: string;
  externalId: string | null;
  note: string | null;
  phone: string | null;
  locale: string | null;
  billingAddress: CompanyAddressRecord | null;
  shippingAddress: CompanyAddressRecord | null;
  createdAt: string;
  updatedAt: string;
}

export interface CompanyContactRecord {
  id: string;
  companyId: string;
  customerId: string;
  title: string | null;
  locale: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SimCompanyLocationInput {
  name: string;
  externalId?: string | null;
  phone?: string | null;
  billingAddress?: MailingAddressInput | null;
  // Default: the billing address.
  shippingAddress?: MailingAddressInput | null;
}

export interface SimCompanyInput {
  name: string;
  externalId?: string | null;
  note?: string | null;
  locations: SimCompanyLocationInput[];
  // Customers of the shop that buy for the company; the first is the main contact.
  contactCustomerIds?: string[];
}

export interface CreatedCompany {
  company: CompanyRecord;
  locations: CompanyLocationRecord[];
  contacts: CompanyContactRecord[];
}

function companyAddress(
  shop: ShopState,
  companyName: string,
  input: MailingAddressInput,
  at: string,
): CompanyAddressRecord {
  if (!input.countryCode) throw new Error('shopify-sim: a company address needs a countryCode');
  const recipient = [input.firstName, input.lastName].filter(Boolean).join(' ') || null;
  return {
    id: gid('CompanyAddress', shop.nextId()),
    companyName,
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    recipient,
    address1: input.address1 ?? null,
    address2: input.address2 ?? null,
    city: input.city ?? null,
    province: input.provinceCode ?? null,
    zoneCode: input.provinceCode ?? null,
    zip: input.zip ?? null,
    country: input.countryCode,
    countryCode: input.countryCode,
    phone: input.phone ?? null,
    createdAt: at,
    updatedAt: at,
  };
}

// Like Shopify: a company needs a name and a location; external ids are unique among companies
// and among locations; a contact is a known customer, at most once per company.
export function createCompany(shop: ShopState, input: SimCompanyInput): CreatedCompany {
  if (!input.name.trim()) throw new Error('shopify-sim: a company needs a name');
  if (!input.locations.length) throw new Error('shopify-sim: a company needs a location');
  const taken = (
    externalId: string | null | undefined,
    list: Array<{ externalId: string | null }>,
  ) => !!externalId && list.some((x) => x.externalId === externalId);
  if (taken(input.externalId, [...shop.companies.values()]))
    throw new Error(`shopify-sim: external id ${input.externalId} is taken by another company`);
  const known = [...shop.companyLocations.values()];
  for (const l of input.locations)
    if (taken(l.externalId, known))
      throw new Error(`shopify-sim: external id ${l.externalId} is taken by another location`);
  const customers = input.contactCustomerIds ?? [];
  if (new Set(customers).size !== customers.length)
    throw new Error('shopify-sim: a customer is a contact of a company once');
  for (const id of customers)
    if (!shop.customers.has(id)) throw new Error(`shopify-sim: unknown customer ${id}`);

  const at = shop.now();
  const company: CompanyRecord = {
    id: gid('Company', shop.nextId()),
    name: input.name,
    externalId: input.externalId ?? null,
    note: input.note ?? null,
    mainContactId: null,
    locationIds: [],
    contactIds: [],
    createdAt: at,
    customerSince: at,
    updatedAt: at,
  };
  const locations = input.locations.map((l): CompanyLocationRecord => {
    const billing = l.billingAddress
      ? companyAddress(shop, input.name, l.billingAddress, at)
      : null;
    const shippingInput = l.shippingAddress === undefined ? l.billingAddress : l.shippingAddress;
    return {
      id: gid('CompanyLocation', shop.nextId()),
      companyId: company.id,
      name: l.name,
      externalId: l.externalId ?? null,
      note: null,
      phone: l.phone ?? null,
      locale: 'en',
      billingAddress: billing,
      shippingAddress: shippingInput ? companyAddress(shop, input.name, shippingInput, at) : null,
      createdAt: at,
      updatedAt: at,
    };
  });
  const contacts = customers.map((customerId): CompanyContactRecord => ({
    id: gid('CompanyContact', shop.nextId()),
    companyId: company.id,
    customerId,
    title: null,
    locale: 'en',
    createdAt: at,
    updatedAt: at,
  }));
  company.locationIds = locations.map((l) => l.id);
  company.contactIds = contacts.map((c) => c.id);
  company.mainContactId = contacts[0]?.id ?? null;
  shop.companies.set(company.id, company);
  for (const l of locations) shop.companyLocations.set(l.id, l);
  for (const c of contacts) shop.companyContacts.set(c.id, c);
  return { company, locations, contacts };
}

// The purchasing company of a new order: the location and the contact must belong to one
// company, as Shopify requires of a B2B order.
export function purchasingCompanyOf(
  shop: ShopState,
  input: { locationId: string; contactId?: string | null },
): { companyId: string; locationId: string; contactId: string | null } {
  const location = shop.companyLocations.get(input.locationId);
  if (!location) throw new Error(`shopify-sim: unknown company location ${input.locationId}`);
  const contact = input.contactId ? shop.companyContacts.get(input.contactId) : undefined;
  if (input.contactId && !contact)
    throw new Error(`shopify-sim: unknown company contact ${input.contactId}`);
  if (contact && contact.companyId !== location.companyId)
    throw new Error('shopify-sim: the contact and the location belong to other companies');
  return { companyId: location.companyId, locationId: location.id, contactId: contact?.id ?? null };
}
