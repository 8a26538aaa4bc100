import { GraphQLResolveInfo } from 'graphql';
import { WebhookSubscriptionRecord } from '../state/records';
import {
  createSubscription,
  deleteSubscription,
  SubscriptionInput,
  updateSubscription,
} from '../state/webhook-subscriptions';
import { Args, ResolverMap, SimContext, TypeResolvers } from './context';
import { idNumber, legacyId, page } from './helpers';

// Webhook subscriptions (rules in state/webhook-subscriptions.ts); deliveries go to every
// subscription of the topic, and to nothing else (see webhooks.ts).

const WebhookSubscription: TypeResolvers<WebhookSubscriptionRecord> = {
  legacyResourceId: (w) => legacyId(w.id),
  callbackUrl: (w) => w.uri,
  endpoint: (w) => ({ __typename: 'WebhookHttpEndpoint', callbackUrl: w.uri }),
  apiVersion: (_w, _a, ctx) => ({
    handle: ctx.apiVersion,
    displayName: ctx.apiVersion,
    supported: true,
  }),
  metafieldNamespaces: () => [],
  metafields: () => [],
};

export const webhookResolvers: ResolverMap = {
  QueryRoot: {
    webhookSubscriptions: (_p: unknown, args: Args, ctx: SimContext) => {
      const topics = Array.isArray(args.topics) ? (args.topics as string[]) : null;
      const found = [...ctx.shop.webhookSubscriptions.values()]
        .filter((w) => !topics || topics.includes(w.topic))
        .filter((w) => typeof args.uri !== 'string' || w.uri === args.uri)
        .filter((w) => typeof args.format !== 'string' || w.format === args.format);
      return page(found, args, ctx, { CREATED_AT: (w) => w.createdAt, ID: (w) => idNumber(w.id) });
    },
    webhookSubscription: (_p: unknown, args: Args, ctx: SimContext) =>
      ctx.shop.webhookSubscriptions.get(String(args.id)) ?? null,
    webhookSubscriptionsCount: (_p: unknown, _a: Args, ctx: SimContext) => ({
      count: ctx.shop.webhookSubscriptions.size,
      precision: 'EXACT',
    }),
  },
  Mutation: {
    webhookSubscriptionCreate: (
      _: unknown,
      args: Args,
      ctx: SimContext,
      info: GraphQLResolveInfo,
    ) =>
      createSubscription(
        ctx.shop,
        info.schema,
        String(args.topic),
        args.webhookSubscription as SubscriptionInput,
      ),
    webhookSubscriptionUpdate: (_: unknown, args: Args, ctx: SimContext) =>
      updateSubscription(ctx.shop, String(args.id), args.webhookSubscription as SubscriptionInput),
    webhookSubscriptionDelete: (_: unknown, args: Args, ctx: SimContext) =>
      deleteSubscription(ctx.shop, String(args.id)),
  },
  WebhookSubscription,
};
