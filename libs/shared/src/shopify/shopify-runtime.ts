import type * as ShopifyRuntime from '@shopify/shopify-api/dist/ts/runtime';

// @shopify/shopify-api's subpath exports point TypeScript (moduleResolution "node") at the
// package's .ts sources, which do not compile under our settings; load the subpaths at runtime
// and type them with the declarations the package ships.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('@shopify/shopify-api/adapters/node');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const shopifyRuntime = require('@shopify/shopify-api/runtime') as typeof ShopifyRuntime;
