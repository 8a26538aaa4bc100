import type {
  ErpAddress,
  ErpCustomerEntity,
  ErpPaymentEntity,
  ErpSalesOrderEntity,
  ErpSalesOrderLineEntity,
} from '../database/entities';

// shopsync.erp.outbound.v1, key `<shopId>/<docType>/<id>`: the documents shopsync creates for
// the ERP. The feeds (GET /v1/erp/...) answer the very same documents.

export type ErpDocType = 'sales-order' | 'customer' | 'payment';

export interface SalesOrderDocumentV1 {
  id: string;
  number: string;
  documentType: 'order' | 'invoice';
  shopId: string;
  shopifyOrderId: string;
  orderName: string;
  customer: { id: string; number: string };
  currency: string;
  orderDate: string;
  financialStatus: string | null;
  amounts: { subtotal: string; shipping: string; tax: string; total: string };
  sellTo: ErpAddress | null;
  shipTo: ErpAddress | null;
  lines: Array<{
    lineNo: number;
    sku: string;
    description: string;
    quantity: number;
    unitPrice: string;
    amount: string;
  }>;
  createdAt: string;
}

export interface CustomerDocumentV1 {
  id: string;
  number: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address: ErpAddress | null;
  source: 'erp' | 'shopify';
  updatedAt: string;
}

export interface PaymentDocumentV1 {
  id: string;
  transactionId: string;
  shopId: string;
  shopifyOrderId: string;
  orderName: string;
  kind: string;
  status: string;
  gateway: string | null;
  amount: string;
  currency: string;
  parentTransactionId: string | null;
  processedAt: string | null;
  createdAt: string;
}

export type ErpOutboundV1 =
  | { docType: 'sales-order'; shopId: string; document: SalesOrderDocumentV1 }
  | { docType: 'customer'; shopId: string; document: CustomerDocumentV1 }
  | { docType: 'payment'; shopId: string; document: PaymentDocumentV1 };

export function erpOutboundKey(message: ErpOutboundV1): string {
  return `${message.shopId}/${message.docType}/${message.document.id}`;
}

const iso = (d: Date | string): string => new Date(d).toISOString();

export function salesOrderDocument(
  order: ErpSalesOrderEntity,
  lines: ErpSalesOrderLineEntity[],
): SalesOrderDocumentV1 {
  return {
    id: order.id,
    number: order.number,
    documentType: order.documentType,
    shopId: order.shopId,
    shopifyOrderId: order.shopifyOrderId,
    orderName: order.orderName,
    customer: { id: order.erpCustomerId, number: order.customerNumber },
    currency: order.currency,
    orderDate: iso(order.orderDate),
    financialStatus: order.financialStatus,
    amounts: {
      subtotal: order.subtotal,
      shipping: order.shipping,
      tax: order.tax,
      total: order.total,
    },
    sellTo: order.sellToAddress,
    shipTo: order.shipToAddress,
    lines: [...lines]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((l) => ({
        lineNo: l.lineNo,
        sku: l.sku,
        description: l.description,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        amount: l.amount,
      })),
    createdAt: iso(order.createdAt),
  };
}

export function customerDocument(customer: ErpCustomerEntity): CustomerDocumentV1 {
  return {
    id: customer.id,
    number: customer.number,
    email: customer.email,
    phone: customer.phone,
    firstName: customer.firstName,
    lastName: customer.lastName,
    company: customer.company,
    address: customer.address,
    source: customer.source,
    updatedAt: iso(customer.updatedAt),
  };
}

export function paymentDocument(payment: ErpPaymentEntity): PaymentDocumentV1 {
  return {
    id: payment.id,
    transactionId: payment.transactionId,
    shopId: payment.shopId,
    shopifyOrderId: payment.shopifyOrderId,
    orderName: payment.orderName,
    kind: payment.kind,
    status: payment.status,
    gateway: payment.gateway,
    amount: payment.amount,
    currency: payment.currency,
    parentTransactionId: payment.parentTransactionId,
    processedAt: payment.processedAt ? iso(payment.processedAt) : null,
    createdAt: iso(payment.createdAt),
  };
}
