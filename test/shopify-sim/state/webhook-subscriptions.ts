import { GraphQLEnumType, GraphQLSchema } from 'graphql';
import { grants } from '../access-scopes';
import { gid } from '../gid';
import { WebhookSubscriptionRecord } from './records';
import { ShopState } from './shop-state';

// Webhook subscriptions as Shopify keeps them per app and shop. Rules: the topic is a value of
// the schema's WebhookSubscriptionTopic enum (GraphQL validation refuses others) and needs the
// scope its description names ("Requires the `read_orders` scope", "at least one of the
// following scopes: …"); the endpoint is HTTPS on a public host (shopify.dev "HTTPS webhook
// delivery": not localhost, an IP address, a host ending in `internal`, example domains or
// Shopify's own); one subscription per topic and address ("Address for this topic has already
// been taken"). Pub/Sub and EventBridge endpoints are not modelled and say so.

export interface SubscriptionInput {
  uri?: string | null;
  format?: 'JSON' | 'XML' | null;
  filter?: string | null;
  includeFields?: string[] | null;
}

export interface SubscriptionUserError {
  field: string[];
  message: string;
}

export interface SubscriptionResult {
  webhookSubscription: WebhookSubscriptionRecord | null;
  userErrors: SubscriptionUserError[];
}

const URI_FIELD = ['webhookSubscription', 'uri'];
const REFUSED_HOST =
  /(^localhost$)|(^[\d.]+$)|(^\[.*\]$)|(internal$)|((^|\.)example\.(com|org|net)$)|((^|\.)(my)?shopify\.com$)/i;

// The scopes a topic's description names, any one of which grants it; [] when it names none.
export function topicScopes(schema: GraphQLSchema, topic: string): string[] {
  const type = schema.getType('WebhookSubscriptionTopic') as GraphQLEnumType | undefined;
  const text = (type?.getValue(topic)?.description ?? '').replace(/\s+/g, ' ');
  const one = /Requires the `?((?:read|write)_[a-z_]+)`? scope/.exec(text)?.[1];
  if (one) return [one];
  const list = /following scopes?: ((?:(?:read|write)_[a-z_]+(?:, )?)+)/.exec(text)?.[1];
  return list ? list.split(', ').filter(Boolean) : [];
}

export function isWebhookTopic(schema: GraphQLSchema, topic: string): boolean {
  const type = schema.getType('WebhookSubscriptionTopic') as GraphQLEnumType | undefined;
  return Boolean(type?.getValue(topic));
}

function uriProblem(uri: string): string | null {
  if (!uri.trim()) return "Address can't be blank";
  if (/^(pubsub:\/\/|arn:aws:events:)/i.test(uri))
    return 'shopify-sim: Pub/Sub and EventBridge endpoints are not modelled (HTTPS only)';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'Address is invalid';
  }
  if (url.protocol === 'http:') return 'Address protocol http:// is not supported';
  if (url.protocol !== 'https:' || url.username || url.password) return 'Address is invalid';
  if (REFUSED_HOST.test(url.hostname) || !url.hostname.includes('.')) return 'Address is invalid';
  return null;
}

export function createSubscription(
  shop: ShopState,
  schema: GraphQLSchema,
  topic: string,
  input: SubscriptionInput,
): SubscriptionResult {
  const refuse = (field: string[], message: string): SubscriptionResult => ({
    webhookSubscription: null,
    userErrors: [{ field, message }],
  });
  if (!isWebhookTopic(schema, topic)) return refuse(['topic'], `Topic ${topic} is not valid`);
  const scopes = topicScopes(schema, topic);
  const granted = new Set(shop.accessScopes);
  if (scopes.length && !scopes.some((s) => grants(granted, s)))
    return refuse(
      ['topic'],
      `shopify-sim: the app lacks the ${scopes.join(' or ')} scope the ${topic} topic requires`,
    );
  const uri = input.uri ?? '';
  const problem = uriProblem(uri);
  if (problem) return refuse(URI_FIELD, problem);
  if ([...shop.webhookSubscriptions.values()].some((w) => w.topic === topic && w.uri === uri))
    return refuse(URI_FIELD, 'Address for this topic has already been taken');
  const now = shop.now();
  const record: WebhookSubscriptionRecord = {
    id: gid('WebhookSubscription', shop.nextId()),
    topic,
    uri,
    format: input.format ?? 'JSON',
    filter: input.filter ?? null,
    includeFields: input.includeFields ?? [],
    createdAt: now,
    updatedAt: now,
  };
  shop.webhookSubscriptions.set(record.id, record);
  return { webhookSubscription: record, userErrors: [] };
}

export function updateSubscription(
  shop: ShopState,
  id: string,
  input: SubscriptionInput,
): SubscriptionResult {
  const record = shop.webhookSubscriptions.get(id);
  if (!record)
    return {
      webhookSubscription: null,
      userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }],
    };
  if (input.uri !== undefined && input.uri !== null) {
    const problem = uriProblem(input.uri);
    if (problem)
      return { webhookSubscription: null, userErrors: [{ field: URI_FIELD, message: problem }] };
    const taken = [...shop.webhookSubscriptions.values()].some(
      (w) => w.id !== id && w.topic === record.topic && w.uri === input.uri,
    );
    if (taken)
      return {
        webhookSubscription: null,
        userErrors: [
          { field: URI_FIELD, message: 'Address for this topic has already been taken' },
        ],
      };
    record.uri = input.uri;
  }
  if (input.format) record.format = input.format;
  if (input.filter !== undefined) record.filter = input.filter ?? null;
  if (input.includeFields) record.includeFields = input.includeFields;
  record.updatedAt = shop.now();
  return { webhookSubscription: record, userErrors: [] };
}

export function deleteSubscription(
  shop: ShopState,
  id: string,
): { deletedWebhookSubscriptionId: string | null; userErrors: SubscriptionUserError[] } {
  if (!shop.webhookSubscriptions.delete(id))
    return {
      deletedWebhookSubscriptionId: null,
      userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }],
    };
  return { deletedWebhookSubscriptionId: id, userErrors: [] };
}
