import { gid } from '../gid';
import { SeededRandom } from '../random';
import { SeedOptions } from '../types';
import { createVariant, newProduct, setLevelQuantity, setOptions } from './catalog';
import { createCustomer } from './customers';
import { createFulfillment } from './fulfillments';
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
  const locations = [...shop.locations.values()];

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
  return summary;
}
