import { FulfillmentOrderNode, planFulfillments } from './fulfillment-plan';

const fo = (
  id: string,
  location: string,
  lines: Array<[string, string, number]>,
  status = 'OPEN',
): FulfillmentOrderNode => ({
  id,
  status,
  assignedLocation: { location: { id: location } },
  lineItems: {
    nodes: lines.map(([lid, sku, remainingQuantity]) => ({ id: lid, sku, remainingQuantity })),
  },
});

describe('planFulfillments', () => {
  const fos = [
    fo('FO1', 'L1', [
      ['a1', 'A', 2],
      ['b1', 'B', 1],
    ]),
    fo('FO2', 'L2', [['a2', 'A', 3]]),
    fo('FO3', 'L1', [['c3', 'C', 5]], 'CLOSED'),
  ];

  it('makes one fulfillment per location with the shipped lines', () => {
    const plan = planFulfillments(fos, [
      { sku: 'A', quantity: 4 },
      { sku: 'B', quantity: 1 },
    ]);
    expect(plan.problems).toEqual([]);
    expect(plan.fulfillments).toEqual([
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
      },
      {
        locationId: 'L2',
        lineItemsByFulfillmentOrder: [
          { fulfillmentOrderId: 'FO2', fulfillmentOrderLineItems: [{ id: 'a2', quantity: 2 }] },
        ],
      },
    ]);
  });

  it('names what cannot be placed and sends nothing', () => {
    const plan = planFulfillments(fos, [
      { sku: 'C', quantity: 1 },
      { sku: 'A', quantity: 9 },
    ]);
    expect(plan.fulfillments).toEqual([]);
    expect(plan.problems).toEqual([
      "SKU 'C': 1 of 1 not open for fulfilment",
      "SKU 'A': 4 of 9 not open for fulfilment",
    ]);
  });

  it('keeps to one location when the shipment names it', () => {
    const plan = planFulfillments(fos, [{ sku: 'A', quantity: 3 }], 'L2');
    expect(plan.fulfillments.map((f) => f.locationId)).toEqual(['L2']);
  });
});
