// How customers are matched (ERP and Shopify alike): email case-insensitively, then phone by its
// digits (a leading + kept), so "+31 6-1234 5678" and "+31612345678" are one number.

export function normalizeEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim().toLowerCase();
  return trimmed ? trimmed : null;
}

export function normalizePhone(phone: string | null | undefined): string | null {
  const trimmed = phone?.trim();
  if (!trimmed) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (!digits) return null;
  return trimmed.startsWith('+') ? `+${digits}` : digits;
}

export interface BillToParts {
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  address1?: string | null;
  zip?: string | null;
  city?: string | null;
  countryCode?: string | null;
}

const squash = (v: string | null | undefined): string =>
  (v ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

// "By bill-to info": the name (the company's, else the person's), street, postcode, city and
// country, with case, accents, spaces and punctuation ignored. Null without a name, street and
// country, which is too little to tell customers apart.
export function billToKey(parts: BillToParts | null | undefined): string | null {
  if (!parts) return null;
  const name = squash(parts.company) || squash(`${parts.firstName ?? ''}${parts.lastName ?? ''}`);
  const street = squash(parts.address1);
  const country = squash(parts.countryCode);
  if (!name || !street || !country) return null;
  return [name, street, squash(parts.zip), squash(parts.city), country].join('|').slice(0, 320);
}

// The key a customer shopsync creates is unique by (erp_customers.identityKey): two shops that
// import the same person at once make one ERP customer. Email first, then phone, as matching.
export function contactIdentityKey(email: string | null, phone: string | null): string | null {
  const e = normalizeEmail(email);
  if (e) return `email:${e}`.slice(0, 320);
  const p = normalizePhone(phone);
  return p ? `phone:${p}` : null;
}

// A customer's bill-to key: its address, named by the address's company (else the customer's),
// else the address's person (else the customer's name). ERP and Shopify customers alike.
export function customerBillToKey(
  customer: { firstName?: string | null; lastName?: string | null; company?: string | null },
  address: BillToParts | null | undefined,
): string | null {
  if (!address) return null;
  const person = address.firstName || address.lastName ? address : customer;
  return billToKey({
    ...address,
    company: address.company || customer.company,
    firstName: person.firstName,
    lastName: person.lastName,
  });
}

// A company name as B2B orders are matched to ERP customers by it (without the company
// location's external id): case, accents, spaces and punctuation ignored. Null without one.
export function companyKey(company: string | null | undefined): string | null {
  const key = squash(company);
  return key ? key.slice(0, 320) : null;
}
