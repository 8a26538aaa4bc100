import { getNamedType, GraphQLField, GraphQLSchema } from 'graphql';

// Access scopes, derived from the schema. The descriptions of most root fields do not name a
// scope, but every webhook topic's does ("products/create … Requires the `read_products`
// scope"), so the topics give the scope of each resource, and a root field belongs to the
// resource its name (or, for queries, its return type) starts with. Reads need the resource's
// read scope, mutations its write scope; a write scope implies the read scope (shopify.dev
// "Access scopes"). A topic naming several scopes ("at least one of") counts its first only:
// the stricter reading. Where a description names a scope itself, that one wins.

export const ACCESS_DENIED_DOCUMENTATION = 'https://shopify.dev/api/usage/access-scopes';

export interface ScopeMap {
  // resource (snake, singular: `product`, `inventory_level`) → read scope
  resources: ReadonlyMap<string, string>;
  // every read and write scope the map can require
  all: readonly string[];
}

const cache = new WeakMap<GraphQLSchema, ScopeMap>();

// Root fields whose scope neither their description nor a webhook topic names. shopify.dev's
// page for ShopifyPaymentsAccount/ShopifyPaymentsPayout: reading payouts and balance
// transactions needs `read_shopify_payments_payouts` (the account's disputes are also read
// through the root `disputes` field, whose scope the DISPUTES_* topics name).
const SCOPES_NOT_IN_SCHEMA: Readonly<Record<string, string>> = {
  shopifyPaymentsAccount: 'read_shopify_payments_payouts',
};

const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const singular = (word: string) => word.replace(/ies$/, 'y').replace(/s$/, '');

export function scopeMap(schema: GraphQLSchema): ScopeMap {
  const cached = cache.get(schema);
  if (cached) return cached;
  const resources = new Map<string, string>();
  const topics = schema.getType('WebhookSubscriptionTopic');
  const values = topics && 'getValues' in topics ? topics.getValues() : [];
  for (const value of values) {
    const text = (value.description ?? '').replace(/\s+/g, ' ');
    const topic = /`([a-z_]+)\/[a-z_]+`/.exec(text)?.[1];
    const scope =
      /Requires the `?((?:read|write)_[a-z_]+)`? scope/.exec(text)?.[1] ??
      /following scopes?: ((?:read|write)_[a-z_]+)/.exec(text)?.[1];
    if (topic && scope && !resources.has(singular(topic))) resources.set(singular(topic), scope);
  }
  const reads = [...new Set([...resources.values(), ...Object.values(SCOPES_NOT_IN_SCHEMA)])];
  const all = [...reads, ...reads.map((s) => s.replace(/^read_/, 'write_'))].sort();
  const map = { resources, all };
  cache.set(schema, map);
  return map;
}

// The resource whose singular name is the longest prefix of the (singularised) words.
function resourceOf(map: ScopeMap, name: string): string | undefined {
  const words = snake(name).split('_');
  for (let n = words.length; n > 0; n--) {
    const head = [...words.slice(0, n - 1), singular(words[n - 1])].join('_');
    const scope = map.resources.get(head);
    if (scope) return scope;
  }
  // `inventorySetQuantities`: no resource is named `inventory`, but its scope is.
  const first = singular(words[0]);
  return [...map.resources.values()].find((s) => s === `read_${first}`);
}

export function requiredScope(
  schema: GraphQLSchema,
  operation: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
): string | null {
  const named = /`((?:read|write)_[a-z_]+)`/.exec(field.description ?? '')?.[1];
  if (named) return named;
  if (operation === 'query' && SCOPES_NOT_IN_SCHEMA[field.name])
    return SCOPES_NOT_IN_SCHEMA[field.name];
  const map = scopeMap(schema);
  const byName = resourceOf(map, field.name);
  const byType =
    operation === 'query'
      ? resourceOf(map, getNamedType(field.type).name.replace(/Connection$/, ''))
      : undefined;
  const read = byName ?? byType;
  if (!read) return null;
  return operation === 'mutation' ? read.replace(/^read_/, 'write_') : read;
}

export function grants(granted: ReadonlySet<string>, required: string): boolean {
  return granted.has(required) || granted.has(required.replace(/^read_/, 'write_'));
}
