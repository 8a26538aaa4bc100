import { SetMetadata } from '@nestjs/common';

export const SHOP_RULE = 'shopsync:shop-rule';

export type OwnedResource = 'job' | 'schedule' | 'sales-order';

// How a keyed route finds the shop(s) it acts on, so that a key limited to some shops is held to
// them by one guard (ShopAccessGuard). Every keyed route declares one; the gateway refuses to
// boot when one does not.
export type ShopRule =
  | { kind: 'param'; name: string }
  | { kind: 'query'; name: string }
  | { kind: 'body'; list: string; field: string }
  | { kind: 'resource'; resource: OwnedResource; param: string }
  | { kind: 'filtered'; query?: string; body?: string }
  | { kind: 'unrestricted' };

const rule = (r: ShopRule) => SetMetadata(SHOP_RULE, r);

export const ShopAccess = {
  // The shop code is a path parameter.
  param: (name = 'code') => rule({ kind: 'param', name }),
  // The shop code is a query parameter, required of a key limited to shops.
  query: (name = 'shop') => rule({ kind: 'query', name }),
  // Every element of a body list names its shop in `field`.
  body: (list: string, field = 'shop') => rule({ kind: 'body', list, field }),
  // The resource named by a path parameter belongs to a shop (looked up by id).
  resource: (resource: OwnedResource, param = 'id') => rule({ kind: 'resource', resource, param }),
  // A list or stream that answers only the key's shops (the handler filters with @AllowedShops);
  // a shop named in `query` must be one of them.
  filtered: (query?: string) => rule({ kind: 'filtered', query }),
  // An operation on the rows matching a body filter: a shop named in the body's `field` must be
  // one of the key's; without one the handler limits it to them (with @AllowedShops).
  filteredByBody: (field = 'shop') => rule({ kind: 'filtered', body: field }),
  // Shared data (ERP items, stock, customers) and creating shops: a key limited to shops may not.
  unrestricted: () => rule({ kind: 'unrestricted' }),
};
