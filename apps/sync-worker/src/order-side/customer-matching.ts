import {
  CustomerFields,
  ErpCustomerEntity,
  normalizeEmail,
  normalizePhone,
} from '@shopsync/shared';

export interface ShopifyCustomerSnapshot {
  id: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  updatedAt: string | null;
}

// The reference's rule: a Shopify customer is the ERP customer with the same email; failing
// that, the same phone number; failing that, a new one.
export function matchCustomer<T extends Pick<ErpCustomerEntity, 'email' | 'phone'>>(
  candidates: T[],
  customer: { email: string | null; phone: string | null },
): T | undefined {
  const email = normalizeEmail(customer.email);
  const phone = normalizePhone(customer.phone);
  return (
    (email ? candidates.find((c) => c.email === email) : undefined) ??
    (phone ? candidates.find((c) => c.phone === phone) : undefined)
  );
}

export function shopifyFields(c: ShopifyCustomerSnapshot): CustomerFields {
  return {
    firstName: c.firstName ?? null,
    lastName: c.lastName ?? null,
    email: normalizeEmail(c.email),
    phone: normalizePhone(c.phone),
  };
}

export function erpFields(c: ErpCustomerEntity): CustomerFields {
  return {
    firstName: c.firstName,
    lastName: c.lastName,
    email: normalizeEmail(c.email),
    phone: normalizePhone(c.phone),
  };
}

// What a push to Shopify sends: only the fields the ERP holds a value for that differ from what
// Shopify holds (an ERP blank never erases Shopify's value).
export function customerChanges(
  erp: CustomerFields,
  shopify: CustomerFields,
): Partial<CustomerFields> {
  const changes: Partial<CustomerFields> = {};
  for (const key of ['firstName', 'lastName', 'email', 'phone'] as const) {
    const value = erp[key];
    if (value !== null && value !== '' && value !== shopify[key]) changes[key] = value;
  }
  return changes;
}
