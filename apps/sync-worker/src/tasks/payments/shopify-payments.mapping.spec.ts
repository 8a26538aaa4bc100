import {
  amountOf,
  balanceTransactionRow,
  changedFields,
  disputeRow,
  idAfterQuery,
  idNumber,
  isFinalDispute,
  isFinalPayout,
  PayoutNode,
  payoutRow,
} from './shopify-payments.mapping';

const ctx = { shopId: 'shop-1', shopCurrency: 'EUR', now: new Date('2026-12-01T10:00:00Z') };
const money = (amount: string, currencyCode = 'USD') => ({ amount, currencyCode });

const payout = (status: string): PayoutNode => ({
  id: 'gid://shopify/ShopifyPaymentsPayout/900',
  legacyResourceId: '900',
  status,
  transactionType: 'DEPOSIT',
  issuedAt: '2026-11-30T08:00:00Z',
  net: money('1234.5'),
  gross: money('1234.5'),
  summary: {
    chargesGross: { amount: '1300' },
    chargesFee: { amount: '40.105' },
    refundsFeeGross: { amount: '-25.4' },
    refundsFee: { amount: '0' },
    adjustmentsGross: { amount: '0.01' },
    adjustmentsFee: { amount: '0.00' },
  },
});

describe('Shopify Payments mapping', () => {
  it.each([
    ['SCHEDULED', false],
    ['IN_TRANSIT', false],
    ['PAID', true],
    ['FAILED', true],
    ['CANCELED', true],
  ])('a %s payout is final: %p', (status, final) => {
    expect(isFinalPayout(status)).toBe(final);
  });

  it.each([
    ['NEEDS_RESPONSE', false],
    ['UNDER_REVIEW', false],
    ['WON', true],
    ['LOST', true],
    ['ACCEPTED', true],
    ['PREVENTED', true],
  ])('a %s dispute is final: %p', (status, final) => {
    expect(isFinalDispute(status)).toBe(final);
  });

  it('writes amounts with two places through cents', () => {
    expect(['1234.5', '0', '-5', '40.105', '0.1'].map(amountOf)).toEqual([
      '1234.50',
      '0.00',
      '-5.00',
      '40.11',
      '0.10',
    ]);
  });

  it('reads the number of a GID and asks for what lies above it', () => {
    expect(idNumber('gid://shopify/ShopifyPaymentsBalanceTransaction/123456789012')).toBe(
      '123456789012',
    );
    expect(() => idNumber('nope')).toThrow(/numeric id/);
    expect(idAfterQuery(null)).toBeNull();
    expect(idAfterQuery('41')).toBe('id:>41');
  });

  it('maps a payout in its own currency, keeping the shop currency', () => {
    const row = payoutRow(payout('SCHEDULED'), ctx);
    expect(row).toMatchObject({
      shopId: 'shop-1',
      payoutId: 'gid://shopify/ShopifyPaymentsPayout/900',
      legacyId: '900',
      status: 'SCHEDULED',
      final: false,
      net: '1234.50',
      gross: '1234.50',
      currency: 'USD',
      shopCurrency: 'EUR',
      issuedAt: new Date('2026-11-30T08:00:00Z'),
      summary: {
        chargesGross: '1300.00',
        chargesFee: '40.11',
        refundsFeeGross: '-25.40',
        refundsFee: '0.00',
        adjustmentsGross: '0.01',
        adjustmentsFee: '0.00',
      },
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
  });

  it('keeps the id and creation time of a payout already stored, and sees what changed', () => {
    const before = payoutRow(payout('SCHEDULED'), {
      ...ctx,
      now: new Date('2026-11-30T09:00:00Z'),
    });
    const same = payoutRow(payout('SCHEDULED'), ctx, before);
    expect(same.id).toBe(before.id);
    expect(same.createdAt).toEqual(before.createdAt);
    expect(changedFields(before, same, ['id', 'createdAt', 'updatedAt'])).toEqual([]);
    const paid = payoutRow(payout('PAID'), ctx, before);
    expect(changedFields(before, paid, ['id', 'createdAt', 'updatedAt'])).toEqual([
      'status',
      'final',
    ]);
  });

  it('maps a balance transaction with its order and payout', () => {
    const row = balanceTransactionRow(
      {
        id: 'gid://shopify/ShopifyPaymentsBalanceTransaction/77',
        type: 'CHARGE',
        test: false,
        transactionDate: '2026-11-29T12:00:00Z',
        sourceType: 'CHARGE',
        sourceOrderTransactionId: '5550001',
        amount: money('19.99'),
        fee: money('0.88'),
        net: money('19.11'),
        associatedOrder: { id: 'gid://shopify/Order/1', name: '#1001' },
        associatedPayout: { id: 'gid://shopify/ShopifyPaymentsPayout/900', status: 'SCHEDULED' },
      },
      ctx,
    );
    expect(row).toMatchObject({
      transactionId: 'gid://shopify/ShopifyPaymentsBalanceTransaction/77',
      transactionNumber: '77',
      amount: '19.99',
      fee: '0.88',
      net: '19.11',
      currency: 'USD',
      shopCurrency: 'EUR',
      shopifyOrderId: 'gid://shopify/Order/1',
      orderName: '#1001',
      payoutId: 'gid://shopify/ShopifyPaymentsPayout/900',
      payoutStatus: 'SCHEDULED',
      sourceOrderTransactionId: '5550001',
    });
  });

  it('maps a dispute with its reason, evidence due date and order', () => {
    const row = disputeRow(
      {
        id: 'gid://shopify/ShopifyPaymentsDispute/5',
        legacyResourceId: '5',
        status: 'NEEDS_RESPONSE',
        type: 'CHARGEBACK',
        initiatedAt: '2026-11-28T00:00:00Z',
        evidenceDueBy: '2026-12-12T00:00:00Z',
        finalizedOn: null,
        amount: money('35', 'CAD'),
        reasonDetails: { reason: 'FRAUDULENT' },
        order: null,
      },
      ctx,
    );
    expect(row).toMatchObject({
      disputeId: 'gid://shopify/ShopifyPaymentsDispute/5',
      status: 'NEEDS_RESPONSE',
      final: false,
      kind: 'CHARGEBACK',
      amount: '35.00',
      currency: 'CAD',
      shopCurrency: 'EUR',
      reason: 'FRAUDULENT',
      shopifyOrderId: null,
      evidenceDueBy: new Date('2026-12-12T00:00:00Z'),
      finalizedOn: null,
    });
  });
});
