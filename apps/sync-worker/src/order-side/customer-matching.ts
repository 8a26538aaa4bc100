import {
  companyKey,
  contactIdentityKey,
  customerBillToKey,
  CustomerFields,
  CustomerMapping,
  ErpAddress,
  ErpCustomerAddress,
  ErpCustomerEntity,
  MarketingConsent,
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
  // Also read by the customers task only (undefined: not read, left as the ERP has it): all of
  // the customer's addresses (the default among them), tax exemption and marketing consent.
  addresses?: ShopifyMailingAddress[];
  taxExempt?: boolean;
  taxExemptions?: string[];
  emailMarketingConsent?: ShopifyConsent | null;
  smsMarketingConsent?: ShopifyConsent | null;
}

export interface ShopifyConsent {
  marketingState: string;
  marketingOptInLevel: string | null;
  consentUpdatedAt: string | null;
}

export function toConsent(c: ShopifyConsent | null | undefined): MarketingConsent | null {
  return c
    ? {
        state: c.marketingState,
        optInLevel: c.marketingOptInLevel ?? null,
        consentUpdatedAt: c.consentUpdatedAt ?? null,
      }
    : null;
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
  if (c.addresses !== undefined) {
    const defaultId = c.defaultAddress?.id ?? null;
    fields.addresses = c.addresses
      .filter((a) => a.id && a.id !== defaultId)
      .map((a) => ({ id: a.id!, address: toErpAddress(a)! }));
  }
  if (c.taxExempt !== undefined) fields.taxExempt = c.taxExempt;
  if (c.taxExemptions !== undefined) fields.taxExemptions = [...c.taxExemptions];
  return fields;
}

const addressNumber = (gid: string): string => /\/(\d+)(?:\?|$)/.exec(gid)?.[1] ?? gid;

// The address id mapping of one shop's customer (ERP address code → Shopify address id): the
// codes known, and a new code `S<number>` for each other Shopify address not known yet.
export function addressCodesFor(
  fields: CustomerFields,
  known: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!fields.addresses && !known) return undefined;
  const codes = { ...(known ?? {}) };
  const mapped = new Set(Object.values(codes));
  for (const { id } of fields.addresses ?? [])
    if (!mapped.has(id)) codes[`S${addressNumber(id)}`.slice(0, 64)] = id;
  return codes;
}

const codeOf = (codes: Record<string, string>, id: string): string | undefined =>
  Object.entries(codes).find(([, v]) => v === id)?.[0];

// What the ERP owns of a customer, as a push compares it with what Shopify holds.
export interface ErpSide extends CustomerFields {
  shipTo: ErpCustomerAddress[];
}

export function erpFields(c: ErpCustomerEntity): ErpSide {
  const fields: ErpSide = {
    firstName: c.firstName,
    lastName: c.lastName,
    email: normalizeEmail(c.email),
    phone: normalizePhone(c.phone),
    address: c.address,
    shipTo: c.addresses ?? [],
  };
  if (c.taxExempt !== null && c.taxExempt !== undefined) fields.taxExempt = c.taxExempt;
  return fields;
}

// One of the customer's other addresses to send: updated at its Shopify address, or created.
export interface AddressPush {
  code: string;
  address: ErpAddress;
  shopifyAddressId: string | null;
}

export interface CustomerPush {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  taxExempt?: boolean;
  address?: ErpAddress;
  addresses?: AddressPush[];
  // ERP addresses found as they are among Shopify's (nothing to send): code → Shopify id.
  linked?: Record<string, string>;
}

