import { getDirectiveValues, GraphQLError, GraphQLResolveInfo } from 'graphql';
import { UserErrorRecord } from '../state/catalog';
import { runIdempotent } from '../state/idempotency';
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

// Inventory mutations. In 2026-04 inventorySetQuantities and inventoryAdjustQuantities require
// the @idempotent(key:) directive (not expressible in SDL, so enforced here at runtime): a
// repeated key with the same input replays the first outcome, a different input is refused.

function idempotencyKey(info: GraphQLResolveInfo): string {
  const directive = info.schema.getDirective('idempotent');
  const values = directive
    ? getDirectiveValues(directive, info.fieldNodes[0], info.variableValues)
    : undefined;
  const key = values?.key;
  if (typeof key !== 'string') {
    throw new GraphQLError(
      `The @idempotent directive is required for ${info.fieldName} as of API version 2026-04. Add @idempotent(key: "<uuid>") to the mutation field.`,
      {
        nodes: info.fieldNodes,
        extensions: { code: 'BAD_REQUEST' },
      },
    );
  }
  if (!key.trim()) {
    throw new GraphQLError('The idempotency key cannot be an empty string or whitespace only.', {
      nodes: info.fieldNodes,
      extensions: { code: 'BAD_REQUEST' },
    });
  }
  return key;
}

function payload(shop: ShopState, result: InventoryResult) {
  return {
    inventoryAdjustmentGroup: result.groupId
      ? (shop.adjustmentGroups.get(result.groupId) ?? null)
      : null,
    userErrors: result.userErrors,
  };
}

const MISMATCH: UserErrorRecord = {
  field: null,
  message: 'The idempotency key has already been used with different parameters.',
  code: 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH',
};

function idempotent(
  ctx: SimContext,
  info: GraphQLResolveInfo,
  args: Args,
  run: (key: string) => InventoryResult,
) {
  const key = idempotencyKey(info);
  const outcome = runIdempotent(ctx.shop, info.fieldName, key, args, () => run(key));
  if (outcome.kind === 'mismatch')
    return { inventoryAdjustmentGroup: null, userErrors: [MISMATCH] };
  return payload(ctx.shop, outcome.payload);
}

// 2026-04 wants changeFromQuantity on every quantity; an explicit null opts out of the check.
function requireChangeFrom(list: readonly object[], field: string, info: GraphQLResolveInfo): void {
  const index = list.findIndex((q) => !('changeFromQuantity' in q));
  if (index >= 0) {
    throw new GraphQLError(
      `${field}[${index}].changeFromQuantity is required as of API version 2026-04; pass null to opt out of the compare check.`,
      {
        nodes: info.fieldNodes,
        extensions: { code: 'BAD_REQUEST' },
      },
    );
  }
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
      const key = idempotencyKey(info);
      requireChangeFrom(input.quantities, 'input.quantities', info);
      return idempotent(ctx, info, args, () => setQuantities(ctx.shop, input, key));
    },
    inventoryAdjustQuantities: (
      _: unknown,
      args: Args,
      ctx: SimContext,
      info: GraphQLResolveInfo,
    ) => {
      const input = args.input as AdjustQuantitiesInput;
      const key = idempotencyKey(info);
      return idempotent(ctx, info, args, () => adjustQuantities(ctx.shop, input, key));
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
