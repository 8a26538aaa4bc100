import type {
  DocumentLineKind,
  DocumentLineType,
  DocumentTax,
  ErpAddress,
  ErpCustomerAddress,
  ErpCreditMemoEntity,
  ErpCreditMemoLineEntity,
  ErpCustomerEntity,
  ErpBalanceTransactionEntity,
  ErpDisputeEntity,
  ErpPaymentEntity,
  ErpPayoutEntity,
  ErpSalesOrderEntity,
  ErpSalesOrderLineEntity,
  MarketingConsent,
  OrderConflict,
  PayoutSummaryAmounts,
  StagedCompany,
} from '../database/entities';

// shopsync.erp.outbound.v1, key `<shopId>/<docType>/<id>`: the documents shopsync creates for
// the ERP. The feeds (GET /v1/erp/...) answer the very same documents.

export const ERP_DOC_TYPES = [
  'sales-order',
  'customer',
  'payment',
  'credit-memo',
  'payout',
  'balance-transaction',
  'dispute',
] as const;
export type ErpDocType = (typeof ERP_DOC_TYPES)[number];

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
    // The item's SKU, or the account / charge number for other lines (see `type`).
    sku: string;
    description: string;
    quantity: number;
    unitPrice: string;
    amount: string;
    // Issue 16 (additive): what the line is and posts to, its discount and its taxes.
    kind: DocumentLineKind;
    type: DocumentLineType;
    lineDiscount: string;
    taxAmount: string;
    taxes: DocumentTax[];
    // Issue 18 (additive): the Shopify order line (gid://shopify/LineItem/…) of an item or gift
    // card line, null for other lines. An ERP shipment sends it back on its lines.
    shopifyOrderLineId: string | null;
  }>;
  createdAt: string;
  // Issue 16 (additive).
  currencyMode: 'shop' | 'presentment';
  exchangeRate: string | null;
  pricesIncludeTax: boolean;
  invoiceDiscount: string;
  paymentMethods: string[];
  // Set when the Shopify order changed after this document was made (the document is not
  // changed); acknowledgedAt once someone has looked at it.
  conflict: (OrderConflict & { acknowledgedAt: string | null }) | null;
  // Issue 17 (additive): the B2B company and company location the order was placed for.
  company: SalesOrderCompanyV1 | null;
}

export interface SalesOrderCompanyV1 {
  shopifyCompanyId: string;
  name: string;
  externalId: string | null;
  location: {
    shopifyLocationId: string;
    name: string;
    externalId: string | null;
    billingAddress: ErpAddress | null;
    shippingAddress: ErpAddress | null;
  };
  shopifyContactId: string | null;
}

export interface CreditMemoDocumentV1 {
  id: string;
  number: string;
  shopId: string;
  shopifyOrderId: string;
  shopifyRefundId: string;
  shopifyReturnId: string | null;
  orderName: string;
  salesOrderId: string;
  customer: { id: string; number: string };
  currency: string;
  exchangeRate: string | null;
  pricesIncludeTax: boolean;
  amounts: { subtotal: string; tax: string; total: string };
  note: string | null;
  lines: Array<{
    lineNo: number;
    kind: DocumentLineKind;
    type: DocumentLineType;
    no: string;
    description: string;
    quantity: number;
    unitPrice: string;
    amount: string;
    taxAmount: string;
  }>;
  refundedAt: string;
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
  // Issue 17 (additive; null when not known).
  taxExempt: boolean | null;
  taxExemptions: string[];
  emailMarketingConsent: MarketingConsent | null;
  smsMarketingConsent: MarketingConsent | null;
  // The other addresses (ship-to), each under its code; the default one is `address`.
  addresses: ErpCustomerAddress[];
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

// Issue 17: Shopify Payments. Amounts in the payout's (or transaction's, dispute's) own
// currency; shopCurrency is the shop's. A payout or dispute is published again, same key, each
// time its status changes.
export interface PayoutDocumentV1 {
  id: string;
  shopId: string;
  payoutId: string;
  legacyId: string;
  status: string;
  final: boolean;
  transactionType: string;
  issuedAt: string;
  net: string;
  gross: string;
  currency: string;
  shopCurrency: string;
  summary: PayoutSummaryAmounts | null;
  createdAt: string;
  updatedAt: string;
}

export interface BalanceTransactionDocumentV1 {
  id: string;
  shopId: string;
  transactionId: string;
  type: string;
  amount: string;
  fee: string;
  net: string;
  currency: string;
  shopCurrency: string;
  transactionDate: string;
  shopifyOrderId: string | null;
  orderName: string | null;
  payoutId: string | null;
  payoutStatus: string | null;
  sourceType: string | null;
  sourceOrderTransactionId: string | null;
  test: boolean;
  createdAt: string;
}

export interface DisputeDocumentV1 {
  id: string;
  shopId: string;
  disputeId: string;
  legacyId: string;
  status: string;
  final: boolean;
  kind: string;
  amount: string;
  currency: string;
  shopCurrency: string;
  reason: string;
  shopifyOrderId: string | null;
  orderName: string | null;
  initiatedAt: string;
  evidenceDueBy: string | null;
  finalizedOn: string | null;
  createdAt: string;
  updatedAt: string;
}

export type ErpOutboundV1 =
  | { docType: 'sales-order'; shopId: string; document: SalesOrderDocumentV1 }
  | { docType: 'customer'; shopId: string; document: CustomerDocumentV1 }
  | { docType: 'payment'; shopId: string; document: PaymentDocumentV1 }
  | { docType: 'credit-memo'; shopId: string; document: CreditMemoDocumentV1 }
  | { docType: 'payout'; shopId: string; document: PayoutDocumentV1 }
  | { docType: 'balance-transaction'; shopId: string; document: BalanceTransactionDocumentV1 }
  | { docType: 'dispute'; shopId: string; document: DisputeDocumentV1 };

export function erpOutboundKey(message: ErpOutboundV1): string {
  return `${message.shopId}/${message.docType}/${message.document.id}`;
}

const iso = (d: Date | string): string => new Date(d).toISOString();
// Document lines also keep shipping-line ids ('' for tips): only order lines go out as such.
const ORDER_LINE_GID = 'gid://shopify/LineItem/';

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
        kind: l.kind ?? 'item',
        type: l.type ?? 'item',
        lineDiscount: l.lineDiscount ?? '0.00',
        taxAmount: l.taxAmount ?? '0.00',
        taxes: l.taxes ?? [],
        shopifyOrderLineId: l.shopifyLineItemId.startsWith(ORDER_LINE_GID)
          ? l.shopifyLineItemId
          : null,
      })),
    createdAt: iso(order.createdAt),
    currencyMode: order.currencyMode ?? 'shop',
    exchangeRate: order.exchangeRate ?? null,
    pricesIncludeTax: order.pricesIncludeTax ?? false,
    invoiceDiscount: order.invoiceDiscount ?? '0.00',
    paymentMethods: order.paymentMethods ?? [],
    conflict: order.conflict
      ? {
          ...order.conflict,
          acknowledgedAt: order.conflictAcknowledgedAt ? iso(order.conflictAcknowledgedAt) : null,
        }
      : null,
    company: companyOf(order.company),
  };
}

