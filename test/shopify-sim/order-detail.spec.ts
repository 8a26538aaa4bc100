import { simControl, simGraphql } from './sim-client';
import { ShopifySimulator, startShopifySimulator } from './simulator';
import { OrderRecord } from './state/records';

// Whole orders as Shopify reports them: both sides of every MoneyBag, discount applications
// and allocations, tax lines, shipping, tips, gift cards; refunds, returns, edits; orderClose,
// orderUpdate customAttributes and metafieldsSet. Expected amounts are worked out by hand
// (cents) in the comments.

type Money = { amount: string; currencyCode: string };
type Bag = { shopMoney: Money; presentmentMoney: Money };

const BAG = '{ shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }';
const TAX = `{ title rate ratePercentage channelLiable priceSet ${BAG} }`;
const ALLOCATION = `{ allocatedAmountSet ${BAG} discountApplication { index } }`;

const ORDER = `
  query($id: ID!) {
    order(id: $id) {
      id currencyCode presentmentCurrencyCode taxesIncluded edited updatedAt
      displayFinancialStatus discountCode discountCodes note tags
      customAttributes { key value }
      risk { recommendation }
      subtotalPriceSet ${BAG} totalShippingPriceSet ${BAG} totalTaxSet ${BAG}
      totalTipReceivedSet ${BAG} totalPriceSet ${BAG} totalDiscountsSet ${BAG}
      originalTotalPriceSet ${BAG} totalReceivedSet ${BAG} totalRefundedSet ${BAG}
      totalRefundedShippingSet ${BAG}
      currentSubtotalPriceSet ${BAG} currentShippingPriceSet ${BAG} currentTotalTaxSet ${BAG}
      currentTotalPriceSet ${BAG} currentSubtotalLineItemsQuantity
      taxLines ${TAX}
      discountApplications(first: 10) {
        nodes {
          __typename index allocationMethod targetSelection targetType
          value { __typename ... on PricingPercentageValue { percentage } ... on MoneyV2 { amount currencyCode } }
          ... on DiscountCodeApplication { code }
          ... on AutomaticDiscountApplication { title }
          ... on ManualDiscountApplication { title description }
        }
      }
      shippingLine { title }
      shippingLines(first: 5) {
        nodes {
          id title code source originalPriceSet ${BAG} discountedPriceSet ${BAG}
          discountAllocations ${ALLOCATION} taxLines ${TAX}
        }
      }
      lineItems(first: 10) {
        nodes {
          id quantity currentQuantity refundableQuantity isGiftCard
          originalUnitPriceSet ${BAG} originalTotalSet ${BAG} discountedTotalSet ${BAG}
          totalDiscountSet ${BAG}
          discountAllocations ${ALLOCATION}
          taxLines(first: 5) ${TAX}
        }
      }
      transactions(first: 10) { kind gateway amountSet ${BAG} }
      refunds(first: 3) {
        id note totalRefundedSet ${BAG} return { id name }
        refundLineItems(first: 3) {
          nodes { quantity restockType lineItem { id } priceSet ${BAG} subtotalSet ${BAG} totalTaxSet ${BAG} }
        }
        refundShippingLines(first: 2) {
          nodes { shippingLine { id } subtotalAmountSet ${BAG} taxAmountSet ${BAG} }
        }
        transactions(first: 2) { nodes { kind gateway amountSet ${BAG} } }
      }
      returns(first: 5) {
        nodes {
          id name status
          returnLineItems(first: 5) {
            nodes { ... on ReturnLineItem { quantity returnReason returnReasonNote fulfillmentLineItem { lineItem { id } } } }
          }
        }
      }
    }
  }`;

interface Line {
  id: string;
  quantity: number;
  currentQuantity: number;
  refundableQuantity: number;
  isGiftCard: boolean;
  originalTotalSet: Bag;
  discountedTotalSet: Bag;
  totalDiscountSet: Bag;
  discountAllocations: { allocatedAmountSet: Bag; discountApplication: { index: number } }[];
  taxLines: { title: string; rate: number; ratePercentage: number; priceSet: Bag }[];
}

interface OrderView {
  [field: string]: unknown;
  lineItems: { nodes: Line[] };
  shippingLines: { nodes: Record<string, unknown>[] };
  refunds: {
    id: string;
    totalRefundedSet: Bag;
    return: { id: string; name: string } | null;
    refundLineItems: { nodes: { quantity: number; subtotalSet: Bag; totalTaxSet: Bag }[] };
    refundShippingLines: { nodes: { subtotalAmountSet: Bag; taxAmountSet: Bag }[] };
    transactions: { nodes: { kind: string; amountSet: Bag }[] };
  }[];
  returns: { nodes: Record<string, unknown>[] };
}

