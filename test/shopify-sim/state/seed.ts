import { gid } from '../gid';
import { SeededRandom } from '../random';
import { SeedOptions } from '../types';
import { createVariant, newProduct, setLevelQuantity, setOptions } from './catalog';
import { createCompany } from './companies';
import { createCustomer } from './customers';
import { addFulfillmentService } from './fulfillment-services';
import { createFulfillment } from './fulfillments';
import { createRefund, createReturn, editOrder } from './order-changes';
import { createOrder } from './orders';
import { CustomerRecord, FinancialStatus, LocationRecord, VariantRecord } from './records';
import { isoSeconds, ShopState } from './shop-state';

// Deterministic seed data: the same options and seed give the same records with the same ids
// in a fresh shop. Timestamps spread over the 30 days before `baseTime`.

const ADJECTIVES = [
  'Classic',
  'Organic',
  'Vintage',
  'Urban',
  'Nordic',
  'Coastal',
  'Alpine',
  'Rustic',
  'Modern',
  'Essential',
];
const NOUNS = [
  'Mug',
  'Hoodie',
  'Backpack',
  'Candle',
  'Notebook',
  'Scarf',
  'Bottle',
  'Sneaker',
  'Lamp',
  'Blanket',
  'Cap',
  'Teapot',
];
const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const FIRST_NAMES = [
  'Anna',
  'Bram',
  'Chloe',
  'Daan',
  'Emma',
  'Finn',
  'Greta',
  'Hugo',
  'Iris',
  'Jens',
  'Lotte',
  'Milan',
];
const LAST_NAMES = [
  'de Vries',
  'Jansen',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'Mulder',
  'Bos',
  'Peters',
  'Dekker',
];
const CITIES = ['Amsterdam', 'Rotterdam', 'Utrecht', 'Eindhoven', 'Groningen', 'Antwerpen'];

export interface SeedSummary {
  locations: number;
  products: number;
  variants: number;
  inventoryLevels: number;
  customers: number;
  orders: number;
}

const DAY_MS = 24 * 3600 * 1000;

