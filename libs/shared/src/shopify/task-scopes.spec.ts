import { TASKS } from '../domain/tasks';
import { shopSettings } from '../settings/shop-settings.v1';
import {
  missingOptionalTaskScopes,
  missingOptionalScopesByTask,
  missingScopesByTask,
  missingTaskScopes,
  scopeNamedIn,
  TASK_SCOPES,
} from './task-scopes';

describe('task scopes', () => {
  it('names the scopes of every task', () => {
    expect(Object.keys(TASK_SCOPES).sort()).toEqual([...TASKS].sort());
  });

  it.each([
    ['products', ['read_products'], ['write_products']],
    ['products', ['write_products'], []],
    ['products', [], ['read_products', 'write_products']],
    ['inventory', ['read_locations', 'read_inventory'], ['write_inventory']],
    ['inventory', ['write_locations', 'write_inventory'], []],
    ['images', ['read_products'], ['write_products']],
    ['orders', ['write_orders'], []],
    [
      'shipments',
      ['read_orders'],
      [
        'read_merchant_managed_fulfillment_orders',
        'write_fulfillments',
        'write_merchant_managed_fulfillment_orders',
      ],
    ],
    ['sales-orders', [], ['read_orders', 'read_products', 'write_orders']],
  ] as const)('%s with %j lacks %j', (task, granted, missing) => {
    expect(missingTaskScopes(task, granted)).toEqual(missing);
  });

  it('does not block payments without the Shopify Payments scopes, but names them', () => {
    expect(missingTaskScopes('payments', ['read_orders'])).toEqual([]);
    expect(missingTaskScopes('payments', [])).toEqual(['read_orders']);
    expect(missingOptionalTaskScopes('payments', ['read_orders'])).toEqual([
      'read_shopify_payments_disputes',
      'read_shopify_payments_payouts',
    ]);
    expect(
      missingOptionalTaskScopes('payments', [
        'read_shopify_payments_payouts',
        'read_shopify_payments_disputes',
      ]),
    ).toEqual([]);
    expect(missingOptionalTaskScopes('payments', null)).toEqual([]);
    expect(missingOptionalTaskScopes('orders', [])).toEqual([]);
  });

  it('never blocks a shop whose grant is unknown', () => {
    for (const task of TASKS) expect(missingTaskScopes(task, null)).toEqual([]);
    expect(missingScopesByTask(null)).toBeNull();
  });

  it('lists each task whose scopes the grant lacks', () => {
    const granted = ['read_products', 'write_inventory', 'read_locations', 'read_orders'];
    expect(missingScopesByTask(granted)).toEqual({
      products: ['write_products'],
      images: ['write_products'],
      customers: ['read_customers', 'write_customers'],
      shipments: [
        'read_merchant_managed_fulfillment_orders',
        'write_fulfillments',
        'write_merchant_managed_fulfillment_orders',
      ],
      'sales-orders': ['write_orders'],
    });
  });

  it('asks of shipments the scope to accept fulfillment requests only with that setting', () => {
    const settings = (shipments: object) => shopSettings({ settings: { shipments } as never });
    const granted = [
      'read_orders',
      'write_fulfillments',
      'read_merchant_managed_fulfillment_orders',
    ];
    expect(missingTaskScopes('shipments', granted, settings({}))).toEqual([]);
    expect(
      missingTaskScopes('shipments', granted, settings({ acceptFulfillmentRequests: true })),
    ).toEqual(['write_merchant_managed_fulfillment_orders']);
  });

  it('lists per task the optional scopes the grant lacks, apart from the blocking ones', () => {
    expect(missingOptionalScopesByTask(null)).toBeNull();
    expect(missingOptionalScopesByTask(['read_orders', 'read_shopify_payments_payouts'])).toEqual({
      payments: ['read_shopify_payments_disputes'],
    });
    expect(
      missingOptionalScopesByTask([
        'read_shopify_payments_payouts',
        'write_shopify_payments_disputes',
      ]),
    ).toEqual({});
    expect(missingScopesByTask(['read_orders'])).not.toHaveProperty('payments');
  });

  it('asks of sales-orders only the scopes its settings call Shopify for', () => {
    const settings = (orders: object) => shopSettings({ settings: { orders } as never });
    expect(missingTaskScopes('sales-orders', [], settings({}))).toEqual([]);
    expect(
      missingTaskScopes('sales-orders', [], settings({ archiveProcessedOrders: true })),
    ).toEqual(['write_orders']);
    expect(
      missingTaskScopes(
        'sales-orders',
        ['read_orders'],
        settings({ documentNumberToShopify: 'metafield' }),
      ),
    ).toEqual(['write_orders']);
    expect(missingTaskScopes('sales-orders', [], settings({ unknownSku: 'create-item' }))).toEqual([
      'read_products',
    ]);
    expect(missingScopesByTask(['read_orders'], settings({}))).not.toHaveProperty('sales-orders');
  });

  it('reads the scope an ACCESS_DENIED message names', () => {
    expect(
      scopeNamedIn(
        'Access denied for `orders` field. Required access: `read_orders` access scope.',
      ),
    ).toBe('read_orders');
    expect(scopeNamedIn('Access denied')).toBeUndefined();
  });
});
