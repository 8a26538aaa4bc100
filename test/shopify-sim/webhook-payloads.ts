import { legacyId } from './gid';
import { variantsOf, mediaOf } from './state/catalog';
import { formatCents } from './state/money';
import { displayFulfillmentStatus, orderTotals } from './state/orders';
import { CustomerRecord, OrderRecord, ProductRecord } from './state/records';
import { ShopState } from './state/shop-state';

// Webhook bodies in Shopify's REST-style JSON (snake_case, numeric ids plus
// admin_graphql_api_id), the shape real webhook consumers parse.

const num = (id: string): number => Number(legacyId(id));

export function productPayload(shop: ShopState, product: ProductRecord): Record<string, unknown> {
  return {
    id: num(product.id),
    admin_graphql_api_id: product.id,
    title: product.title,
    handle: product.handle,
    body_html: product.descriptionHtml,
    vendor: product.vendor,
    product_type: product.productType,
    status: product.status.toLowerCase(),
    tags: product.tags.join(', '),
    created_at: product.createdAt,
    updated_at: product.updatedAt,
    published_at: product.publishedAt,
    variants: variantsOf(shop, product).map((v) => ({
      id: num(v.id),
      admin_graphql_api_id: v.id,
      product_id: num(product.id),
      title: v.title,
      sku: v.sku,
      barcode: v.barcode,
      price: v.price,
      compare_at_price: v.compareAtPrice,
      position: v.position,
      inventory_item_id: num(v.inventoryItemId),
      inventory_quantity: shop
        .levelsOfItem(v.inventoryItemId)
        .reduce((s, l) => s + l.quantities.available, 0),
      created_at: v.createdAt,
      updated_at: v.updatedAt,
    })),
    images: mediaOf(shop, product).map((m, i) => ({
      id: num(m.id),
      admin_graphql_api_id: m.id,
      src: m.originalSource,
      alt: m.alt,
      position: i + 1,
    })),
  };
}

export function customerPayload(customer: CustomerRecord): Record<string, unknown> {
  return {
    id: num(customer.id),
    admin_graphql_api_id: customer.id,
    email: customer.email,
    phone: customer.phone,
    first_name: customer.firstName,
    last_name: customer.lastName,
    tags: customer.tags.join(', '),
    note: customer.note,
    state: customer.state.toLowerCase(),
    created_at: customer.createdAt,
    updated_at: customer.updatedAt,
  };
}

function address(a: OrderRecord['shippingAddress']): Record<string, unknown> | null {
  if (!a) return null;
  return {
    first_name: a.firstName,
    last_name: a.lastName,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    zip: a.zip,
    province_code: a.provinceCode,
    country: a.country,
    country_code: a.countryCode,
    phone: a.phone,
  };
}

export function orderPayload(shop: ShopState, order: OrderRecord): Record<string, unknown> {
  const totals = orderTotals(order);
  const customer = order.customerId ? shop.customers.get(order.customerId) : undefined;
  const status = displayFulfillmentStatus(order);
  return {
    id: num(order.id),
    admin_graphql_api_id: order.id,
    name: order.name,
    order_number: order.number + 1000,
    email: order.email,
    phone: order.phone,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    processed_at: order.processedAt,
    closed_at: order.closedAt,
    cancelled_at: order.cancelledAt,
    currency: order.currencyCode,
    presentment_currency: order.presentmentCurrencyCode,
    financial_status: order.financialStatus.toLowerCase(),
    fulfillment_status:
      status === 'FULFILLED' ? 'fulfilled' : status === 'PARTIALLY_FULFILLED' ? 'partial' : null,
    subtotal_price: totals.subtotal,
    total_tax: totals.tax,
    total_price: totals.total,
    taxes_included: order.taxesIncluded,
    test: order.test,
    tags: order.tags.join(', '),
    note: order.note,
    customer: customer ? customerPayload(customer) : null,
    shipping_address: address(order.shippingAddress),
    billing_address: address(order.billingAddress),
    line_items: order.lineItems.map((li) => ({
      id: num(li.id),
      admin_graphql_api_id: li.id,
      variant_id: li.variantId ? num(li.variantId) : null,
      product_id: li.productId ? num(li.productId) : null,
      sku: li.sku,
      title: li.title,
      variant_title: li.variantTitle,
      vendor: li.vendor,
      quantity: li.quantity,
      price: li.price,
      total_discount: formatCents(li.discountAllocations.reduce((s, a) => s + a.amount.shop, 0)),
      taxable: li.taxable,
      requires_shipping: li.requiresShipping,
    })),
  };
}
