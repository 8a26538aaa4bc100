import { readShopSettings, shopSettings, validateShopSettings } from './shop-settings.v1';

describe('shop settings', () => {
  it('reads every default from an empty, missing or non-object value', () => {
    const expected = {
      apiLogMode: 'errors',
      directions: { products: 'to-shopify', images: 'to-shopify' },
      products: {
        canUpdateShopifyProducts: false,
        statusOnCreate: 'active',
        removedItemAction: 'none',
        inventoryTracked: true,
        inventoryPolicy: 'deny',
        autoCreateUnknownItems: false,
        shopifyCanUpdateItems: false,
        skuMapping: 'sku',
        skuSeparator: '-',
        metafieldNamespace: 'shopsync',
        bulkExportThreshold: 100,
      },
      inventory: { quantityName: 'available', negativeAsZero: true, locations: [] },
      catalog: { bulkThreshold: 2000 },
      customers: {
        import: 'with-order-import',
        canUpdateShopifyCustomer: false,
        mapping: 'email-phone',
        autoCreateUnknown: true,
        defaultCustomerNo: null,
        defaultCustomerByCountry: null,
        unmapped: 'fail',
        shopifyCanUpdateCustomer: false,
        conflictWinner: 'erp',
      },
      orders: {
        autoCreateSalesOrders: false,
        invoiceWhenFulfilled: false,
        importFilter: {
          financialStatus: [],
          fulfillmentStatus: [],
          riskLevel: [],
          tags: [],
          excludeTags: [],
          excludeTest: false,
        },
        currency: 'shop',
        shippingChargeType: 'account',
        shippingChargeNo: 'SHIPPING',
        tipAccount: 'TIP',
        giftCardAccount: 'GIFTCARD',
        refundAccount: 'REFUND',
        discounts: 'line',
        useShopifyOrderNumber: false,
        documentNumberToShopify: 'off',
        unknownSku: 'fail',
        refunds: 'off',
        archiveProcessedOrders: false,
      },
      shipments: { notifyCustomer: false, acceptFulfillmentRequests: false, shippingAgents: null },
      webhooks: { tasks: ['orders', 'products', 'customers'] },
      ordering: {
        products: 'lenient',
        inventory: 'lenient',
        images: 'lenient',
        customers: 'lenient',
        orders: 'strict',
        'sales-orders': 'strict',
        shipments: 'lenient',
        payments: 'lenient',
      },
      timeouts: {
        products: 7200,
        inventory: 3600,
        images: 7200,
        customers: 7200,
        orders: 3600,
        'sales-orders': 3600,
        shipments: 3600,
        payments: 3600,
      },
    };
    for (const settings of [{}, null, undefined, [] as unknown as object])
      expect(JSON.parse(JSON.stringify(shopSettings({ settings: settings as never })))).toEqual(
        expected,
      );
  });

  it('reads the values that are set and keeps the defaults of the others', () => {
    const s = shopSettings({
      settings: {
        apiLogMode: 'all',
        directions: { images: 'off' },
        inventory: { quantityName: 'on_hand' },
        catalog: { bulkThreshold: 0 },
        customers: { import: 'all' },
        orders: { invoiceWhenFulfilled: true },
      },
    });
    expect(s.apiLogMode).toBe('all');
    expect(s.directions).toEqual({ products: 'to-shopify', images: 'off' });
    expect(s.inventory.quantityName).toBe('on_hand');
    expect(s.catalog.bulkThreshold).toBe(0);
    expect(s.customers).toMatchObject({ import: 'all', canUpdateShopifyCustomer: false });
    expect(s.customers.mapping).toBe('email-phone');
    expect(s.orders).toMatchObject({ autoCreateSalesOrders: false, invoiceWhenFulfilled: true });
    expect(s.orders.currency).toBe('shop');
    expect(s.products.canUpdateShopifyProducts).toBe(false);
  });

  it.each([
    [{ apiLogMode: 'verbose' }, 'settings.apiLogMode', 'must be one of off, errors, all'],
    [{ apiLogMode: null }, 'settings.apiLogMode', 'must be one of off, errors, all'],
    [{ directions: 'up' }, 'settings.directions', 'must be an object'],
    [
      { directions: { products: 'sideways' } },
      'settings.directions.products',
      'must be one of to-shopify, from-shopify, off',
    ],
    [
      { directions: { orders: 'to-shopify' } },
      'settings.directions.orders',
      'only products, images have a direction',
    ],
    [
      { products: { canUpdateShopifyProducts: 'no' } },
      'settings.products.canUpdateShopifyProducts',
      'must be a boolean',
    ],
    [
      { products: { statusOnCreate: 'ACTIVE' } },
      'settings.products.statusOnCreate',
      'must be one of active, draft',
    ],
    [
      { products: { removedItemAction: 'delete' } },
      'settings.products.removedItemAction',
      'must be one of none, draft, archive',
    ],
    [
      { products: { inventoryTracked: 'yes' } },
      'settings.products.inventoryTracked',
      'must be a boolean',
    ],
    [
      { products: { inventoryPolicy: 'allow' } },
      'settings.products.inventoryPolicy',
      'must be one of deny, continue',
    ],
    [
      { products: { shopifyCanUpdateItems: 'on' } },
      'settings.products.shopifyCanUpdateItems',
      'must be a boolean',
    ],
    [
      { products: { autoCreateUnknownItems: 1 } },
      'settings.products.autoCreateUnknownItems',
      'must be a boolean',
    ],
    [
      { products: { skuMapping: 'ean' } },
      'settings.products.skuMapping',
      'must be one of sku, barcode, item-no-variant-code',
    ],
    [
      { products: { skuSeparator: 'x' } },
      'settings.products.skuSeparator',
      'must be 1-3 characters that are neither letters, digits nor spaces',
    ],
    [
      { products: { bulkExportThreshold: 2.5 } },
      'settings.products.bulkExportThreshold',
      'must be a whole number',
    ],
    [
      { products: { metafieldNamespace: 'a b' } },
      'settings.products.metafieldNamespace',
      'must be 3-255 letters, digits, "-" or "_"',
    ],
    [
      { inventory: { quantityName: 'incoming' } },
      'settings.inventory.quantityName',
      'must be one of available, on_hand',
    ],
    [{ inventory: [] }, 'settings.inventory', 'must be an object'],
    [
      { catalog: { bulkThreshold: '3000' } },
      'settings.catalog.bulkThreshold',
      'must be a whole number',
    ],
    [
      { catalog: { bulkThreshold: 2.5 } },
      'settings.catalog.bulkThreshold',
      'must be a whole number',
    ],
    [{ catalog: { bulkThreshold: -1 } }, 'settings.catalog.bulkThreshold', 'must be at least 0'],
    [
      { customers: { import: 'some' } },
      'settings.customers.import',
      'must be one of none, with-order-import, all',
    ],
    [
      { customers: { canUpdateShopifyCustomer: 'yes' } },
      'settings.customers.canUpdateShopifyCustomer',
      'must be a boolean',
    ],
    [
      { customers: { mapping: 'by-name' } },
      'settings.customers.mapping',
      'must be one of email-phone, bill-to, default-customer',
    ],
    [
      { customers: { autoCreateUnknown: 'no' } },
      'settings.customers.autoCreateUnknown',
      'must be a boolean',
    ],
    [
      { customers: { defaultCustomerNo: ' C1' } },
      'settings.customers.defaultCustomerNo',
      'must be null or 1-64 printable characters',
    ],
    [
      { customers: { defaultCustomerByCountry: { nl: 'C-NL' } } },
      'settings.customers.defaultCustomerByCountry',
      'must be null or an object of at most 250 country codes (NL) to customer numbers',
    ],
    [
      { customers: { defaultCustomerByCountry: ['C-NL'] } },
      'settings.customers.defaultCustomerByCountry',
      'must be null or an object of at most 250 country codes (NL) to customer numbers',
    ],
    [
      { customers: { unmapped: 'create' } },
      'settings.customers.unmapped',
      'must be one of fail, default-customer',
    ],
    [
      { customers: { conflictWinner: 'both' } },
      'settings.customers.conflictWinner',
      'must be one of erp, shopify',
    ],
    [
      { customers: { shopifyCanUpdateCustomer: 1 } },
      'settings.customers.shopifyCanUpdateCustomer',
      'must be a boolean',
    ],
    [
      { orders: { autoCreateSalesOrders: null } },
      'settings.orders.autoCreateSalesOrders',
      'must be a boolean',
    ],
    [
      { orders: { invoiceWhenFulfilled: 'true' } },
      'settings.orders.invoiceWhenFulfilled',
      'must be a boolean',
    ],
    [{ shipments: 5 }, 'settings.shipments', 'must be an object'],
    [
      { shipments: { notifyCustomer: 0 } },
      'settings.shipments.notifyCustomer',
      'must be a boolean',
    ],
    [
      { shipments: { acceptFulfillmentRequests: 'yes' } },
      'settings.shipments.acceptFulfillmentRequests',
      'must be a boolean',
    ],
    [
      { shipments: { shippingAgents: [] } },
      'settings.shipments.shippingAgents',
      'must be null or an object of shipping agent codes to {trackingCompany, trackingUrl?}',
    ],
    [
      { shipments: { shippingAgents: { 'POST NL': { trackingCompany: 'PostNL' } } } },
      'settings.shipments.shippingAgents',
      `'POST NL': a shipping agent code must be 1-64 letters, digits, ".", "_", "/" or "-"`,
    ],
    [
      { shipments: { shippingAgents: { POSTNL: { trackingCompany: ' ' } } } },
      'settings.shipments.shippingAgents',
      'POSTNL.trackingCompany must be 1-100 characters, no spaces at either end',
    ],
    [
      { shipments: { shippingAgents: { POSTNL: { trackingCompany: 'PostNL', url: 'x' } } } },
      'settings.shipments.shippingAgents',
      'POSTNL.url is not a field (trackingCompany, trackingUrl)',
    ],
    [
      {
        shipments: {
          shippingAgents: {
            POSTNL: { trackingCompany: 'PostNL', trackingUrl: 'https://postnl.nl/t/123' },
          },
        },
      },
      'settings.shipments.shippingAgents',
      'POSTNL.trackingUrl must be a URL template containing {trackingNumber}',
    ],
    [
      {
        shipments: {
          shippingAgents: {
            DHL: { trackingCompany: 'DHL', trackingUrl: 'ftp://dhl/{trackingNumber}' },
          },
        },
      },
      'settings.shipments.shippingAgents',
      'DHL.trackingUrl must be an http(s) URL of at most 400 characters',
    ],
    [
      { ordering: { orders: 'fifo' } },
      'settings.ordering.orders',
      'must be one of lenient, strict',
    ],
    [
      { ordering: { refunds: 'strict' } },
      'settings.ordering.refunds',
      'is not a task (products, inventory, images, customers, orders, sales-orders, shipments, payments)',
    ],
    [
      { timeouts: { products: 0 } },
      'settings.timeouts.products',
      'must be a whole number of seconds from 1 to 86400',
    ],
    [
      { timeouts: { orders: 90.5 } },
      'settings.timeouts.orders',
      'must be a whole number of seconds from 1 to 86400',
    ],
    [
      { timeouts: { refunds: 60 } },
      'settings.timeouts.refunds',
      'is not a task (products, inventory, images, customers, orders, sales-orders, shipments, payments)',
    ],
    [{ notes: 'x' }, 'settings.notes', 'is not a setting'],
    [{ inventory: { quantity: 'on_hand' } }, 'settings.inventory.quantity', 'is not a setting'],
    [JSON.parse('{"__proto__": {"x": 1}}'), 'settings.__proto__', 'is not a setting'],
    [
      { catalog: JSON.parse('{"__proto__": {"bulkThreshold": 1}}') },
      'settings.catalog.__proto__',
      'is not a setting',
    ],
  ])('refuses %j naming %s', (settings, field, message) => {
    expect(validateShopSettings(settings)).toEqual([{ field, message }]);
    // Read anyway (a value stored before validation), the bad field keeps its default.
    const read = readShopSettings(settings).settings;
    expect(Object.getPrototypeOf(read.catalog)).toBe(
      Object.getPrototypeOf(shopSettings({ settings: {} }).catalog),
    );
    expect(JSON.stringify(read)).toBe(JSON.stringify(shopSettings({ settings: {} })));
  });

  it('names every bad field, in field order, unknown keys last', () => {
    expect(
      validateShopSettings({
        notes: 1,
        apiLogMode: 'verbose',
        directions: { products: 'sideways' },
        orders: { autoCreateSalesOrders: 'x', invoiceWhenFulfilled: 'y' },
      }).map((e) => e.field),
    ).toEqual([
      'settings.apiLogMode',
      'settings.directions.products',
      'settings.orders.autoCreateSalesOrders',
      'settings.orders.invoiceWhenFulfilled',
      'settings.notes',
    ]);
  });

  it('accepts every valid value', () => {
    expect(
      validateShopSettings({
        apiLogMode: 'off',
        directions: { products: 'from-shopify', images: 'off' },
        products: {
          canUpdateShopifyProducts: true,
          statusOnCreate: 'draft',
          removedItemAction: 'archive',
          inventoryTracked: false,
          inventoryPolicy: 'continue',
          autoCreateUnknownItems: true,
          shopifyCanUpdateItems: true,
        },
        inventory: { quantityName: 'on_hand' },
        catalog: { bulkThreshold: 10 },
        customers: {
          import: 'none',
          canUpdateShopifyCustomer: true,
          mapping: 'default-customer',
          autoCreateUnknown: false,
          defaultCustomerNo: 'GUEST',
          defaultCustomerByCountry: { BE: 'GUEST-BE', DE: 'GUEST-DE' },
          unmapped: 'default-customer',
          shopifyCanUpdateCustomer: true,
          conflictWinner: 'shopify',
        },
        orders: { autoCreateSalesOrders: true, invoiceWhenFulfilled: true },
        shipments: {
          notifyCustomer: true,
          acceptFulfillmentRequests: true,
          shippingAgents: {
            POSTNL: {
              trackingCompany: 'PostNL',
              trackingUrl: 'https://postnl.nl/tracktrace/?B={trackingNumber}&P=1015AB',
            },
            DHL: { trackingCompany: 'DHL Express', trackingUrl: null },
            'UPS.2': { trackingCompany: 'UPS' },
          },
        },
      }),
    ).toEqual([]);
  });

  it('takes a default customer per country alone, and bounds the country list', () => {
    expect(
      validateShopSettings({
        customers: { mapping: 'default-customer', defaultCustomerByCountry: { NL: 'GUEST-NL' } },
      }),
    ).toEqual([]);
    const required = [
      {
        field: 'settings.customers.defaultCustomerNo',
        message: "is required when mapping or unmapped is 'default-customer'",
      },
    ];
    expect(validateShopSettings({ customers: { mapping: 'default-customer' } })).toEqual(required);
    expect(
      validateShopSettings({
        customers: { unmapped: 'default-customer', defaultCustomerByCountry: {} },
      }),
    ).toEqual(required);
    const many = Object.fromEntries(
      Array.from({ length: 251 }, (_, i) => [
        String.fromCharCode(65 + Math.floor(i / 26)) + String.fromCharCode(65 + (i % 26)),
        `C${i}`,
      ]),
    );
    expect(validateShopSettings({ customers: { defaultCustomerByCountry: many } })).toEqual([
      {
        field: 'settings.customers.defaultCustomerByCountry',
        message: 'must be null or an object of at most 250 country codes (NL) to customer numbers',
      },
    ]);
  });

  it('reads the order document settings and names each bad one', () => {
    const { settings, errors } = readShopSettings({
      orders: {
        currency: 'presentment',
        refunds: 'credit-memo',
        shippingChargeNo: ' ',
        importFilter: { financialStatus: ['paid', 'bogus'], tags: ['vip'], excludeTags: ['a"b'] },
        discounts: 'sometimes',
      },
    });
    expect(settings.orders.currency).toBe('presentment');
    expect(settings.orders.refunds).toBe('credit-memo');
    expect(settings.orders.importFilter.tags).toEqual(['vip']);
    expect(settings.orders.shippingChargeNo).toBe('SHIPPING');
    expect(errors.map((e) => e.field)).toEqual([
      'settings.orders.importFilter.financialStatus',
      'settings.orders.importFilter.excludeTags',
      'settings.orders.shippingChargeNo',
      'settings.orders.discounts',
    ]);
  });
});
