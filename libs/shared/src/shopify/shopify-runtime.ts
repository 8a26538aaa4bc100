// The node adapter must load before the runtime is used: it installs the fetch the library calls.
import '@shopify/shopify-api/adapters/node';
import * as runtime from '@shopify/shopify-api/runtime';

export const shopifyRuntime = runtime;
