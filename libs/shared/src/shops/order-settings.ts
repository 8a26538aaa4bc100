import type { FieldError } from '../domain/errors';
import type { JsonObject } from '../domain/tasks';

// The order side's shop settings (issue 7), read with defaults:
//   settings.customers = {import: 'none' | 'with-order-import' | 'all', canUpdateShopifyCustomer}
//   settings.orders    = {autoCreateSalesOrders, invoiceWhenFulfilled}
//   settings.shipments = {notifyCustomer}

export const CUSTOMER_IMPORT_MODES = ['none', 'with-order-import', 'all'] as const;
export type CustomerImportMode = (typeof CUSTOMER_IMPORT_MODES)[number];

export interface OrderSideSettings {
  customers: { import: CustomerImportMode; canUpdateShopifyCustomer: boolean };
  orders: { autoCreateSalesOrders: boolean; invoiceWhenFulfilled: boolean };
  shipments: { notifyCustomer: boolean };
}

const section = (
  settings: JsonObject | null | undefined,
  name: string,
): Record<string, unknown> => {
  const value = settings?.[name];
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
};

export function orderSideSettings(settings: JsonObject | null | undefined): OrderSideSettings {
  const customers = section(settings, 'customers');
  const orders = section(settings, 'orders');
  const shipments = section(settings, 'shipments');
  const mode = customers.import as CustomerImportMode;
  return {
    customers: {
      import: CUSTOMER_IMPORT_MODES.includes(mode) ? mode : 'with-order-import',
      canUpdateShopifyCustomer: customers.canUpdateShopifyCustomer === true,
    },
    orders: {
      autoCreateSalesOrders: orders.autoCreateSalesOrders === true,
      invoiceWhenFulfilled: orders.invoiceWhenFulfilled === true,
    },
    shipments: { notifyCustomer: shipments.notifyCustomer === true },
  };
}

const BOOLEANS: Record<string, string[]> = {
  customers: ['canUpdateShopifyCustomer'],
  orders: ['autoCreateSalesOrders', 'invoiceWhenFulfilled'],
  shipments: ['notifyCustomer'],
};

// Errors for these sections only; other keys are left to their owners.
export function validateOrderSideSettings(settings: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  for (const [name, flags] of Object.entries(BOOLEANS)) {
    const value = settings[name];
    if (value === undefined) continue;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      errors.push({ field: `settings.${name}`, message: 'must be an object' });
      continue;
    }
    const obj = value as Record<string, unknown>;
    for (const flag of flags)
      if (obj[flag] !== undefined && typeof obj[flag] !== 'boolean')
        errors.push({ field: `settings.${name}.${flag}`, message: 'must be a boolean' });
  }
  const mode = section(settings, 'customers').import;
  if (mode !== undefined && !CUSTOMER_IMPORT_MODES.includes(mode as CustomerImportMode))
    errors.push({
      field: 'settings.customers.import',
      message: `must be one of ${CUSTOMER_IMPORT_MODES.join(', ')}`,
    });
  return errors;
}
