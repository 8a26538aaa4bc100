import { GraphQLResolveInfo } from 'graphql';
import { idempotencyKeyOf } from '../rule-enforcement';
import {
  adjustQuantities,
  AdjustQuantitiesInput,
  InventoryResult,
  setQuantities,
  SetQuantitiesInput,
} from '../state/inventory';
import { AdjustmentGroupRecord } from '../state/records';
import { ShopState } from '../state/shop-state';
import { Args, ResolverMap, SimContext, TypeResolvers } from './context';

// Inventory mutations. The @idempotent key, replays, mismatches and changeFromQuantity are
// enforced for every mutation by rule-enforcement.ts (read from the schema's descriptions).

function payload(shop: ShopState, result: InventoryResult) {
  return {
    inventoryAdjustmentGroup: result.groupId
      ? (shop.adjustmentGroups.get(result.groupId) ?? null)
      : null,
    userErrors: result.userErrors,
  };
}

// Only called once rule-enforcement has made sure the key is there.
function keyOf(info: GraphQLResolveInfo): string {
  return idempotencyKeyOf(info) ?? '';
}

const InventoryAdjustmentGroup: TypeResolvers<AdjustmentGroupRecord> = {
  app: () => null,
  staffMember: () => null,
  changes: (g, args, ctx) =>
    g.changes
      .filter(
        (c) =>
          !Array.isArray(args.inventoryItemIds) ||
          args.inventoryItemIds.includes(c.inventoryItemId),
      )
      .filter((c) => !Array.isArray(args.locationIds) || args.locationIds.includes(c.locationId))
      .filter((c) => !Array.isArray(args.quantityNames) || args.quantityNames.includes(c.name))
      .map((c) => ({
        ...c,
        item: ctx.shop.inventoryItems.get(c.inventoryItemId) ?? null,
        location: ctx.shop.locations.get(c.locationId) ?? null,
      })),
};

export const inventoryResolvers: ResolverMap = {
  Mutation: {
    inventorySetQuantities: (_: unknown, args: Args, ctx: SimContext, info: GraphQLResolveInfo) => {
      const input = args.input as SetQuantitiesInput;
      return payload(ctx.shop, setQuantities(ctx.shop, input, keyOf(info)));
    },
    inventoryAdjustQuantities: (
      _: unknown,
      args: Args,
      ctx: SimContext,
      info: GraphQLResolveInfo,
    ) => {
      const input = args.input as AdjustQuantitiesInput;
      return payload(ctx.shop, adjustQuantities(ctx.shop, input, keyOf(info)));
    },
    inventoryActivate: (_: unknown, args: Args, ctx: SimContext) => {
      const itemId = String(args.inventoryItemId);
      const locationId = String(args.locationId);
      if (!ctx.shop.inventoryItems.has(itemId))
        return {
          inventoryLevel: null,
          userErrors: [{ field: ['inventoryItemId'], message: 'Inventory item does not exist' }],
        };
      if (!ctx.shop.locations.has(locationId))
        return {
          inventoryLevel: null,
          userErrors: [{ field: ['locationId'], message: 'Location does not exist' }],
        };
      const level = ctx.shop.activateLevel(itemId, locationId);
      if (typeof args.available === 'number') {
        level.quantities.on_hand += args.available - level.quantities.available;
        level.quantities.available = args.available;
      }
      return { inventoryLevel: level, userErrors: [] };
    },
  },
  InventoryAdjustmentGroup,
};
