import { planSubscriptions } from './subscription-plan';

const OURS = 'https://hooks.example.org/v1/webhooks/shopify?shop=eu';
const sub = (id: number, topic: string, uri = OURS) => ({
  id: `gid://shopify/WebhookSubscription/${id}`,
  topic,
  uri,
});

describe('planSubscriptions', () => {
  it('creates every wanted topic on a store without subscriptions', () => {
    expect(planSubscriptions(['ORDERS_CREATE', 'ORDERS_UPDATED'], [], OURS)).toEqual({
      keep: [],
      create: ['ORDERS_CREATE', 'ORDERS_UPDATED'],
      remove: [],
    });
  });

  it('keeps what exists, recreates what is missing and deletes what is no longer wanted', () => {
    const plan = planSubscriptions(
      ['ORDERS_CREATE', 'ORDERS_UPDATED'],
      [sub(1, 'ORDERS_CREATE'), sub(2, 'PRODUCTS_UPDATE')],
      OURS,
    );
    expect(plan).toEqual({
      keep: [sub(1, 'ORDERS_CREATE')],
      create: ['ORDERS_UPDATED'],
      remove: [sub(2, 'PRODUCTS_UPDATE')],
    });
  });

  it('never touches a subscription pointing elsewhere, even for a wanted topic', () => {
    const elsewhere = [
      sub(1, 'ORDERS_CREATE', 'https://other-app.example.org/hooks'),
      sub(2, 'PRODUCTS_UPDATE', 'https://hooks.example.org/v1/webhooks/shopify?shop=us'),
      sub(3, 'CUSTOMERS_UPDATE', `${OURS}&x=1`),
    ];
    expect(planSubscriptions(['ORDERS_CREATE'], elsewhere, OURS)).toEqual({
      keep: [],
      create: ['ORDERS_CREATE'],
      remove: [],
    });
  });

  it('deletes a second subscription of ours for one topic and everything when nothing is wanted', () => {
    const existing = [sub(1, 'ORDERS_CREATE'), sub(2, 'ORDERS_CREATE')];
    expect(planSubscriptions(['ORDERS_CREATE'], existing, OURS)).toEqual({
      keep: [sub(1, 'ORDERS_CREATE')],
      create: [],
      remove: [sub(2, 'ORDERS_CREATE')],
    });
    expect(planSubscriptions([], existing, OURS)).toEqual({
      keep: [],
      create: [],
      remove: existing,
    });
  });
});
