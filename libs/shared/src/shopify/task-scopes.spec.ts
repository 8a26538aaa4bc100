import { TASKS } from '../domain/tasks';
import { missingScopesByTask, missingTaskScopes, scopeNamedIn, TASK_SCOPES } from './task-scopes';

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
    ['shipments', ['read_orders'], ['write_fulfillments']],
    ['sales-orders', [], []],
  ] as const)('%s with %j lacks %j', (task, granted, missing) => {
    expect(missingTaskScopes(task, granted)).toEqual(missing);
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
      shipments: ['write_fulfillments'],
    });
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