// What a push to Shopify sends: only the fields the ERP holds a value for that differ from what
// Shopify holds (an ERP blank never erases Shopify's value); the tax exemption and the addresses
// only once Shopify's have been read, and when they differ. The other addresses go by the
// address id mapping: a mapped one is updated where it differs, one Shopify holds the same is
// linked, any other is created.
export function customerChanges(
  erp: ErpSide | CustomerFields,
  shopify: CustomerFields,
): CustomerPush {
  const changes: CustomerPush = {};
  for (const key of ['firstName', 'lastName', 'email', 'phone'] as const) {
    const value = erp[key];
    if (value !== null && value !== '' && value !== shopify[key]) changes[key] = value;
  }
  if (
    erp.taxExempt !== undefined &&
    shopify.taxExempt !== undefined &&
    erp.taxExempt !== shopify.taxExempt
  )
    changes.taxExempt = erp.taxExempt;
  if (erp.address && shopify.address !== undefined && !sameAddress(erp.address, shopify.address))
    changes.address = erp.address;
  const shipTo = 'shipTo' in erp ? erp.shipTo : [];
  if (shipTo.length && shopify.addresses !== undefined) {
    const held = new Map(shopify.addresses.map((a) => [a.id, a.address]));
    const codes = shopify.addressCodes ?? {};
    const taken = new Set(Object.values(codes));
    for (const { code, ...address } of shipTo) {
      const id = codes[code];
      if (id && held.has(id)) {
        if (!sameAddress(address, held.get(id)!))
          (changes.addresses ??= []).push({ code, address, shopifyAddressId: id });
        continue;
      }
      // Shopify holds it already (the default address too): linked, never made twice.
      const defaultOne =
        shopify.addressId && shopify.address
          ? [{ id: shopify.addressId, address: shopify.address }]
          : [];
      const same = [...shopify.addresses, ...defaultOne].find(
        (a) => !taken.has(a.id) && sameAddress(address, a.address),
      );
      if (same) {
        (changes.linked ??= {})[code] = same.id;
        taken.add(same.id);
      } else (changes.addresses ??= []).push({ code, address, shopifyAddressId: null });
    }
  }
  return changes;
}

// Whether a push has anything to send to Shopify (links alone are recorded without a call).
export const sendsAnything = (p: CustomerPush): boolean =>
  Object.keys(p).some((k) => k !== 'linked');

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
  Pick<
    ErpCustomerEntity,
    | 'firstName'
    | 'lastName'
    | 'email'
    | 'phone'
    | 'company'
    | 'address'
    | 'taxExempt'
    | 'taxExemptions'
    | 'emailMarketingConsent'
    | 'smsMarketingConsent'
    | 'addresses'
    | 'companyKey'
  >
> & { billToKey?: string | null };

// Shopify → ERP (shopifyCanUpdateCustomer): the fields Shopify holds a value for that differ
// from the ERP's: name, email, phone, and, when the customers task read them, the default
// address and its company, the tax exemption, the marketing consent and the other addresses
// (by the address id mapping `codes`; one the ERP lacks is added under its code). A Shopify
// blank never erases the ERP's value, nor does an address deleted in Shopify.
export function erpCustomerChanges(
  erp: ErpCustomerEntity,
  input: CustomerImport,
  codes: Record<string, string> = {},
): ErpCustomerUpdate {
  const fields = shopifyFields(input.snapshot);
  const changes: ErpCustomerUpdate = {};
  for (const key of ['firstName', 'lastName', 'email', 'phone'] as const) {
    const value = fields[key];
    if (value !== null && value !== '' && value !== erp[key]) changes[key] = value;
  }
  const address = input.address;
  if (address && !sameAddress(address, erp.address)) changes.address = { ...address };
  if (address?.company && address.company !== erp.company) {
    changes.company = address.company;
    changes.companyKey = companyKey(address.company);
  }
  if (fields.taxExempt !== undefined && fields.taxExempt !== (erp.taxExempt ?? null))
    changes.taxExempt = fields.taxExempt;
  if (fields.taxExemptions && !sameList(fields.taxExemptions, erp.taxExemptions ?? []))
    changes.taxExemptions = fields.taxExemptions;
  const s = input.snapshot;
  for (const [key, consent] of [
    ['emailMarketingConsent', toConsent(s.emailMarketingConsent)],
    ['smsMarketingConsent', toConsent(s.smsMarketingConsent)],
  ] as const)
    if (consent && JSON.stringify(consent) !== JSON.stringify(erp[key] ?? null))
      changes[key] = consent;
  if (fields.addresses?.length) {
    const list = [...(erp.addresses ?? [])];
    let changed = false;
    for (const { id, address: a } of fields.addresses) {
      const code = codeOf(codes, id);
      if (!code) continue;
      const at = list.findIndex((x) => x.code === code);
      if (at >= 0 && sameAddress(a, list[at])) continue;
      if (at >= 0) list[at] = { ...a, code };
      else list.push({ ...a, code });
      changed = true;
    }
    if (changed) changes.addresses = list;
  }
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

export function sameAddress(a: ErpAddress, b: ErpAddress | null | undefined): boolean {
  return !!b && ADDRESS_KEYS.every((k) => (a[k] ?? null) === (b[k] ?? null));
}

const sameList = (a: string[], b: string[]): boolean =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();