export function seedShop(shop: ShopState, options: SeedOptions): SeedSummary {
  const rng = new SeededRandom(options.seed ?? 1);
  const base = options.baseTime ? Date.parse(options.baseTime) : shop.nowMs();
  const past = (): string => isoSeconds(base - rng.int(1, 30 * DAY_MS));
  const summary: SeedSummary = {
    locations: 0,
    products: 0,
    variants: 0,
    inventoryLevels: 0,
    customers: 0,
    orders: 0,
  };

  const locationCount = options.locations ?? (shop.locations.size === 0 ? 1 : 0);
  const startIndex = shop.locations.size;
  for (let i = 1; i <= locationCount; i++) {
    const at = past();
    const location: LocationRecord = {
      id: gid('Location', shop.nextId()),
      name: `Warehouse ${startIndex + i}`,
      isActive: true,
      fulfillsOnlineOrders: true,
      address: {
        address1: `Dock ${i}`,
        address2: null,
        city: rng.pick(CITIES),
        province: null,
        provinceCode: null,
        country: 'Netherlands',
        countryCode: 'NL',
        zip: `10${10 + i} AB`,
        phone: null,
      },
      createdAt: at,
      updatedAt: at,
    };
    shop.locations.set(location.id, location);
    summary.locations++;
  }
  // Seeded stock and orders stay at the merchant's locations; a service's location gets orders
  // placed there (`locationId`).
  const locations = [...shop.locations.values()];
  for (let i = 1; i <= (options.fulfillmentServices ?? 0); i++)
    addFulfillmentService(shop, `Fulfillment service ${shop.fulfillmentServices.size + 1}`);

  const variantsPerProduct = Math.max(1, options.variantsPerProduct ?? 1);
  const seededVariants: VariantRecord[] = [];
  const productOffset = shop.products.size;
  for (let p = 1; p <= (options.products ?? 0); p++) {
    const n = productOffset + p;
    const title = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${n}`;
    const product = newProduct(shop, {
      title,
      handle: `sim-product-${n}`,
      vendor: 'Sim Supplies',
      productType: 'General',
      tags: ['seed'],
    });
    const values = Array.from({ length: variantsPerProduct }, (_, v) =>
      variantsPerProduct <= SIZES.length ? SIZES[v] : `Size ${v + 1}`,
    );
    const optionName = variantsPerProduct === 1 ? 'Title' : 'Size';
    setOptions(shop, product, [
      { name: optionName, values: variantsPerProduct === 1 ? ['Default Title'] : values },
    ]);
    const basePrice = rng.int(5, 200);
    for (let v = 0; v < variantsPerProduct; v++) {
      const value = variantsPerProduct === 1 ? 'Default Title' : values[v];
      const variant = createVariant(shop, product, [{ name: optionName, value }], {
        sku: `SIM-${String(n).padStart(5, '0')}-${String(v + 1).padStart(3, '0')}`,
        barcode: String(8_700_000_000_000 + n * 1000 + v),
        price: basePrice + rng.int(0, 99) / 100,
        inventoryItem: { cost: (basePrice * 0.4).toFixed(2), tracked: true },
      });
      for (const location of locations) {
        setLevelQuantity(shop, variant.inventoryItemId, location.id, 'available', rng.int(0, 100));
        summary.inventoryLevels++;
      }
      seededVariants.push(variant);
      summary.variants++;
    }
    const at = past();
    product.createdAt = at;
    product.updatedAt = at;
    product.publishedAt = at;
    for (const id of product.variantIds) {
      const variant = shop.variants.get(id);
      if (variant) variant.createdAt = variant.updatedAt = at;
    }
    summary.products++;
  }

  const customers: CustomerRecord[] = [];
  const customerOffset = shop.customers.size;
  for (let c = 1; c <= (options.customers ?? 0); c++) {
    const n = customerOffset + c;
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const { customer } = createCustomer(shop, {
      firstName,
      lastName,
      email: `${firstName}.${lastName.replace(/\s+/g, '')}.${n}@example.com`.toLowerCase(),
      phone: `+316${String(10_000_000 + n).slice(-8)}`,
      tags: ['seed'],
      addresses: [
        {
          address1: `Keizersgracht ${n}`,
          city: rng.pick(CITIES),
          countryCode: 'NL',
          zip: `1015 ${String.fromCharCode(65 + (n % 26))}B`,
          firstName,
          lastName,
        },
      ],
    });
    if (customer) {
      customer.createdAt = customer.updatedAt = past();
      customers.push(customer);
      summary.customers++;
    }
  }

  const statuses: FinancialStatus[] = [
    'PAID',
    'PAID',
    'PAID',
    'AUTHORIZED',
    'PENDING',
    'PARTIALLY_PAID',
  ];
  const allVariants = seededVariants.length ? seededVariants : [...shop.variants.values()];
  for (let o = 1; o <= (options.orders ?? 0) && allVariants.length; o++) {
    const customer = customers.length && rng.next() < 0.85 ? rng.pick(customers) : undefined;
    const lines = Array.from({ length: rng.int(1, 3) }, () => ({
      variantId: rng.pick(allVariants).id,
      quantity: rng.int(1, 3),
    }));
    const at = past();
    const order = createOrder(shop, {
      lineItems: lines,
      customerId: customer?.id,
      email: customer ? undefined : `guest.${o}@example.com`,
      financialStatus: rng.pick(statuses),
      shippingAddress: customer?.addresses[0] ?? {
        address1: `Guestway ${o}`,
        city: rng.pick(CITIES),
        countryCode: 'NL',
        zip: '1000 AA',
      },
      shippingPrice: rng.pick([0, 4.95, 6.95]),
      processedAt: at,
    });
    if (rng.next() < 0.3) {
      createFulfillment(shop, {
        lineItemsByFulfillmentOrder: order.fulfillmentOrders.map((fo) => ({
          fulfillmentOrderId: fo.id,
        })),
        trackingInfo: { company: 'PostNL', number: `3S${order.number}` },
      });
    }
    order.updatedAt = at;
    // A guest order creates its customer; date that customer like the order.
    const guest = !customer && order.customerId ? shop.customers.get(order.customerId) : undefined;
    if (guest) guest.createdAt = guest.updatedAt = at;
    summary.orders++;
  }
  if (options.showcase && allVariants.length) {
    seedShowcase(shop, allVariants, customers, past);
    summary.orders += 4;
  }
  for (let c = 1; c <= (options.companies ?? 0); c++) {
    const n = shop.companies.size + 1;
    const { customer: buyer } = createCustomer(shop, {
      firstName: 'Buyer',
      lastName: `Company ${n}`,
      email: `buyer.${n}@company${n}.example`,
    });
    const city = rng.pick(CITIES);
    const { locations, contacts } = createCompany(shop, {
      name: `Company ${n} BV`,
      locations: [
        {
          name: `Company ${n} head office`,
          externalId: `B2B-${n}`,
          billingAddress: { address1: `Head Street ${n}`, city, zip: '1000 AB', countryCode: 'NL' },
        },
        {
          name: `Company ${n} depot`,
          billingAddress: { address1: `Head Street ${n}`, city, zip: '1000 AB', countryCode: 'NL' },
          shippingAddress: { address1: `Depot Lane ${n}`, city, zip: '1000 CD', countryCode: 'NL' },
        },
      ],
      contactCustomerIds: buyer ? [buyer.id] : [],
    });
    summary.customers++;
    if (allVariants.length && contacts[0]) {
      const order = createOrder(shop, {
        lineItems: [{ variantId: rng.pick(allVariants).id, quantity: rng.int(1, 5) }],
        purchasingCompany: { locationId: locations[1].id, contactId: contacts[0].id },
        shippingAddress: { address1: `Depot Lane ${n}`, city, zip: '1000 CD', countryCode: 'NL' },
        billingAddress: { address1: `Head Street ${n}`, city, zip: '1000 AB', countryCode: 'NL' },
        processedAt: past(),
      });
      order.updatedAt = order.processedAt;
      summary.orders++;
    }
  }
  return summary;
}

// Four fixed orders; only their timestamps come from the seed's clock.
function seedShowcase(
  shop: ShopState,
  variants: VariantRecord[],
  customers: CustomerRecord[],
  past: () => string,
): void {
  const v = (i: number) => variants[i % variants.length].id;
  const customerId = customers[0]?.id;
  const email = customerId ? undefined : 'showcase@example.com';
  const address = { address1: 'Fifth Avenue 1', city: 'New York', countryCode: 'US', zip: '10001' };
  const at = [past(), past(), past(), past()].sort();
  // Shipping with tax, a discount code across the lines, a manual line discount, two tax lines,
  // prices without tax, paid in USD, with a tip.
  createOrder(shop, {
    customerId,
    email,
    shippingAddress: address,
    presentmentCurrency: 'USD',
    exchangeRate: 1.0837,
    taxesIncluded: false,
    lineItems: [
      {
        variantId: v(0),
        quantity: 2,
        taxes: [
          { title: 'State tax', rate: 0.04 },
          { title: 'City tax', rate: 0.045 },
        ],
      },
      {
        variantId: v(1),
        quantity: 1,
        discount: { amount: 2, title: 'Scratched box' },
        taxes: [{ title: 'State tax', rate: 0.04 }],
      },
    ],
    discounts: [{ code: 'WELCOME10', percentage: 10 }],
    shippingLines: [
      {
        title: 'UPS Ground',
        code: 'ups-ground',
        source: 'ups',
        price: 9.5,
        taxes: [{ title: 'State tax', rate: 0.04 }],
      },
    ],
    tip: 3,
    tags: ['showcase', 'usd'],
    note: 'Leave at the front desk',
    customAttributes: [{ key: 'gift-message', value: 'Happy birthday!' }],
    processedAt: at[0],
  });
  // A gift card sold next to an item, paid partly with another gift card; a free-shipping code.
  createOrder(shop, {
    customerId,
    email,
    shippingAddress: address,
    lineItems: [
      { variantId: v(2), quantity: 1 },
      { title: 'Gift card', price: 25, quantity: 1, giftCard: true },
    ],
    shippingLines: [{ title: 'Standard', price: 4.95, taxes: [{ title: 'VAT', rate: 0.21 }] }],
    discounts: [{ code: 'FREESHIP', percentage: 100, target: 'shipping' }],
    giftCardPayment: 10,
    risk: 'INVESTIGATE',
    tags: ['showcase', 'gift-card'],
    processedAt: at[1],
  });
  // Refunded in part (one unit and the shipping), then edited (one unit of the other line removed).
  const refunded = createOrder(shop, {
    customerId,
    email,
    lineItems: [
      { variantId: v(3), quantity: 3 },
      { variantId: v(4), quantity: 2 },
    ],
    shippingPrice: 6.95,
    discounts: [{ type: 'automatic', title: 'Spring sale', amount: 5 }],
    tags: ['showcase', 'refund'],
    processedAt: at[2],
  });
  createRefund(shop, refunded, {
    lineItems: [{ lineItemId: refunded.lineItems[0].id, quantity: 1, restockType: 'CANCEL' }],
    shipping: { fullRefund: true },
    note: 'Arrived late',
    processedAt: at[2],
  });
  editOrder(shop, refunded, {
    changes: [{ type: 'set-quantity', lineItemId: refunded.lineItems[1].id, quantity: 1 }],
    at: at[2],
  });
  // Fulfilled, one unit returned and refunded against the return.
  const returned = createOrder(shop, {
    customerId,
    email,
    lineItems: [{ variantId: v(5), quantity: 2 }],
    shippingPrice: 4.95,
    tags: ['showcase', 'return'],
    processedAt: at[3],
  });
  createFulfillment(shop, {
    lineItemsByFulfillmentOrder: returned.fulfillmentOrders.map((fo) => ({
      fulfillmentOrderId: fo.id,
    })),
    trackingInfo: { company: 'PostNL', number: `3S${returned.number}` },
  });
  const ret = createReturn(shop, returned, {
    lineItems: [
      {
        lineItemId: returned.lineItems[0].id,
        quantity: 1,
        returnReason: 'SIZE_TOO_SMALL',
        returnReasonNote: 'Too small',
      },
    ],
    requestedAt: at[3],
  }).return;
  createRefund(shop, returned, {
    lineItems: [{ lineItemId: returned.lineItems[0].id, quantity: 1, restockType: 'RETURN' }],
    returnId: ret?.id,
    processedAt: at[3],
  });
  for (const order of [...shop.orders.values()].slice(-4)) order.updatedAt = order.processedAt;
}
