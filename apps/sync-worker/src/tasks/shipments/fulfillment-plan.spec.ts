import {
  FulfillmentPlan,
  MAX_FULFILLMENT_LINES,
  OpenFulfillmentOrder,
  planFulfillments,
} from './fulfillment-plan';

// [fulfillment order line id, order line id, sku, remaining]
type Line = [string, string, string, number];

const fo = (
  id: string,
  location: string,
  lines: Line[],
  extra: Partial<OpenFulfillmentOrder> = {},
): OpenFulfillmentOrder => ({
  id,
  status: 'OPEN',
  requestStatus: 'UNSUBMITTED',
  locationId: location,
  fulfillmentService: false,
  lines: lines.map(([lid, orderLineId, sku, remaining]) => ({
    id: lid,
    orderLineId,
    sku,
    remaining,
  })),
  ...extra,
});

function sent(plan: FulfillmentPlan) {
  if (plan.kind !== 'send') throw new Error(`expected a plan to send, got ${JSON.stringify(plan)}`);
  return plan;
}

describe('planFulfillments', () => {
  const fos = [
    fo('FO1', 'L1', [
      ['a1', 'LA1', 'A', 2],
      ['b1', 'LB1', 'B', 1],
    ]),
    fo('FO2', 'L2', [['a2', 'LA2', 'A', 3]]),
    fo('FO3', 'L1', [['c3', 'LC3', 'C', 5]], { status: 'CLOSED' }),
  ];

  it('makes one call per location with the shipped lines, by SKU', () => {
    const plan = sent(
      planFulfillments(fos, [
        { sku: 'A', quantity: 4 },
        { sku: 'B', quantity: 1 },
      ]),
    );
    expect(plan.accept).toEqual([]);
    expect(plan.calls).toEqual([
      {
        locationId: 'L1',
        lineItemsByFulfillmentOrder: [
          {
            fulfillmentOrderId: 'FO1',
            fulfillmentOrderLineItems: [
              { id: 'a1', quantity: 2 },
              { id: 'b1', quantity: 1 },
            ],
          },
        ],
        sent: [
          { line: 0, quantity: 2 },
          { line: 1, quantity: 1 },
        ],
      },
      {
        locationId: 'L2',
        lineItemsByFulfillmentOrder: [
          { fulfillmentOrderId: 'FO2', fulfillmentOrderLineItems: [{ id: 'a2', quantity: 2 }] },
        ],
        sent: [{ line: 0, quantity: 2 }],
      },
    ]);
  });

  it('names what cannot be placed and sends nothing', () => {
    expect(
      planFulfillments(fos, [
        { sku: 'C', quantity: 1 },
        { sku: 'A', quantity: 9 },
      ]),
    ).toEqual({
      kind: 'refused',
      problems: [
        "SKU 'C': 1 of 1 not open for fulfilment",
        "SKU 'A': 4 of 9 not open for fulfilment",
      ],
    });
  });

  it('keeps to one location when the shipment names it', () => {
    const plan = sent(planFulfillments(fos, [{ sku: 'A', quantity: 3 }], { locationId: 'L2' }));
    expect(plan.calls.map((c) => c.locationId)).toEqual(['L2']);
  });

  it('matches a line by its Shopify order line, not by SKU, when two lines share the SKU', () => {
    const same = [
      fo('FO1', 'L1', [
        ['x1', 'LX1', 'SHARED', 2],
        ['x2', 'LX2', 'SHARED', 3],
      ]),
    ];
    const plan = sent(
      planFulfillments(same, [
        { sku: 'SHARED', quantity: 3, shopifyOrderLineId: 'LX2' },
        { sku: 'SHARED', quantity: 1, shopifyOrderLineId: 'LX1' },
      ]),
    );
    expect(plan.calls[0].lineItemsByFulfillmentOrder[0].fulfillmentOrderLineItems).toEqual([
      { id: 'x2', quantity: 3 },
      { id: 'x1', quantity: 1 },
    ]);
    // By SKU the first line would have taken x1 first.
    expect(
      planFulfillments(same, [{ sku: 'SHARED', quantity: 4, shopifyOrderLineId: 'LX1' }]),
    ).toEqual({
      kind: 'refused',
      problems: ['order line LX1: 2 of 4 not open for fulfilment'],
    });
  });

  it('splits a location over calls of at most 250 line items, 600 lines in three', () => {
    const lines: Line[] = Array.from({ length: 600 }, (_, i) => [`f${i}`, `o${i}`, `S${i}`, 1]);
    const plan = sent(
      planFulfillments(
        [fo('FO1', 'L1', lines.slice(0, 300)), fo('FO2', 'L1', lines.slice(300))],
        lines.map(([, orderLineId, sku]) => ({
          sku,
          quantity: 1,
          shopifyOrderLineId: orderLineId,
        })),
      ),
    );
    const sizes = plan.calls.map((c) =>
      c.lineItemsByFulfillmentOrder.map((g) => g.fulfillmentOrderLineItems.length),
    );
    expect(sizes).toEqual([[250], [50, 200], [100]]);
    expect(MAX_FULFILLMENT_LINES).toBe(250);
    expect(plan.calls.flatMap((c) => c.sent.map((s) => s.line))).toEqual(
      Array.from({ length: 600 }, (_, i) => i),
    );
  });

  it('sends only what an earlier attempt did not', () => {
    const plan = sent(
      planFulfillments(
        fos,
        [
          { sku: 'A', quantity: 4 },
          { sku: 'B', quantity: 1 },
        ],
        { sent: [2, 1] },
      ),
    );
    expect(plan.calls).toEqual([
      expect.objectContaining({
        locationId: 'L1',
        lineItemsByFulfillmentOrder: [
          { fulfillmentOrderId: 'FO1', fulfillmentOrderLineItems: [{ id: 'a1', quantity: 2 }] },
        ],
      }),
    ]);
  });

  describe('fulfillment-service locations', () => {
    const service = (requestStatus: string, status = 'OPEN') =>
      fo('FS1', 'LFS', [['s1', 'LS1', 'S', 2]], {
        fulfillmentService: true,
        requestStatus,
        status,
      });

    it('fulfils what the service accepted', () => {
      const plan = sent(
        planFulfillments([service('ACCEPTED', 'IN_PROGRESS')], [{ sku: 'S', quantity: 2 }]),
      );
      expect(plan.accept).toEqual([]);
      expect(plan.calls.map((c) => c.locationId)).toEqual(['LFS']);
    });

    it('accepts a pending request first when the shop says so', () => {
      const plan = sent(
        planFulfillments([service('SUBMITTED')], [{ sku: 'S', quantity: 2 }], {
          acceptRequests: true,
        }),
      );
      expect(plan.accept).toEqual(['FS1']);
    });

    it.each(['SUBMITTED', 'UNSUBMITTED', 'REJECTED', 'CANCELLATION_REQUESTED'])(
      'waits (sends nothing) while the request is %s and not to be accepted',
      (status) => {
        expect(planFulfillments([service(status)], [{ sku: 'S', quantity: 2 }])).toEqual({
          kind: 'waiting',
          reasons: [
            "SKU 'S': 2 of 2 assigned to a fulfillment service that has not accepted the request",
          ],
        });
      },
    );

    it('ships from a merchant location before it waits for a service', () => {
      const plan = sent(
        planFulfillments(
          [service('UNSUBMITTED'), fo('FO9', 'L9', [['m1', 'LM1', 'S', 2]])],
          [{ sku: 'S', quantity: 2 }],
        ),
      );
      expect(plan.calls.map((c) => c.locationId)).toEqual(['L9']);
    });

    it('refuses rather than waits when the line cannot be placed at all', () => {
      expect(planFulfillments([service('UNSUBMITTED')], [{ sku: 'S', quantity: 3 }])).toEqual({
        kind: 'refused',
        problems: ["SKU 'S': 1 of 3 not open for fulfilment"],
      });
    });
  });
});
