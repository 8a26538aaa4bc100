import { IsBoolean, IsIn } from 'class-validator';

// The order side's sections of a shop's settings (issue 7). Versioned like the contracts; field
// initializers are the defaults.

export const CUSTOMER_IMPORT_MODES = ['none', 'with-order-import', 'all'] as const;
export type CustomerImportMode = (typeof CUSTOMER_IMPORT_MODES)[number];

const BOOLEAN = { message: 'must be a boolean' };

export class CustomersSettingsV1 {
  @IsIn(CUSTOMER_IMPORT_MODES, { message: `must be one of ${CUSTOMER_IMPORT_MODES.join(', ')}` })
  import: CustomerImportMode = 'with-order-import';

  @IsBoolean(BOOLEAN)
  canUpdateShopifyCustomer = false;
}

export class OrdersSettingsV1 {
  @IsBoolean(BOOLEAN)
  autoCreateSalesOrders = false;

  @IsBoolean(BOOLEAN)
  invoiceWhenFulfilled = false;
}

export class ShipmentsSettingsV1 {
  @IsBoolean(BOOLEAN)
  notifyCustomer = false;
}
