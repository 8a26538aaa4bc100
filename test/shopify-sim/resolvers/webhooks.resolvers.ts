import { gid } from '../gid';
import { WebhookSubscriptionRecord } from '../state/records';
import { Args, ResolverMap, SimContext, TypeResolvers } from './context';
import { idNumber, legacyId, page } from './helpers';

// Webhook subscriptions; deliveries go to every subscription of the topic (see webhooks.ts).

interface SubscriptionInput {
  uri?: string | null;
  format?: 'JSON' | 'XML' | null;
  filter?: string | null;
  includeFields?: string[] | null;
}

const VALID_URI = /^(https?:\/\/\S+|pubsub:\/\/\S+|arn:aws:events:\S+)$/i;

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
    webhookSubscriptionCreate: (_: unknown, args: Args, ctx: SimContext) => {
      const topic = String(args.topic);
      const input = args.webhookSubscription as SubscriptionInput;
      const uri = input.uri ?? '';
      if (!VALID_URI.test(uri))
        return {
          webhookSubscription: null,
          userErrors: [{ field: ['webhookSubscription', 'uri'], message: 'Address is invalid' }],
        };
      if (
        [...ctx.shop.webhookSubscriptions.values()].some((w) => w.topic === topic && w.uri === uri)
      ) {
        return {
          webhookSubscription: null,
          userErrors: [
            {
              field: ['webhookSubscription', 'uri'],
              message: 'Address for this topic has already been taken',
            },
          ],
        };
      }
      const now = ctx.shop.now();
      const record: WebhookSubscriptionRecord = {
        id: gid('WebhookSubscription', ctx.shop.nextId()),
        topic,
        uri,
        format: input.format ?? 'JSON',
        filter: input.filter ?? null,
        includeFields: input.includeFields ?? [],
        createdAt: now,
        updatedAt: now,
      };
      ctx.shop.webhookSubscriptions.set(record.id, record);
      return { webhookSubscription: record, userErrors: [] };
    },
    webhookSubscriptionUpdate: (_: unknown, args: Args, ctx: SimContext) => {
      const record = ctx.shop.webhookSubscriptions.get(String(args.id));
      if (!record)
        return {
          webhookSubscription: null,
          userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }],
        };
      const input = args.webhookSubscription as SubscriptionInput;
      if (input.uri) record.uri = input.uri;
      if (input.format) record.format = input.format;
      if (input.filter !== undefined) record.filter = input.filter ?? null;
      if (input.includeFields) record.includeFields = input.includeFields;
      record.updatedAt = ctx.shop.now();
      return { webhookSubscription: record, userErrors: [] };
    },
    webhookSubscriptionDelete: (_: unknown, args: Args, ctx: SimContext) => {
      const id = String(args.id);
      if (!ctx.shop.webhookSubscriptions.delete(id))
        return {
          deletedWebhookSubscriptionId: null,
          userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }],
        };
      return { deletedWebhookSubscriptionId: id, userErrors: [] };
    },
  },
  WebhookSubscription,
};