// [shop, presentment] amounts of a bag.
const pair = (b: unknown): [string, string] => {
  const bag = b as Bag;
  return [bag.shopMoney.amount, bag.presentmentMoney.amount];
};
const cents = (s: string) => Math.round(Number(s) * 100);

describe('orders in full', () => {
  let sim: ShopifySimulator;
  const now = Date.parse('2026-03-01T10:00:00Z');
  let clock = now;
  const domain = 'detail.myshopify.com';
  const token = 'shpat_detail';
  const gql = <T>(query: string, variables?: Record<string, unknown>) =>
    simGraphql<T>(sim.url, token, query, variables);
  const read = async (id: string): Promise<OrderView> => {
    const reply = await gql<{ order: OrderView }>(ORDER, { id });
    expect(reply.body.errors).toBeUndefined();
    return reply.body.data!.order;
  };
  let variants: string[];

  beforeAll(async () => {
    sim = await startShopifySimulator({ clock: () => clock, emitWebhooks: false });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(() => {
    clock = now;
    sim.reset();
    const shop = sim.createShop({
      domain,
      accessToken: token,
      plan: 'plus',
      seed: { products: 3, locations: 1, seed: 5 },
    });
    variants = [...shop.variants.keys()];
  });

  // Shop EUR, buyer USD at 1.0837, prices without tax.
  // line0 19.99 × 3 = 59.97; line1 7.50 × 2 = 15.00 with a manual 1.00 off; gift card 25.00.
  // SAVE10 (10 %, not on gift cards): line0 6.00 (59.97), line1 1.40 (14.00).
  // Shipping 6.95, half off: 3.48 → 3.47. Taxes: line0 19 % of 53.97 = 10.25, 2 % = 1.08;
  // line1 19 % of 12.60 = 2.39; shipping 19 % of 3.47 = 0.66. Tip 2.00.
  // Shop: subtotal 91.57 + shipping 3.47 + tax 14.38 + tip 2.00 = 111.42.
  // Presentment per amount: units 21.66 / 8.13 / 27.09; allocations 0.65, 1.08, 1.52, 3.77;
  // shipping 7.53 → 3.76; taxes 11.11, 1.17, 2.59, 0.72; tip 2.17.
  // Presentment: subtotal 99.23 + shipping 3.76 + tax 15.59 + tip 2.17 = 120.75.
  const richOrder = () =>
    sim.createOrder(domain, {
      email: 'rich@example.com',
      presentmentCurrency: 'USD',
      exchangeRate: 1.0837,
      taxesIncluded: false,
      lineItems: [
        {
          variantId: variants[0],
          quantity: 3,
          price: '19.99',
          taxes: [
            { title: 'VAT', rate: 0.19 },
            { title: 'Local', rate: 0.02, channelLiable: false },
          ],
        },
        {
          variantId: variants[1],
          quantity: 2,
          price: 7.5,
          discount: { amount: 1, title: 'Damaged box' },
          taxes: [{ title: 'VAT', rate: 0.19 }],
        },
        { title: 'Gift card', price: 25, quantity: 1, giftCard: true },
      ],
      discounts: [
        { code: 'SAVE10', percentage: 10 },
        { type: 'automatic', title: 'Half shipping', percentage: 50, target: 'shipping' },
      ],
      shippingLines: [
        {
          title: 'DHL Express',
          code: 'dhl-express',
          source: 'dhl',
          price: 6.95,
          taxes: [{ title: 'VAT', rate: 0.19 }],
        },
      ],
      tip: 2,
      giftCardPayment: 10,
      customAttributes: [{ key: 'channel', value: 'instagram' }],
      risk: 'INVESTIGATE',
      tags: ['vip'],
      note: 'Ring twice',
    });

  it('answers both currencies per amount, with allocations, tax lines, shipping, tip and gift card', async () => {
    const order = await read(richOrder().id);
    expect(order).toMatchObject({
      currencyCode: 'EUR',
      presentmentCurrencyCode: 'USD',
      taxesIncluded: false,
      edited: false,
      displayFinancialStatus: 'PAID',
      discountCode: 'SAVE10',
      discountCodes: ['SAVE10'],
      customAttributes: [{ key: 'channel', value: 'instagram' }],
      risk: { recommendation: 'INVESTIGATE' },
      tags: ['vip'],
      note: 'Ring twice',
      shippingLine: { title: 'DHL Express' },
    });
    expect((order.totalPriceSet as Bag).presentmentMoney.currencyCode).toBe('USD');
    expect((order.totalPriceSet as Bag).shopMoney.currencyCode).toBe('EUR');
    expect(pair(order.subtotalPriceSet)).toEqual(['91.57', '99.23']);
    expect(pair(order.totalShippingPriceSet)).toEqual(['3.47', '3.76']);
    expect(pair(order.totalTaxSet)).toEqual(['14.38', '15.59']);
    expect(pair(order.totalTipReceivedSet)).toEqual(['2.00', '2.17']);
    expect(pair(order.totalPriceSet)).toEqual(['111.42', '120.75']);
    expect(pair(order.originalTotalPriceSet)).toEqual(['111.42', '120.75']);
    // 1.00 + 6.00 + 1.40 + 3.48 / 1.08 + 6.50 + 1.52 + 3.77
    expect(pair(order.totalDiscountsSet)).toEqual(['11.88', '12.87']);
    for (const side of [0, 1] as const) {
      const parts = [
        order.subtotalPriceSet,
        order.totalShippingPriceSet,
        order.totalTaxSet,
        order.totalTipReceivedSet,
      ].map((b) => cents(pair(b)[side]));
      expect(parts.reduce((a, b) => a + b, 0)).toBe(cents(pair(order.totalPriceSet)[side]));
    }

    expect(order.discountApplications).toEqual({
      nodes: [
        {
          __typename: 'ManualDiscountApplication',
          index: 0,
          allocationMethod: 'ONE',
          targetSelection: 'EXPLICIT',
          targetType: 'LINE_ITEM',
          value: { __typename: 'MoneyV2', amount: '1.08', currencyCode: 'USD' },
          title: 'Damaged box',
          description: null,
        },
        {
          __typename: 'DiscountCodeApplication',
          index: 1,
          allocationMethod: 'ACROSS',
          targetSelection: 'ALL',
          targetType: 'LINE_ITEM',
          value: { __typename: 'PricingPercentageValue', percentage: 10 },
          code: 'SAVE10',
        },
        {
          __typename: 'AutomaticDiscountApplication',
          index: 2,
          allocationMethod: 'EACH',
          targetSelection: 'ALL',
          targetType: 'SHIPPING_LINE',
          value: { __typename: 'PricingPercentageValue', percentage: 50 },
          title: 'Half shipping',
        },
      ],
    });

    const [line0, line1, gift] = order.lineItems.nodes;
    expect(pair(line0.originalTotalSet)).toEqual(['59.97', '64.98']);
    expect(
      line0.discountAllocations.map((a) => [
        a.discountApplication.index,
        ...pair(a.allocatedAmountSet),
      ]),
    ).toEqual([[1, '6.00', '6.50']]);
    expect(line0.taxLines).toEqual([
      {
        title: 'VAT',
        rate: 0.19,
        ratePercentage: 19,
        channelLiable: null,
        priceSet: expect.objectContaining({ shopMoney: { amount: '10.25', currencyCode: 'EUR' } }),
      },
      expect.objectContaining({
        title: 'Local',
        rate: 0.02,
        ratePercentage: 2,
        channelLiable: false,
      }),
    ]);
    expect(pair(line0.taxLines[0].priceSet)).toEqual(['10.25', '11.11']);
    expect(pair(line0.taxLines[1].priceSet)).toEqual(['1.08', '1.17']);
    // discountedTotalSet leaves out order-level discounts: only the manual line discount.
    expect(pair(line1.discountedTotalSet)).toEqual(['14.00', '15.18']);
    expect(pair(line1.totalDiscountSet)).toEqual(['2.40', '2.60']);
    expect(line1.discountAllocations.map((a) => a.discountApplication.index)).toEqual([0, 1]);
    expect(gift).toMatchObject({ isGiftCard: true, discountAllocations: [], taxLines: [] });
    expect(pair(gift.originalTotalSet)).toEqual(['25.00', '27.09']);

    expect(order.shippingLines.nodes).toEqual([
      expect.objectContaining({
        title: 'DHL Express',
        code: 'dhl-express',
        source: 'dhl',
        discountAllocations: [expect.objectContaining({ discountApplication: { index: 2 } })],
      }),
    ]);
    const ship = order.shippingLines.nodes[0];
    expect(pair(ship.originalPriceSet)).toEqual(['6.95', '7.53']);
    expect(pair(ship.discountedPriceSet)).toEqual(['3.47', '3.76']);
    expect(pair((ship.taxLines as { priceSet: Bag }[])[0].priceSet)).toEqual(['0.66', '0.72']);
    // Order.taxLines sums per title and rate: VAT 10.25 + 2.39 + 0.66, Local 1.08.
    const taxLines = order.taxLines as { title: string; priceSet: Bag }[];
    expect(taxLines.map((t) => [t.title, ...pair(t.priceSet)])).toEqual([
      ['VAT', '13.30', '14.42'],
      ['Local', '1.08', '1.17'],
    ]);

    const txs = order.transactions as { kind: string; gateway: string; amountSet: Bag }[];
    expect(txs.map((t) => [t.kind, t.gateway, ...pair(t.amountSet)])).toEqual([
      ['SALE', 'gift_card', '10.00', '10.84'],
      ['SALE', 'bogus', '101.42', '109.91'],
    ]);
    expect(pair(order.totalReceivedSet)).toEqual(['111.42', '120.75']);
  });

  it('computes totals with prices that include tax (the default) from the tax lines', async () => {
    // 12.10 × 2 incl. 21 %: tax 4.20; shipping 4.95 incl. 21 %: 0.86. Total 29.15, tax not added.
    const created = sim.createOrder(domain, {
      lineItems: [{ variantId: variants[0], quantity: 2, price: '12.10' }],
      shippingLines: [{ title: 'Standard', price: 4.95, taxes: [{ title: 'VAT', rate: 0.21 }] }],
    });
    const order = await read(created.id);
    expect(order.taxesIncluded).toBe(true);
    expect(pair(order.totalTaxSet)).toEqual(['5.06', '5.06']);
    expect(pair(order.subtotalPriceSet)).toEqual(['24.20', '24.20']);
    expect(pair(order.totalPriceSet)).toEqual(['29.15', '29.15']);
    expect(order.presentmentCurrencyCode).toBe('EUR');
  });

  it('refunds through the control API: prorated lines and shipping, current totals, status', async () => {
    const created = richOrder();
    const line0 = created.lineItems[0].id;
    const first = await simControl<{ id: string }>(
      sim.url,
      'POST',
      `/shops/${domain}/orders/${encodeURIComponent(created.id)}/refunds`,
      {
        lineItems: [{ lineItemId: line0, quantity: 1 }],
        shipping: { fullRefund: true },
        note: 'late',
      },
    );
    expect(first.status).toBe(201);
    let order = await read(created.id);
    // 53.97 / 3 = 17.99 (58.48 / 3 = 19.49); tax 3.42 + 0.36 (3.70 + 0.39); shipping 3.47 + 0.66.
    const [refund] = order.refunds;
    expect(
      refund.refundLineItems.nodes.map((l) => [
        l.quantity,
        ...pair(l.subtotalSet),
        ...pair(l.totalTaxSet),
      ]),
    ).toEqual([[1, '17.99', '19.49', '3.78', '4.09']]);
    expect(
      refund.refundShippingLines.nodes.map((s) => [
        ...pair(s.subtotalAmountSet),
        ...pair(s.taxAmountSet),
      ]),
    ).toEqual([['3.47', '3.76', '0.66', '0.72']]);
    expect(pair(refund.totalRefundedSet)).toEqual(['25.90', '28.06']);
    expect(refund.transactions.nodes.map((t) => [t.kind, ...pair(t.amountSet)])).toEqual([
      ['REFUND', '25.90', '28.06'],
    ]);
    expect(order.displayFinancialStatus).toBe('PARTIALLY_REFUNDED');
    expect(pair(order.totalRefundedSet)).toEqual(['25.90', '28.06']);
    expect(pair(order.totalRefundedShippingSet)).toEqual(['3.47', '3.76']);
    expect(order.lineItems.nodes[0]).toMatchObject({
      quantity: 3,
      currentQuantity: 2,
      refundableQuantity: 2,
    });
    // Non-current totals stay; current ones drop by the refund.
    expect(pair(order.totalPriceSet)).toEqual(['111.42', '120.75']);
    expect(pair(order.currentSubtotalPriceSet)).toEqual(['73.58', '79.74']);
    expect(pair(order.currentShippingPriceSet)).toEqual(['0.00', '0.00']);
    expect(pair(order.currentTotalTaxSet)).toEqual(['9.94', '10.78']);
    expect(pair(order.currentTotalPriceSet)).toEqual(['85.52', '92.69']);
    expect(order.currentSubtotalLineItemsQuantity).toBe(5);

    // The rest of the line: its two refunds add up to the line exactly.
    sim.refundOrder(domain, created.id, { lineItems: [{ lineItemId: line0, quantity: 2 }] });
    order = await read(created.id);
    const subtotals = order.refunds.map((r) => pair(r.refundLineItems.nodes[0].subtotalSet));
    expect(subtotals).toEqual([
      ['17.99', '19.49'],
      ['35.98', '38.99'],
    ]);
    expect(order.lineItems.nodes[0]).toMatchObject({ currentQuantity: 0, refundableQuantity: 0 });

    const tooMany = await simControl<{ error: string }>(
      sim.url,
      'POST',
      `/shops/${domain}/orders/${encodeURIComponent(created.id)}/refunds`,
      { lineItems: [{ lineItemId: line0, quantity: 1 }] },
    );
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error).toContain('cannot refund more items');
  });

  it('refunds everything paid: REFUNDED', async () => {
    const created = sim.createOrder(domain, {
      lineItems: [{ variantId: variants[0], quantity: 1, price: 10 }],
      shippingPrice: 5,
    });
    sim.refundOrder(domain, created.id, {
      lineItems: [{ lineItemId: created.lineItems[0].id, quantity: 1 }],
      shipping: { fullRefund: true },
    });
    const order = await read(created.id);
    expect(order.displayFinancialStatus).toBe('REFUNDED');
    expect(pair(order.currentTotalPriceSet)).toEqual(['0.00', '0.00']);
    expect(pair(order.totalRefundedSet)).toEqual(['15.00', '15.00']);
  });

  const REFUND_CREATE = `
    mutation($input: RefundInput!) {
      refundCreate(input: $input) @idempotent(key: "r-1") {
        refund { id totalRefundedSet ${BAG} refundLineItems(first: 5) { nodes { quantity subtotalSet ${BAG} } } }
        userErrors { field message }
      }
    }`;

  it('refundCreate wants the presentment currency, takes amounts in it, and replays its key', async () => {
    const created = richOrder();
    const input = {
      orderId: created.id,
      refundLineItems: [
        { lineItemId: created.lineItems[1].id, quantity: 1, restockType: 'NO_RESTOCK' },
      ],
      transactions: [{ orderId: created.id, kind: 'REFUND', gateway: 'bogus', amount: '5.00' }],
    };
    type Reply = {
      refundCreate: {
        refund: {
          id: string;
          totalRefundedSet: Bag;
          refundLineItems: { nodes: { quantity: number; subtotalSet: Bag }[] };
        } | null;
        userErrors: { field: string[]; message: string }[];
      };
    };
    const noCurrency = await gql<Reply>(REFUND_CREATE.replace('r-1', 'r-0'), { input });
    expect(noCurrency.body.data?.refundCreate).toMatchObject({
      refund: null,
      userErrors: [{ field: ['currency'] }],
    });
    const made = await gql<Reply>(REFUND_CREATE, { input: { ...input, currency: 'USD' } });
    const refund = made.body.data?.refundCreate.refund;
    // USD 5.00 is EUR 4.61 at 1.0837; line1's after-discount 12.60 / 2 = 6.30 (13.66 / 2 = 6.83).
    expect(pair(refund?.totalRefundedSet)).toEqual(['4.61', '5.00']);
    expect(refund?.refundLineItems.nodes.map((l) => [l.quantity, ...pair(l.subtotalSet)])).toEqual([
      [1, '6.30', '6.83'],
    ]);
    const again = await gql<Reply>(REFUND_CREATE, { input: { ...input, currency: 'USD' } });
    expect(again.body.data?.refundCreate.refund?.id).toBe(refund?.id);
    expect(sim.shop(domain).orders.get(created.id)?.refunds).toHaveLength(1);
    expect(sim.mutationCalls(domain, 'refundCreate')).toHaveLength(1);
  });

  const fulfil = async (order: OrderRecord): Promise<string> => {
    const reply = await gql<{
      fulfillmentCreate: { fulfillment: { fulfillmentLineItems: { nodes: { id: string }[] } } };
    }>(
      'mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { fulfillmentLineItems(first: 5) { nodes { id } } } userErrors { message } } }',
      {
        f: {
          lineItemsByFulfillmentOrder: order.fulfillmentOrders.map((fo) => ({
            fulfillmentOrderId: fo.id,
          })),
        },
      },
    );
    return reply.body.data!.fulfillmentCreate.fulfillment.fulfillmentLineItems.nodes[0].id;
  };

  it('returns with returnCreate and the control API; a refund names its return', async () => {
    const created = sim.createOrder(domain, {
      lineItems: [{ variantId: variants[0], quantity: 3, price: 10 }],
    });
    type Reply = {
      returnCreate: {
        return: { id: string; name: string; status: string } | null;
        userErrors: { code: string; field: string[] }[];
      };
    };
    const RETURN_CREATE =
      'mutation($r: ReturnInput!) { returnCreate(returnInput: $r) { return { id name status } userErrors { field message code } } }';
    const unfulfilled = await gql<Reply>(RETURN_CREATE, {
      r: {
        orderId: created.id,
        returnLineItems: [
          { fulfillmentLineItemId: 'gid://shopify/FulfillmentLineItem/1', quantity: 1 },
        ],
      },
    });
    expect(unfulfilled.body.data?.returnCreate).toMatchObject({
      return: null,
      userErrors: [{ code: 'NOT_FOUND' }],
    });

    const fli = await fulfil(created);
    const made = await gql<Reply>(RETURN_CREATE, {
      r: {
        orderId: created.id,
        returnLineItems: [{ fulfillmentLineItemId: fli, quantity: 2, returnReasonNote: 'Too big' }],
      },
    });
    expect(made.body.data?.returnCreate).toMatchObject({
      return: { name: `${created.name}-R1`, status: 'OPEN' },
      userErrors: [],
    });
    const tooMany = await gql<Reply>(RETURN_CREATE, {
      r: { orderId: created.id, returnLineItems: [{ fulfillmentLineItemId: fli, quantity: 2 }] },
    });
    expect(tooMany.body.data?.returnCreate.userErrors[0]).toMatchObject({ code: 'INVALID' });

    const viaControl = await simControl<{ id: string; name: string }>(
      sim.url,
      'POST',
      `/shops/${domain}/orders/${encodeURIComponent(created.id)}/returns`,
      {
        lineItems: [
          { lineItemId: created.lineItems[0].id, quantity: 1, returnReason: 'DEFECTIVE' },
        ],
      },
    );
    expect(viaControl).toMatchObject({ status: 201, body: { name: `${created.name}-R2` } });

    const returnId = made.body.data!.returnCreate.return!.id;
    sim.refundOrder(domain, created.id, {
      lineItems: [{ lineItemId: created.lineItems[0].id, quantity: 2, restockType: 'RETURN' }],
      returnId,
    });
    const order = await read(created.id);
    expect(order.returns.nodes).toEqual([
      {
        id: returnId,
        name: `${created.name}-R1`,
        status: 'OPEN',
        returnLineItems: {
          nodes: [
            {
              quantity: 2,
              returnReason: 'UNKNOWN',
              returnReasonNote: 'Too big',
              fulfillmentLineItem: { lineItem: { id: created.lineItems[0].id } },
            },
          ],
        },
      },
      expect.objectContaining({ name: `${created.name}-R2` }),
    ]);
    expect(order.refunds[0].return).toEqual({ id: returnId, name: `${created.name}-R1` });
    expect(pair(order.refunds[0].totalRefundedSet)).toEqual(['20.00', '20.00']);
  });

  it('edits orders through the control API: removed units, added lines, totals, edited, updatedAt', async () => {
    // 10.00 × 3 + 4.00, prices incl. 21 % VAT: tax 5.21 + 0.69; total 34.00.
    const created = sim.createOrder(domain, {
      lineItems: [
        { variantId: variants[0], quantity: 3, price: 10 },
        { variantId: variants[1], quantity: 1, price: 4 },
      ],
    });
    const shop = sim.shop(domain);
    const itemId = shop.variants.get(variants[0])!.inventoryItemId;
    const level = () => ({
      ...shop.getLevel(itemId, created.fulfillmentOrders[0].locationId)!.quantities,
    });
    const before = level();
    clock = now + 60_000;
    const edit = await simControl<{ edited: boolean }>(
      sim.url,
      'POST',
      `/shops/${domain}/orders/${encodeURIComponent(created.id)}/edit`,
      {
        changes: [
          { type: 'set-quantity', lineItemId: created.lineItems[0].id, quantity: 1 },
          { type: 'add-line', line: { variantId: variants[2], quantity: 2, price: 5 } },
        ],
      },
    );
    expect(edit).toMatchObject({ status: 200, body: { edited: true } });
    const order = await read(created.id);
    expect(order.edited).toBe(true);
    expect(order.updatedAt).toBe('2026-03-01T10:01:00Z');
    expect(order.lineItems.nodes.map((l) => [l.quantity, l.currentQuantity])).toEqual([
      [3, 1],
      [1, 1],
      [2, 2],
    ]);
    // Kept: 10.00 + 4.00 + 10.00; tax 1.74 (5.21 − 3.47) + 0.69 + 1.74.
    expect(pair(order.subtotalPriceSet)).toEqual(['24.00', '24.00']);
    expect(pair(order.currentTotalPriceSet)).toEqual(['24.00', '24.00']);
    expect(pair(order.currentTotalTaxSet)).toEqual(['4.17', '4.17']);
    expect(pair(order.originalTotalPriceSet)).toEqual(['34.00', '34.00']);
    expect(pair(order.lineItems.nodes[2].taxLines[0].priceSet)).toEqual(['1.74', '1.74']);
    // The two removed units are no longer committed.
    expect(level().committed).toBe(before.committed - 2);
    expect(level().available).toBe(before.available + 2);

    const raise = await simControl<{ error: string }>(
      sim.url,
      'POST',
      `/shops/${domain}/orders/${encodeURIComponent(created.id)}/edit`,
      { changes: [{ type: 'set-quantity', lineItemId: created.lineItems[1].id, quantity: 5 }] },
    );
    expect(raise.status).toBe(422);
  });

  it('orderClose closes once per call, is logged, and refuses an unknown id', async () => {
    const created = sim.createOrder(domain, {
      lineItems: [{ variantId: variants[0], quantity: 1 }],
    });
    const CLOSE =
      'mutation($id: ID!) { orderClose(input: {id: $id}) { order { id closed closedAt } userErrors { field message } } }';
    type Reply = {
      orderClose: {
        order: { closed: boolean; closedAt: string } | null;
        userErrors: { message: string }[];
      };
    };
    const closed = await gql<Reply>(CLOSE, { id: created.id });
    expect(closed.body.data?.orderClose).toEqual({
      order: { id: created.id, closed: true, closedAt: '2026-03-01T10:00:00Z' },
      userErrors: [],
    });
    clock = now + 5_000;
    const again = await gql<Reply>(CLOSE, { id: created.id });
    expect(again.body.data?.orderClose.order?.closedAt).toBe('2026-03-01T10:00:00Z');
    const unknown = await gql<Reply>(CLOSE, { id: 'gid://shopify/Order/999999' });
    expect(unknown.body.data?.orderClose).toEqual({
      order: null,
      userErrors: [{ field: ['id'], message: 'Order does not exist' }],
    });
    const calls = await simControl<{ mutation: string; targetId: string }[]>(
      sim.url,
      'GET',
      `/shops/${domain}/mutation-calls/orderClose`,
    );
    expect(calls.body.map((c) => c.targetId)).toEqual([created.id, created.id]);
  });

  it('orderUpdate replaces customAttributes', async () => {
    const created = sim.createOrder(domain, {
      lineItems: [{ variantId: variants[0], quantity: 1 }],
      customAttributes: [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ],
    });
    const reply = await gql<{ orderUpdate: { order: { customAttributes: unknown[] } } }>(
      'mutation($i: OrderInput!) { orderUpdate(input: $i) { order { customAttributes { key value } } userErrors { message } } }',
      { i: { id: created.id, customAttributes: [{ key: 'erp-document', value: 'SO-1001' }] } },
    );
    expect(reply.body.data?.orderUpdate.order.customAttributes).toEqual([
      { key: 'erp-document', value: 'SO-1001' },
    ]);
  });

  it('metafieldsSet writes order metafields with compare-and-set', async () => {
    const created = sim.createOrder(domain, {
      lineItems: [{ variantId: variants[0], quantity: 1 }],
    });
    const SET =
      'mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { id namespace key type value compareDigest } userErrors { field message code elementIndex } } }';
    type Reply = {
      metafieldsSet: {
        metafields: { id: string; value: string; compareDigest: string }[] | null;
        userErrors: { code: string; elementIndex: number }[];
      };
    };
    const base = { ownerId: created.id, namespace: 'shopsync', key: 'erp_document' };
    const noType = await gql<Reply>(SET, { m: [{ ...base, value: 'SO-1' }] });
    expect(noType.body.data?.metafieldsSet).toMatchObject({
      metafields: null,
      userErrors: [{ code: 'BLANK', elementIndex: 0 }],
    });
    const first = await gql<Reply>(SET, {
      m: [{ ...base, type: 'single_line_text_field', value: 'SO-1', compareDigest: null }],
    });
    const [written] = first.body.data!.metafieldsSet.metafields!;
    expect(written).toMatchObject({
      namespace: 'shopsync',
      key: 'erp_document',
      type: 'single_line_text_field',
      value: 'SO-1',
    });
    const stale = await gql<Reply>(SET, { m: [{ ...base, value: 'SO-2', compareDigest: 'nope' }] });
    expect(stale.body.data?.metafieldsSet.userErrors).toEqual([
      expect.objectContaining({ code: 'STALE_OBJECT', elementIndex: 0 }),
    ]);
    const updated = await gql<Reply>(SET, {
      m: [{ ...base, value: 'SO-2', compareDigest: written.compareDigest }],
    });
    expect(updated.body.data?.metafieldsSet.metafields?.[0]).toMatchObject({
      id: written.id,
      value: 'SO-2',
    });
    const read = await gql<{
      order: { metafield: { value: string } | null; metafields: { nodes: { key: string }[] } };
    }>(
      'query($id: ID!) { order(id: $id) { metafield(namespace: "shopsync", key: "erp_document") { value } metafields(first: 5) { nodes { key } } } }',
      { id: created.id },
    );
    expect(read.body.data?.order).toEqual({
      metafield: { value: 'SO-2' },
      metafields: { nodes: [{ key: 'erp_document' }] },
    });
    expect(sim.mutationCalls(domain, 'metafieldsSet')).toHaveLength(2);
  });

  it('takes the richer order input over the control API', async () => {
    const reply = await simControl<{ id: string }>(sim.url, 'POST', `/shops/${domain}/orders`, {
      lineItems: [
        { variantId: variants[0], quantity: 2, price: 10, taxes: [{ title: 'VAT', rate: 0.09 }] },
      ],
      discounts: [{ code: 'FIVE', amount: 5 }],
      presentmentCurrency: 'GBP',
      exchangeRate: 0.85,
      tip: 1,
    });
    expect(reply.status).toBe(201);
    const order = await read(reply.body.id);
    // 20.00 − 5.00 = 15.00 incl. 9 % VAT (1.24); tip 1.00: total 16.00; GBP 17.00 − 4.25 + 0.85.
    expect(pair(order.totalPriceSet)).toEqual(['16.00', '13.60']);
    expect(pair(order.totalTaxSet)).toEqual(['1.24', '1.05']);
    expect(order.discountCodes).toEqual(['FIVE']);
  });

  it('seeds showcase orders deterministically when asked', async () => {
    const make = (d: string) =>
      sim.createShop({
        domain: d,
        accessToken: `shpat_${d}`,
        seed: {
          products: 6,
          customers: 2,
          orders: 3,
          locations: 1,
          seed: 9,
          showcase: true,
          baseTime: '2026-02-01T00:00:00Z',
        },
      });
    const a = make('show-a.myshopify.com');
    const orders = [...a.orders.values()];
    expect(orders).toHaveLength(7);
    const showcase = orders.slice(-4);
    expect(showcase[0]).toMatchObject({ presentmentCurrencyCode: 'USD', taxesIncluded: false });
    expect(showcase[0].lineItems[0].taxLines).toHaveLength(2);
    expect(showcase[0].discountApplications.some((d) => d.code === 'WELCOME10')).toBe(true);
    expect(showcase[0].shippingLines[0].taxLines).toHaveLength(1);
    expect(showcase[0].tip.shop).toBe(300);
    expect(showcase[1].lineItems.some((l) => l.isGiftCard)).toBe(true);
    expect(showcase[1].transactions.some((t) => t.gateway === 'gift_card')).toBe(true);
    expect(showcase[2]).toMatchObject({ edited: true, financialStatus: 'PARTIALLY_REFUNDED' });
    expect(showcase[2].refunds).toHaveLength(1);
    expect(showcase[3].returns).toHaveLength(1);
    expect(showcase[3].refunds[0].returnId).toBe(showcase[3].returns[0].id);
    // Each reads whole over GraphQL, and its totals add up on both sides.
    for (const o of showcase) {
      const reply = await simGraphql<{ order: OrderView }>(
        sim.url,
        'shpat_show-a.myshopify.com',
        ORDER,
        {
          id: o.id,
        },
      );
      expect(reply.body.errors).toBeUndefined();
      const view = reply.body.data!.order;
      for (const side of [0, 1] as const) {
        const sumOf = (fields: string[]) =>
          fields.reduce((acc, f) => acc + cents(pair(view[f])[side]), 0);
        const tax = view.taxesIncluded ? [] : ['totalTaxSet'];
        const currentTax = view.taxesIncluded ? [] : ['currentTotalTaxSet'];
        expect(
          sumOf(['subtotalPriceSet', 'totalShippingPriceSet', 'totalTipReceivedSet', ...tax]),
        ).toBe(cents(pair(view.totalPriceSet)[side]));
        expect(
          sumOf([
            'currentSubtotalPriceSet',
            'currentShippingPriceSet',
            'totalTipReceivedSet',
            ...currentTax,
          ]),
        ).toBe(cents(pair(view.currentTotalPriceSet)[side]));
      }
    }
    // Same options, another shop: the same orders apart from the ids.
    const b = make('show-b.myshopify.com');
    const strip = (o: OrderRecord) =>
      JSON.stringify(o, (k, v: unknown) =>
        k === 'id' || /Ids?$/.test(k) || k === 'authorizationCode' ? undefined : v,
      );
    expect([...b.orders.values()].map(strip)).toEqual(orders.map(strip));
  });
});
