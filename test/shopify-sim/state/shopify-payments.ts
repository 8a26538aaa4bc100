import { gid } from '../gid';
import { formatCents, toCents } from './money';
import type { ShopState } from './shop-state';

// Shopify Payments as the 2026-04 schema has it (ShopifyPaymentsAccount): balance transactions
// (charges, refunds, adjustments, each optionally of an order), payouts that sweep the
// transactions not paid out yet and move SCHEDULED → PAID / FAILED / CANCELED, and disputes.
// Amounts in cents, all in the account's currency (one-currency accounts only).

export const PAYOUT_STATUSES = ['SCHEDULED', 'IN_TRANSIT', 'PAID', 'FAILED', 'CANCELED'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];
export const DISPUTE_STATUSES = [
  'NEEDS_RESPONSE',
  'UNDER_REVIEW',
  'ACCEPTED',
  'WON',
  'LOST',
  'PREVENTED',
] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];
const FINAL_DISPUTE: readonly DisputeStatus[] = ['ACCEPTED', 'WON', 'LOST', 'PREVENTED'];

export interface BalanceTransactionRecord {
  id: string;
  type: string;
  test: boolean;
  transactionDate: string;
  sourceType: string | null;
  sourceOrderTransactionId: string | null;
  amountCents: number;
  feeCents: number;
  orderId: string | null;
  payoutId: string | null;
}

export interface PayoutRecord {
  id: string;
  legacyResourceId: string;
  status: PayoutStatus;
  transactionType: 'DEPOSIT' | 'WITHDRAWAL';
  issuedAt: string;
  transactionIds: string[];
}

export interface DisputeRecord {
  id: string;
  legacyResourceId: string;
  status: DisputeStatus;
  type: 'CHARGEBACK' | 'INQUIRY';
  reason: string;
  amountCents: number;
  initiatedAt: string;
  evidenceDueBy: string | null;
  finalizedOn: string | null;
  orderId: string | null;
}

export class ShopifyPaymentsAccountState {
  readonly id: string;
  activated = true;
  readonly balanceTransactions = new Map<string, BalanceTransactionRecord>();
  readonly payouts = new Map<string, PayoutRecord>();
  readonly disputes = new Map<string, DisputeRecord>();

  constructor(
    shop: ShopState,
    readonly defaultCurrency: string,
  ) {
    // The shop's own number: creating an account must not move the shop's id sequence.
    this.id = gid('ShopifyPaymentsAccount', Number(shop.shopId.split('/').pop()));
  }

  netOf(t: BalanceTransactionRecord): number {
    return t.amountCents - t.feeCents;
  }

  // The balance: the nets of the transactions not in a payout yet.
  balanceCents(): number {
    let sum = 0;
    for (const t of this.balanceTransactions.values()) if (!t.payoutId) sum += this.netOf(t);
    return sum;
  }

  transactionsOf(payout: PayoutRecord): BalanceTransactionRecord[] {
    return payout.transactionIds.map((id) => this.balanceTransactions.get(id)!);
  }
}

export interface BalanceTransactionInput {
  type?: string;
  amount: string | number;
  fee?: string | number;
  orderId?: string | null;
  transactionDate?: string;
  test?: boolean;
}

export interface PayoutInput {
  status?: PayoutStatus;
  // Default: every transaction not in a payout yet.
  transactionIds?: string[];
  issuedAt?: string;
}

export interface DisputeInput {
  orderId?: string | null;
  amount: string | number;
  status?: DisputeStatus;
  type?: 'CHARGEBACK' | 'INQUIRY';
  reason?: string;
  initiatedAt?: string;
  evidenceDueBy?: string | null;
}

function account(shop: ShopState): ShopifyPaymentsAccountState {
  if (!shop.shopifyPayments)
    throw new Error(`shopify-sim: shop ${shop.domain} has no Shopify Payments account`);
  return shop.shopifyPayments;
}

