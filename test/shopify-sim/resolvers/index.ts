import { bulkResolvers } from './bulk.resolvers';
import { companyResolvers } from './companies.resolvers';
import { ResolverMap, TypeResolvers } from './context';
import { customerResolvers } from './customers.resolvers';
import { inventoryResolvers } from './inventory.resolvers';
import { metafieldResolvers } from './metafields.resolvers';
import { orderMutationResolvers } from './order-mutations.resolvers';
import { orderResolvers } from './orders.resolvers';
import { productMutationResolvers } from './product-mutations.resolvers';
import { productResolvers } from './products.resolvers';
import { shopResolvers } from './shop.resolvers';
import { shopifyPaymentsResolvers } from './shopify-payments.resolvers';
import { webhookResolvers } from './webhooks.resolvers';

// All resolver maps merged per GraphQL type (several areas add fields to QueryRoot, Mutation
// and Shop).
export function allResolvers(): ResolverMap {
  const merged: ResolverMap = {};
  for (const map of [
    shopResolvers,
    productResolvers,
    productMutationResolvers,
    inventoryResolvers,
    customerResolvers,
    companyResolvers,
    orderResolvers,
    orderMutationResolvers,
    metafieldResolvers,
    bulkResolvers,
    webhookResolvers,
    shopifyPaymentsResolvers,
  ]) {
    for (const [type, fields] of Object.entries(map)) {
      const target: TypeResolvers<never> = merged[type] ?? {};
      for (const [field, resolver] of Object.entries(fields)) {
        if (target[field]) throw new Error(`shopify-sim: two resolvers for ${type}.${field}`);
        target[field] = resolver;
      }
      merged[type] = target;
    }
  }
  return merged;
}
