import type {
  ErpCustomerEntity,
  ErpSalesOrderEntity,
  ErpSalesOrderLineEntity,
  SalesDocumentType,
  ShopifyOrderEntity,
} from '@shopsync/shared';

export interface BuildInput {
  order: ShopifyOrderEntity;
  customer: ErpCustomerEntity | null;
  knownSkus: Set<string>;
  shopCode: string;
  invoiceWhenFulfilled: boolean;
  id: string;
  now: Date;
}

export type BuildResult =
  | { ok: true; header: ErpSalesOrderEntity; lines: ErpSalesOrderLineEntity[] }
  | { ok: false; error: string };

// One staged Shopify order → one ERP sales order (or invoice, when the shop says so and the order
// is already fulfilled). Every reason it cannot be converted is named, in one readable error.
export function buildSalesOrder(input: BuildInput): BuildResult {
  const { order, customer } = input;
  const problems: string[] = [];
  if (!customer) {
    const contact =
      order.customer.email ?? order.customer.phone ?? order.customer.shopifyCustomerId ?? 'none';
    problems.push(
      `no ERP customer for this order (contact: ${contact}); import customers or post the customer to the ERP`,
    );
  }
  order.lines.forEach((line, i) => {
    if (!line.sku) problems.push(`line ${i + 1} ('${line.title}') has no SKU`);
    else if (!input.knownSkus.has(line.sku))
      problems.push(`line ${i + 1}: unknown SKU '${line.sku}' (not an ERP item)`);
  });
  if (!order.lines.length) problems.push('the order has no lines');
  if (problems.length || !customer) return { ok: false, error: problems.join('; ') };

  const documentType: SalesDocumentType =
    input.invoiceWhenFulfilled && order.fulfillmentStatus === 'FULFILLED' ? 'invoice' : 'order';
  const header: ErpSalesOrderEntity = {
    id: input.id,
    shopId: order.shopId,
    shopifyOrderId: order.shopifyOrderId,
    number: `${input.shopCode}-${order.name.replace(/^#/, '')}`,
    documentType,
    orderName: order.name,
    erpCustomerId: customer.id,
    customerNumber: customer.number,
    currency: order.currency,
    subtotal: order.subtotal,
    shipping: order.shipping,
    tax: order.tax,
    total: order.total,
    financialStatus: order.financialStatus,
    sellToAddress: order.billingAddress ?? order.shippingAddress ?? customer.address,
    shipToAddress: order.shippingAddress,
    orderDate: order.shopifyCreatedAt,
    createdAt: input.now,
    currencyMode: 'shop',
    exchangeRate: null,
    pricesIncludeTax: false,
    invoiceDiscount: '0.00',
    paymentMethods: null,
    nettedRefundIds: null,
    basis: null,
    conflict: null,
    conflictAcknowledgedAt: null,
    documentNumberSentAt: null,
    shopifyClosedAt: null,
  };
  const lines: ErpSalesOrderLineEntity[] = order.lines.map((line, i) => ({
    salesOrderId: input.id,
    lineNo: (i + 1) * 10000,
    sku: line.sku as string,
    description: line.title.slice(0, 255),
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    amount: line.amount,
    shopifyLineItemId: line.shopifyLineItemId,
    kind: 'item',
    type: 'item',
    lineDiscount: '0.00',
    taxAmount: '0.00',
    taxes: null,
  }));
  return { ok: true, header, lines };
}