export function addBalanceTransaction(
  shop: ShopState,
  input: BalanceTransactionInput,
): BalanceTransactionRecord {
  const acc = account(shop);
  const order = input.orderId ? shop.orders.get(input.orderId) : undefined;
  if (input.orderId && !order) throw new Error(`shopify-sim: no order ${input.orderId}`);
  const orderTransaction = order?.transactions.find(
    (t) => t.kind === 'SALE' || t.kind === 'CAPTURE',
  );
  const record: BalanceTransactionRecord = {
    id: gid('ShopifyPaymentsBalanceTransaction', shop.nextId()),
    type: input.type ?? 'CHARGE',
    test: input.test ?? false,
    transactionDate: input.transactionDate ?? shop.now(),
    sourceType: order ? 'CHARGE' : (input.type ?? 'ADJUSTMENT').toUpperCase(),
    sourceOrderTransactionId: orderTransaction ? orderTransaction.id.split('/').pop()! : null,
    amountCents: toCents(input.amount),
    feeCents: toCents(input.fee ?? 0),
    orderId: order?.id ?? null,
    payoutId: null,
  };
  acc.balanceTransactions.set(record.id, record);
  return record;
}

export function addPayout(shop: ShopState, input: PayoutInput = {}): PayoutRecord {
  const acc = account(shop);
  const ids =
    input.transactionIds ??
    [...acc.balanceTransactions.values()].filter((t) => !t.payoutId).map((t) => t.id);
  for (const id of ids) {
    const t = acc.balanceTransactions.get(id);
    if (!t) throw new Error(`shopify-sim: no balance transaction ${id}`);
    if (t.payoutId) throw new Error(`shopify-sim: ${id} is already in payout ${t.payoutId}`);
  }
  const number = shop.nextId();
  const net = ids.reduce((s, id) => s + acc.netOf(acc.balanceTransactions.get(id)!), 0);
  const payout: PayoutRecord = {
    id: gid('ShopifyPaymentsPayout', number),
    legacyResourceId: String(number),
    status: input.status ?? 'SCHEDULED',
    transactionType: net < 0 ? 'WITHDRAWAL' : 'DEPOSIT',
    issuedAt: input.issuedAt ?? shop.now(),
    transactionIds: ids,
  };
  for (const id of ids) acc.balanceTransactions.get(id)!.payoutId = payout.id;
  acc.payouts.set(payout.id, payout);
  return payout;
}

export function setPayoutStatus(
  shop: ShopState,
  payoutId: string,
  status: PayoutStatus,
): PayoutRecord {
  const payout = account(shop).payouts.get(payoutId);
  if (!payout) throw new Error(`shopify-sim: no payout ${payoutId}`);
  if (!PAYOUT_STATUSES.includes(status)) throw new Error(`shopify-sim: payout status ${status}?`);
  payout.status = status;
  return payout;
}

