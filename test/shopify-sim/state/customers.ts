import { gid } from '../gid';
import { UserErrorRecord } from './catalog';
import { AddressRecord, CustomerRecord, MarketingConsentRecord } from './records';
import { ShopState } from './shop-state';

// Customer create / update / upsert with Shopify's validations (something to identify the
// customer, unique email and phone, plausible email).

export interface MailingAddressInput {
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  company?: string | null;
  countryCode?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  provinceCode?: string | null;
  zip?: string | null;
}

export interface CustomerFieldsInput {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  note?: string | null;
  locale?: string | null;
  tags?: string[] | null;
  taxExempt?: boolean | null;
  taxExemptions?: string[] | null;
  // CustomerEmailMarketingConsentInput / CustomerSmsMarketingConsentInput (sourceLocationId is
  // not modelled). The merchant's edit (control API); the customerUpdate mutation refuses them.
  emailMarketingConsent?: Partial<MarketingConsentRecord> | null;
  smsMarketingConsent?: Partial<MarketingConsentRecord> | null;
  addresses?: MailingAddressInput[] | null;
}

const NOT_SUBSCRIBED: MarketingConsentRecord = {
  marketingState: 'NOT_SUBSCRIBED',
  marketingOptInLevel: 'SINGLE_OPT_IN',
  consentUpdatedAt: null,
};

function consentOf(
  shop: ShopState,
  input: Partial<MarketingConsentRecord>,
  before: MarketingConsentRecord | null,
): MarketingConsentRecord {
  return {
    marketingState: input.marketingState ?? before?.marketingState ?? 'NOT_SUBSCRIBED',
    marketingOptInLevel:
      input.marketingOptInLevel !== undefined
        ? input.marketingOptInLevel
        : (before?.marketingOptInLevel ?? 'SINGLE_OPT_IN'),
    consentUpdatedAt: input.consentUpdatedAt ?? shop.now(),
  };
}

const COUNTRY_NAMES: Record<string, string> = {
  NL: 'Netherlands',
  BE: 'Belgium',
  DE: 'Germany',
  FR: 'France',
  GB: 'United Kingdom',
  US: 'United States',
  CA: 'Canada',
  ES: 'Spain',
  IT: 'Italy',
  DK: 'Denmark',
};

export function addressFromInput(
  shop: ShopState,
  input: MailingAddressInput,
  modelName = 'CustomerAddress',
): AddressRecord {
  const countryCode = input.countryCode ?? null;
  return {
    id: gid('MailingAddress', shop.nextId(), `model_name=${modelName}`),
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    company: input.company ?? null,
    address1: input.address1 ?? null,
    address2: input.address2 ?? null,
    city: input.city ?? null,
    province: input.provinceCode ?? null,
    provinceCode: input.provinceCode ?? null,
    country: countryCode ? (COUNTRY_NAMES[countryCode] ?? countryCode) : null,
    countryCode,
    zip: input.zip ?? null,
    phone: input.phone ?? null,
  };
}

export function findCustomerBy(
  shop: ShopState,
  field: 'email' | 'phone',
  value: string,
): CustomerRecord | undefined {
  const wanted = value.toLowerCase();
  for (const c of shop.customers.values()) if (c[field]?.toLowerCase() === wanted) return c;
  return undefined;
}

function validate(
  shop: ShopState,
  input: CustomerFieldsInput,
  self: CustomerRecord | null,
  prefix: string[],
): UserErrorRecord[] {
  const errors: UserErrorRecord[] = [];
  const merged = {
    email: input.email !== undefined ? input.email : self?.email,
    phone: input.phone !== undefined ? input.phone : self?.phone,
    firstName: input.firstName !== undefined ? input.firstName : self?.firstName,
    lastName: input.lastName !== undefined ? input.lastName : self?.lastName,
  };
  if (!merged.email && !merged.phone && !merged.firstName && !merged.lastName) {
    errors.push({
      field: null,
      message: 'A name, phone number, or email address must be present',
      code: 'BLANK',
    });
  }
  if (input.email) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email))
      errors.push({ field: [...prefix, 'email'], message: 'Email is invalid', code: 'INVALID' });
    const owner = findCustomerBy(shop, 'email', input.email);
    if (owner && owner !== self)
      errors.push({
        field: [...prefix, 'email'],
        message: 'Email has already been taken',
        code: 'TAKEN',
      });
  }
  if (input.phone) {
    const owner = findCustomerBy(shop, 'phone', input.phone);
    if (owner && owner !== self)
      errors.push({
        field: [...prefix, 'phone'],
        message: 'Phone has already been taken',
        code: 'TAKEN',
      });
  }
  return errors;
}