export function creditMemoDocument(
  memo: ErpCreditMemoEntity,
  lines: ErpCreditMemoLineEntity[],
): CreditMemoDocumentV1 {
  return {
    id: memo.id,
    number: memo.number,
    shopId: memo.shopId,
    shopifyOrderId: memo.shopifyOrderId,
    shopifyRefundId: memo.shopifyRefundId,
    shopifyReturnId: memo.shopifyReturnId,
    orderName: memo.orderName,
    salesOrderId: memo.salesOrderId,
    customer: { id: memo.erpCustomerId, number: memo.customerNumber },
    currency: memo.currency,
    exchangeRate: memo.exchangeRate,
    pricesIncludeTax: memo.pricesIncludeTax,
    amounts: { subtotal: memo.subtotal, tax: memo.tax, total: memo.total },
    note: memo.note,
    lines: [...lines]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((l) => ({
        lineNo: l.lineNo,
        kind: l.kind,
        type: l.type,
        no: l.no,
        description: l.description,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        amount: l.amount,
        taxAmount: l.taxAmount,
      })),
    refundedAt: iso(memo.refundedAt),
    createdAt: iso(memo.createdAt),
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
    taxExempt: customer.taxExempt ?? null,
    taxExemptions: customer.taxExemptions ?? [],
    emailMarketingConsent: customer.emailMarketingConsent ?? null,
    smsMarketingConsent: customer.smsMarketingConsent ?? null,
    addresses: customer.addresses ?? [],
  };
}

function companyOf(c: StagedCompany | null | undefined): SalesOrderCompanyV1 | null {
  if (!c) return null;
  return {
    shopifyCompanyId: c.shopifyCompanyId,
    name: c.name,
    externalId: c.externalId,
    location: { ...c.location },
    shopifyContactId: c.shopifyContactId,
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

const isoOrNull = (d: Date | string | null): string | null => (d ? iso(d) : null);

export function payoutDocument(p: ErpPayoutEntity): PayoutDocumentV1 {
  return {
    id: p.id,
    shopId: p.shopId,
    payoutId: p.payoutId,
    legacyId: p.legacyId,
    status: p.status,
    final: p.final,
    transactionType: p.transactionType,
    issuedAt: iso(p.issuedAt),
    net: p.net,
    gross: p.gross,
    currency: p.currency,
    shopCurrency: p.shopCurrency,
    summary: p.summary,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

export function balanceTransactionDocument(
  t: ErpBalanceTransactionEntity,
): BalanceTransactionDocumentV1 {
  return {
    id: t.id,
    shopId: t.shopId,
    transactionId: t.transactionId,
    type: t.type,
    amount: t.amount,
    fee: t.fee,
    net: t.net,
    currency: t.currency,
    shopCurrency: t.shopCurrency,
    transactionDate: iso(t.transactionDate),
    shopifyOrderId: t.shopifyOrderId,
    orderName: t.orderName,
    payoutId: t.payoutId,
    payoutStatus: t.payoutStatus,
    sourceType: t.sourceType,
    sourceOrderTransactionId: t.sourceOrderTransactionId,
    test: t.test,
    createdAt: iso(t.createdAt),
  };
}

export function disputeDocument(d: ErpDisputeEntity): DisputeDocumentV1 {
  return {
    id: d.id,
    shopId: d.shopId,
    disputeId: d.disputeId,
    legacyId: d.legacyId,
    status: d.status,
    final: d.final,
    kind: d.kind,
    amount: d.amount,
    currency: d.currency,
    shopCurrency: d.shopCurrency,
    reason: d.reason,
    shopifyOrderId: d.shopifyOrderId,
    orderName: d.orderName,
    initiatedAt: iso(d.initiatedAt),
    evidenceDueBy: isoOrNull(d.evidenceDueBy),
    finalizedOn: isoOrNull(d.finalizedOn),
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  };
}
