import { filterBySearch } from '../query-filter';
import { BulkOperationRecord } from '../state/records';
import { Args, ResolverMap, SimContext, StagedUploadRequest, TypeResolvers } from './context';
import { idNumber, page } from './helpers';

// Staged uploads and bulk operations; the work itself is done by the simulator's bulk service.

const BulkOperation: TypeResolvers<BulkOperationRecord> = {
  objectCount: (b) => String(b.objectCount),
  rootObjectCount: (b) => String(b.rootObjectCount),
  fileSize: (b) => (b.fileSize === null ? null : String(b.fileSize)),
};

function operationsOf(ctx: SimContext, args: Args) {
  const found = filterBySearch([...ctx.shop.bulkOperations.values()], args.query as string | null, {
    status: (b) => b.status.toLowerCase(),
    operation_type: (b) => b.type.toLowerCase(),
    created_at: (b) => b.createdAt,
    id: (b) => idNumber(b.id),
  });
  return page(found, { ...args, reverse: args.reverse !== true }, ctx, {
    CREATED_AT: (b) => b.createdAt,
    COMPLETED_AT: (b) => b.completedAt ?? '',
  });
}

export const bulkResolvers: ResolverMap = {
  QueryRoot: {
    currentBulkOperation: (_p: unknown, args: Args, ctx: SimContext) => {
      const type = args.type === 'MUTATION' ? 'MUTATION' : 'QUERY';
      const ofType = [...ctx.shop.bulkOperations.values()].filter((b) => b.type === type);
      return ofType[ofType.length - 1] ?? null;
    },
    bulkOperation: (_p: unknown, args: Args, ctx: SimContext) =>
      ctx.shop.bulkOperations.get(String(args.id)) ?? null,
    // Newest first, as Shopify lists them.
    bulkOperations: (_p: unknown, args: Args, ctx: SimContext) => operationsOf(ctx, args),
  },
  Mutation: {
    stagedUploadsCreate: (_: unknown, args: Args, ctx: SimContext) => ({
      stagedTargets: (args.input as StagedUploadRequest[]).map((request) =>
        ctx.services.uploads.createTarget(ctx.shop, request),
      ),
      userErrors: [],
    }),
    bulkOperationRunQuery: (_: unknown, args: Args, ctx: SimContext) => {
      const result = ctx.services.bulk.runQuery(
        ctx.shop,
        String(args.query),
        args.groupObjects === true,
      );
      return { bulkOperation: result.operation, userErrors: result.userErrors };
    },
    bulkOperationRunMutation: (_: unknown, args: Args, ctx: SimContext) => {
      const result = ctx.services.bulk.runMutation(
        ctx.shop,
        String(args.mutation),
        String(args.stagedUploadPath),
        typeof args.clientIdentifier === 'string' ? args.clientIdentifier : null,
      );
      return { bulkOperation: result.operation, userErrors: result.userErrors };
    },
    bulkOperationCancel: (_: unknown, args: Args, ctx: SimContext) => {
      const result = ctx.services.bulk.cancel(ctx.shop, String(args.id));
      return {
        bulkOperation: result.operation,
        userErrors: result.userErrors.map((e) => ({ field: e.field, message: e.message })),
      };
    },
  },
  BulkOperation,
};
