import { randomUUID } from 'node:crypto';
import type {
  ErpBalanceTransactionEntity,
  ErpDisputeEntity,
  ErpPayoutEntity,
  PayoutSummaryAmounts,
} from '@shopsync/shared';
import { formatCents, toCents } from '../sales-orders/money';

// Shopify Payments nodes (shopify-payments.graphql.ts) → ERP rows. Amounts become two-place
// decimal strings through integer cents; currencies are kept as Shopify gives them.

interface Money {
  amount: string;
  currencyCode: string;
}

export interface PayoutNode {
  __typename?: 'ShopifyPaymentsPayout';
  id: string;
  legacyResourceId: string;
  status: string;
  transactionType: string;
  issuedAt: string;
  net: Money;
  gross: Money;
  summary: Record<keyof PayoutSummaryAmounts, { amount: string }> | null;
}

export interface BalanceTransactionNode {
  id: string;
  type: string;
  test: boolean;
  transactionDate: string;
  sourceType: string | null;
  sourceOrderTransactionId: string | null;
  amount: Money;
  fee: Money;
  net: Money;
  associatedOrder: { id: string; name: string } | null;
  associatedPayout: { id: string | null; status: string | null };
}

export interface DisputeNode {
  __typename?: 'ShopifyPaymentsDispute';
  id: string;
  legacyResourceId: string;
  status: string;
  type: string;
  initiatedAt: string;
  evidenceDueBy: string | null;
  finalizedOn: string | null;
  amount: Money;
  reasonDetails: { reason: string };
  order: { id: string; name: string } | null;
}

// SCHEDULED (and the deprecated IN_TRANSIT) still move; PAID, FAILED and CANCELED do not.
const FINAL_PAYOUT = new Set(['PAID', 'FAILED', 'CANCELED']);
// NEEDS_RESPONSE and UNDER_REVIEW still move.
const FINAL_DISPUTE = new Set(['ACCEPTED', 'LOST', 'WON', 'PREVENTED', 'CHARGE_REFUNDED']);

export const isFinalPayout = (status: string): boolean => FINAL_PAYOUT.has(status);
export const isFinalDispute = (status: string): boolean => FINAL_DISPUTE.has(status);

export const amountOf = (value: string): string => formatCents(toCents(value));

// The number at the end of a GID (`gid://shopify/ShopifyPaymentsBalanceTransaction/123` → 123).
export function idNumber(id: string): string {
  const m = /\/(\d+)(?:\?.*)?$/.exec(id);
  if (!m) throw new Error(`not a Shopify GID with a numeric id: '${id}'`);
  return m[1];
}

// Shopify's search syntax for "after the highest id stored", or null for everything.
export const idAfterQuery = (highest: string | null): string | null =>
  highest === null ? null : `id:>${highest}`;

interface RowContext {
  shopId: string;
  shopCurrency: string;
  now: Date;
}

export function payoutRow(
  node: PayoutNode,
  ctx: RowContext,
  existing?: Pick<ErpPayoutEntity, 'id' | 'createdAt'>,
): ErpPayoutEntity {
  const s = node.summary;
  return {
    id: existing?.id ?? randomUUID(),
    shopId: ctx.shopId,
    payoutId: node.id,
    legacyId: String(node.legacyResourceId),
    status: node.status,
    final: isFinalPayout(node.status),
    transactionType: node.transactionType,
    issuedAt: new Date(node.issuedAt),
    net: amountOf(node.net.amount),
    gross: amountOf(node.gross.amount),
    currency: node.net.currencyCode,
    shopCurrency: ctx.shopCurrency,
    summary: s
      ? {
          chargesGross: amountOf(s.chargesGross.amount),
          chargesFee: amountOf(s.chargesFee.amount),
          refundsFeeGross: amountOf(s.refundsFeeGross.amount),
          refundsFee: amountOf(s.refundsFee.amount),
          adjustmentsGross: amountOf(s.adjustmentsGross.amount),
          adjustmentsFee: amountOf(s.adjustmentsFee.amount),
        }
      : null,
    createdAt: existing?.createdAt ?? ctx.now,
    updatedAt: ctx.now,
  };
}

export function balanceTransactionRow(
  node: BalanceTransactionNode,
  ctx: RowContext,
): ErpBalanceTransactionEntity {
  return {
    id: randomUUID(),
    shopId: ctx.shopId,
    transactionId: node.id,
    transactionNumber: idNumber(node.id),
    type: node.type,
    amount: amountOf(node.amount.amount),
    fee: amountOf(node.fee.amount),
    net: amountOf(node.net.amount),
    currency: node.amount.currencyCode,
    shopCurrency: ctx.shopCurrency,
    transactionDate: new Date(node.transactionDate),
    shopifyOrderId: node.associatedOrder?.id ?? null,
    orderName: node.associatedOrder?.name ?? null,
    payoutId: node.associatedPayout.id,
    payoutStatus: node.associatedPayout.status,
    sourceType: node.sourceType,
    sourceOrderTransactionId:
      node.sourceOrderTransactionId === null ? null : String(node.sourceOrderTransactionId),
    test: node.test,
    createdAt: ctx.now,
  };
}

export function disputeRow(
  node: DisputeNode,
  ctx: RowContext,
  existing?: Pick<ErpDisputeEntity, 'id' | 'createdAt'>,
): ErpDisputeEntity {
  return {
    id: existing?.id ?? randomUUID(),
    shopId: ctx.shopId,
    disputeId: node.id,
    legacyId: String(node.legacyResourceId),
    status: node.status,
    final: isFinalDispute(node.status),
    kind: node.type,
    amount: amountOf(node.amount.amount),
    currency: node.amount.currencyCode,
    shopCurrency: ctx.shopCurrency,
    reason: node.reasonDetails.reason,
    shopifyOrderId: node.order?.id ?? null,
    orderName: node.order?.name ?? null,
    initiatedAt: new Date(node.initiatedAt),
    evidenceDueBy: node.evidenceDueBy ? new Date(node.evidenceDueBy) : null,
    finalizedOn: node.finalizedOn ? new Date(node.finalizedOn) : null,
    createdAt: existing?.createdAt ?? ctx.now,
    updatedAt: ctx.now,
  };
}

// What the ERP sees of a payout or dispute; a row whose fields are unchanged is not rewritten
// nor published again.
export function changedFields<T extends object>(
  before: T,
  after: T,
  ignore: ReadonlyArray<keyof T>,
): Array<keyof T> {
  const keys = Object.keys(after) as Array<keyof T>;
  return keys.filter(
    (k) =>
      !ignore.includes(k) && JSON.stringify(norm(before[k])) !== JSON.stringify(norm(after[k])),
  );
}

const norm = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v);
