import type {
  ErpSalesOrderEntity,
  OrderConflict,
  OrdersSettingsV1,
  ShopifyOrderEntity,
} from '@shopsync/shared';
import { basisChanges, orderBasis } from '../tasks/sales-orders/order-basis';

export interface ProcessedOrderUpdate {
  // A new or different conflict to set on the document (it is never changed otherwise).
  conflict: OrderConflict | null;
  // Refunds the document has not netted: the sales-orders task makes credit memos of those it
  // has not made yet.
  refundsPending: boolean;
}

// What a refreshed Shopify order means for the document already made from it: the changes to
// what the document was built on become a conflict (a refund is not one: it is a credit memo),
// and with refunds 'credit-memo' a refund the document did not net is pending.
export function processedOrderUpdate(
  refreshed: ShopifyOrderEntity,
  document: ErpSalesOrderEntity,
  refunds: OrdersSettingsV1['refunds'],
  now: Date,
): ProcessedOrderUpdate {
  let conflict: OrderConflict | null = null;
  if (document.basis) {
    const changes = basisChanges(document.basis, orderBasis(refreshed));
    const known = document.conflict ? JSON.stringify(document.conflict.changes) : null;
    if (changes.length && JSON.stringify(changes) !== known)
      conflict = {
        detectedAt: now.toISOString(),
        shopifyUpdatedAt: refreshed.shopifyUpdatedAt.toISOString(),
        changes,
      };
  }
  const netted = new Set(document.nettedRefundIds ?? []);
  const refundsPending =
    refunds === 'credit-memo' &&
    (refreshed.extras?.refunds ?? []).some((r) => !netted.has(r.shopifyRefundId));
  return { conflict, refundsPending };
}