function applyFields(shop: ShopState, customer: CustomerRecord, input: CustomerFieldsInput): void {
  if (input.email !== undefined) customer.email = input.email ?? null;
  if (input.phone !== undefined) customer.phone = input.phone ?? null;
  if (input.firstName !== undefined) customer.firstName = input.firstName ?? null;
  if (input.lastName !== undefined) customer.lastName = input.lastName ?? null;
  if (input.note !== undefined) customer.note = input.note ?? null;
  if (input.locale) customer.locale = input.locale;
  if (input.tags) customer.tags = [...input.tags];
  if (input.taxExempt !== undefined && input.taxExempt !== null)
    customer.taxExempt = input.taxExempt;
  if (input.taxExemptions) customer.taxExemptions = [...new Set(input.taxExemptions)];
  if (input.emailMarketingConsent)
    customer.emailMarketingConsent = consentOf(
      shop,
      input.emailMarketingConsent,
      customer.emailMarketingConsent,
    );
  if (input.smsMarketingConsent)
    customer.smsMarketingConsent = consentOf(
      shop,
      input.smsMarketingConsent,
      customer.smsMarketingConsent,
    );
  // A customer with an email (phone) has a consent state; without one, none.
  if (!customer.email) customer.emailMarketingConsent = null;
  else customer.emailMarketingConsent ??= { ...NOT_SUBSCRIBED };
  if (!customer.phone) customer.smsMarketingConsent = null;
  else customer.smsMarketingConsent ??= { ...NOT_SUBSCRIBED };
  if (input.addresses) {
    // A list field: the given addresses replace the existing ones.
    customer.addresses = input.addresses.map((a) => addressFromInput(shop, a));
    customer.defaultAddressId = customer.addresses[0]?.id ?? null;
  }
  customer.updatedAt = shop.now();
}

export interface CustomerResult {
  customer: CustomerRecord | null;
  userErrors: UserErrorRecord[];
}

export function createCustomer(
  shop: ShopState,
  input: CustomerFieldsInput,
  prefix: string[] = ['input'],
): CustomerResult {
  const userErrors = validate(shop, input, null, prefix);
  if (userErrors.length) return { customer: null, userErrors };
  const now = shop.now();
  const customer: CustomerRecord = {
    id: gid('Customer', shop.nextId()),
    firstName: null,
    lastName: null,
    email: null,
    phone: null,
    note: null,
    tags: [],
    taxExempt: false,
    taxExemptions: [],
    emailMarketingConsent: null,
    smsMarketingConsent: null,
    locale: 'en',
    state: 'DISABLED',
    verifiedEmail: true,
    addresses: [],
    defaultAddressId: null,
    createdAt: now,
    updatedAt: now,
  };
  applyFields(shop, customer, input);
  shop.customers.set(customer.id, customer);
  return { customer, userErrors: [] };
}

export function updateCustomer(
  shop: ShopState,
  id: string,
  input: CustomerFieldsInput,
  prefix: string[] = ['input'],
): CustomerResult {
  const customer = shop.customers.get(id);
  if (!customer)
    return {
      customer: null,
      userErrors: [
        { field: [...prefix, 'id'], message: 'Customer does not exist', code: 'NOT_FOUND' },
      ],
    };
  const userErrors = validate(shop, input, customer, prefix);
  if (userErrors.length) return { customer: null, userErrors };
  applyFields(shop, customer, input);
  return { customer, userErrors: [] };
}

// customerSet: upsert by id, email or phone (the identifier); without one it creates.
export function setCustomer(
  shop: ShopState,
  input: CustomerFieldsInput,
  identifier:
    | { id?: string | null; email?: string | null; phone?: string | null; customId?: unknown }
    | null
    | undefined,
): CustomerResult {
  if (identifier?.id) return updateCustomer(shop, identifier.id, input, ['input']);
  let existing: CustomerRecord | undefined;
  if (identifier?.email) {
    if (input.email && input.email.toLowerCase() !== identifier.email.toLowerCase()) {
      return {
        customer: null,
        userErrors: [
          {
            field: ['input', 'email'],
            message: 'The email in the input must match the identifier',
            code: 'INPUT_MISMATCH',
          },
        ],
      };
    }
    existing = findCustomerBy(shop, 'email', identifier.email);
    input = { ...input, email: identifier.email };
  } else if (identifier?.phone) {
    existing = findCustomerBy(shop, 'phone', identifier.phone);
    input = { ...input, phone: identifier.phone };
  } else if (identifier?.customId) {
    return {
      customer: null,
      userErrors: [
        {
          field: ['identifier', 'customId'],
          message: 'customId identifiers are not supported by the simulator',
          code: 'INVALID',
        },
      ],
    };
  }
  return existing ? updateCustomer(shop, existing.id, input) : createCustomer(shop, input);
}

export interface AddressResult {
  address: AddressRecord | null;
  userErrors: UserErrorRecord[];
}

// customerAddressCreate / customerAddressUpdate: one address of an existing customer, optionally
// made the default (the first address a customer gets is the default anyway).
export function setCustomerAddress(
  shop: ShopState,
  customerId: string,
  addressId: string | null,
  input: MailingAddressInput,
  setAsDefault: boolean,
): AddressResult {
  const customer = shop.customers.get(customerId);
  if (!customer)
    return {
      address: null,
      userErrors: [
        { field: ['customerId'], message: 'Customer does not exist', code: 'NOT_FOUND' },
      ],
    };
  let address: AddressRecord;
  if (addressId) {
    const index = customer.addresses.findIndex((a) => a.id === addressId);
    if (index < 0)
      return {
        address: null,
        userErrors: [
          { field: ['addressId'], message: 'Address does not exist', code: 'NOT_FOUND' },
        ],
      };
    const before = customer.addresses[index];
    const merged = { ...before, ...definedOnly(input) } as MailingAddressInput & AddressRecord;
    address = {
      ...addressFromInput(shop, {
        ...merged,
        provinceCode: merged.provinceCode ?? before.provinceCode,
      }),
      id: before.id,
    };
    customer.addresses[index] = address;
  } else {
    address = addressFromInput(shop, input);
    customer.addresses.push(address);
  }
  if (setAsDefault || !customer.defaultAddressId) customer.defaultAddressId = address.id;
  customer.updatedAt = shop.now();
  return { address, userErrors: [] };
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