export function addDispute(shop: ShopState, input: DisputeInput): DisputeRecord {
  const acc = account(shop);
  if (input.orderId && !shop.orders.has(input.orderId))
    throw new Error(`shopify-sim: no order ${input.orderId}`);
  const number = shop.nextId();
  const dispute: DisputeRecord = {
    id: gid('ShopifyPaymentsDispute', number),
    legacyResourceId: String(number),
    status: input.status ?? 'NEEDS_RESPONSE',
    type: input.type ?? 'CHARGEBACK',
    reason: input.reason ?? 'FRAUDULENT',
    amountCents: toCents(input.amount),
    initiatedAt: input.initiatedAt ?? shop.now(),
    evidenceDueBy:
      input.evidenceDueBy === undefined
        ? new Date(shop.nowMs() + 14 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
        : input.evidenceDueBy,
    finalizedOn: null,
    orderId: input.orderId ?? null,
  };
  acc.disputes.set(dispute.id, dispute);
  return dispute;
}

export function setDisputeStatus(
  shop: ShopState,
  disputeId: string,
  status: DisputeStatus,
): DisputeRecord {
  const dispute = account(shop).disputes.get(disputeId);
  if (!dispute) throw new Error(`shopify-sim: no dispute ${disputeId}`);
  if (!DISPUTE_STATUSES.includes(status)) throw new Error(`shopify-sim: dispute status ${status}?`);
  dispute.status = status;
  dispute.finalizedOn = FINAL_DISPUTE.includes(status) ? shop.now() : null;
  return dispute;
}

export interface ShopifyPaymentsSeed {
  balanceTransactions: number;
  payouts: Record<string, string>;
  disputes: number;
}

// A paid payout, a failed one and a scheduled one, each sweeping a charge (of an order where the
// shop has some) and its fee; a refund and an adjustment not paid out yet; one open dispute.
export function seedShopifyPayments(shop: ShopState): ShopifyPaymentsSeed {
  const orders = [...shop.orders.values()];
  const orderAt = (i: number) => (orders.length ? orders[i % orders.length].id : null);
  const statuses: PayoutStatus[] = ['PAID', 'FAILED', 'SCHEDULED'];
  const payouts: Record<string, string> = {};
  statuses.forEach((status, i) => {
    const t = addBalanceTransaction(shop, {
      amount: formatCents(2500 + i * 1000),
      fee: formatCents(100 + i * 10),
      orderId: orderAt(i),
    });
    payouts[addPayout(shop, { status, transactionIds: [t.id] }).id] = status;
  });
  addBalanceTransaction(shop, { type: 'REFUND', amount: '-5.00', orderId: orderAt(0) });
  addBalanceTransaction(shop, { type: 'ADJUSTMENT', amount: '1.25' });
  addDispute(shop, { orderId: orderAt(1), amount: '35.00', reason: 'PRODUCT_NOT_RECEIVED' });
  const acc = account(shop);
  return {
    balanceTransactions: acc.balanceTransactions.size,
    payouts,
    disputes: acc.disputes.size,
  };
}

// The control API's /_sim/shops/:domain/shopify-payments[/<collection>[/<id>]] (see README).
export function shopifyPaymentsControl(
  shop: ShopState,
  method: string,
  collection: string | undefined,
  id: string | undefined,
  body: Record<string, unknown>,
): { status: number; body: unknown } | null {
  const ok = (value: unknown, status = 200) => ({ status, body: value });
  const key = `${method} ${collection ?? ''}${id ? '/:id' : ''}`;
  switch (key) {
    case 'GET ':
      return ok(accountSnapshot(shop));
    case 'PUT ':
      if (typeof body.enabled !== 'boolean') throw new Error('enabled must be true or false');
      shop.shopifyPayments = body.enabled
        ? (shop.shopifyPayments ?? new ShopifyPaymentsAccountState(shop, shop.currencyCode))
        : null;
      return ok(accountSnapshot(shop));
    case 'POST seed':
      return ok(seedShopifyPayments(shop), 201);
    case 'POST balance-transactions':
      return ok(addBalanceTransaction(shop, body as unknown as BalanceTransactionInput), 201);
    case 'POST payouts':
      return ok(addPayout(shop, body as PayoutInput), 201);
    case 'PATCH payouts/:id':
      return ok(setPayoutStatus(shop, decodeURIComponent(id!), body.status as PayoutStatus));
    case 'POST disputes':
      return ok(addDispute(shop, body as unknown as DisputeInput), 201);
    case 'PATCH disputes/:id':
      return ok(setDisputeStatus(shop, decodeURIComponent(id!), body.status as DisputeStatus));
    default:
      return null;
  }
}

function accountSnapshot(shop: ShopState) {
  const acc = shop.shopifyPayments;
  if (!acc) return { enabled: false };
  return {
    enabled: true,
    id: acc.id,
    balance: formatCents(acc.balanceCents()),
    payouts: [...acc.payouts.values()],
    balanceTransactions: [...acc.balanceTransactions.values()],
    disputes: [...acc.disputes.values()],
  };
}
