import type { Task } from '../domain/tasks';
import type { ShopSettingsV1 } from '../settings/shop-settings.v1';

// The Admin API access scopes each task needs: the root fields of the GraphQL documents the
// task sends, each field's scope as the schema gives it (test/task-scopes.spec.ts derives and
// checks this table). A write scope implies its read scope (shopify.dev "Access scopes").
export const TASK_SCOPES: Readonly<Record<Task, readonly string[]>> = {
  products: ['read_products', 'write_products'],
  inventory: ['read_locations', 'write_inventory'],
  images: ['read_products', 'write_products'],
  customers: ['read_customers', 'write_customers'],
  orders: ['read_orders'],
  // Local unless a setting asks for a call (see taskScopesFor).
  'sales-orders': ['read_orders', 'read_products', 'write_orders'],
  // Accepting fulfillment requests (write_merchant_managed_…) only with the setting on.
  shipments: [
    'read_merchant_managed_fulfillment_orders',
    'read_orders',
    'write_fulfillments',
    'write_merchant_managed_fulfillment_orders',
  ],
  payments: ['read_orders', 'read_shopify_payments_disputes', 'read_shopify_payments_payouts'],
};

// Scopes a task uses when granted and goes on without: not every shop has Shopify Payments, so
// the payments task then reports Shopify Payments "not available" instead of failing.
export const TASK_OPTIONAL_SCOPES: Readonly<Partial<Record<Task, readonly string[]>>> = {
  payments: ['read_shopify_payments_disputes', 'read_shopify_payments_payouts'],
};

export function isOptionalTaskScope(task: Task, scope: string): boolean {
  return TASK_OPTIONAL_SCOPES[task]?.includes(scope) ?? false;
}

export function grantsScope(granted: readonly string[], required: string): boolean {
  return granted.includes(required) || granted.includes(required.replace(/^read_/, 'write_'));
}

// The scopes the task needs with these settings (without settings: all TASK_SCOPES). The
// sales-orders task reads products for unknown SKUs with unknownSku 'create-item', and writes
// orders to send the document number back or to close them; the shipments task accepts
// fulfillment requests only with acceptFulfillmentRequests.
export function taskScopesFor(task: Task, settings?: ShopSettingsV1): readonly string[] {
  if (task === 'shipments' && settings && !settings.shipments.acceptFulfillmentRequests)
    return TASK_SCOPES.shipments.filter((s) => s !== 'write_merchant_managed_fulfillment_orders');
  if (task !== 'sales-orders' || !settings) return TASK_SCOPES[task];
  const o = settings.orders;
  const scopes: string[] = [];
  if (o.unknownSku === 'create-item') scopes.push('read_products');
  if (o.documentNumberToShopify !== 'off' || o.archiveProcessedOrders) scopes.push('write_orders');
  return scopes;
}

// The scopes the task needs that the grant lacks; none when the grant is unknown (null: a
// shop verified before scopes were read), so such a shop is not blocked. Optional scopes
// (TASK_OPTIONAL_SCOPES) never block: see missingOptionalTaskScopes.
export function missingTaskScopes(
  task: Task,
  granted: readonly string[] | null,
  settings?: ShopSettingsV1,
): string[] {
  if (!granted) return [];
  return taskScopesFor(task, settings).filter(
    (scope) => !isOptionalTaskScope(task, scope) && !grantsScope(granted, scope),
  );
}

// The optional scopes of the task the grant lacks (none when the grant is unknown).
export function missingOptionalTaskScopes(task: Task, granted: readonly string[] | null): string[] {
  if (!granted) return [];
  return (TASK_OPTIONAL_SCOPES[task] ?? []).filter((scope) => !grantsScope(granted, scope));
}

// Every task whose scopes the grant lacks, with the missing scopes; null when unknown.
export function missingScopesByTask(
  granted: readonly string[] | null,
  settings?: ShopSettingsV1,
): Partial<Record<Task, string[]>> | null {
  if (!granted) return null;
  const missing: Partial<Record<Task, string[]>> = {};
  for (const task of Object.keys(TASK_SCOPES) as Task[]) {
    const lacks = missingTaskScopes(task, granted, settings);
    if (lacks.length) missing[task] = lacks;
  }
  return missing;
}

// Every task whose optional scopes the grant lacks (TASK_OPTIONAL_SCOPES: the task runs without
// them, doing less), with those scopes; null when the grant is unknown.
export function missingOptionalScopesByTask(
  granted: readonly string[] | null,
): Partial<Record<Task, string[]>> | null {
  if (!granted) return null;
  const missing: Partial<Record<Task, string[]>> = {};
  for (const task of Object.keys(TASK_OPTIONAL_SCOPES) as Task[]) {
    const lacks = missingOptionalTaskScopes(task, granted);
    if (lacks.length) missing[task] = lacks;
  }
  return missing;
}

// The scope an ACCESS_DENIED message names ("Required access: `read_orders` access scope.").
export function scopeNamedIn(message: string): string | undefined {
  return /`((?:read|write)_[a-z_]+)`/.exec(message)?.[1];
}
