import { Injectable } from '@nestjs/common';
import {
  classifyShopifyOutcome,
  DomainError,
  ERROR_CODES,
  ShopifyTarget,
  ShopifyTransportFactory,
  ShopifyUserError,
  withShopifyRetry,
} from '@shopsync/shared';
import { ExistingSubscription } from './subscription-plan';
import {
  WEBHOOK_SUBSCRIPTION_CREATE,
  WEBHOOK_SUBSCRIPTION_DELETE,
  WEBHOOK_SUBSCRIPTIONS_BY_URI,
} from './webhook-subscriptions.graphql';

export type SubscriptionWrite = { ok: true; id: string } | { ok: false; error: string };

interface ListPage {
  webhookSubscriptions: {
    nodes: ExistingSubscription[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
interface CreatePayload {
  webhookSubscriptionCreate: { webhookSubscription: ExistingSubscription | null };
}

const ATTEMPTS = 4;
const TIMEOUT_MS = 15_000;
const PAGE = 100;

const messages = (errors: ShopifyUserError[]) => errors.map((e) => e.message).join('; ');

// The few calls the subscriptions need, each retried like every Shopify call (THROTTLED after
// the bucket refilled, 429 after Retry-After, 5xx and network errors with backoff). A refusal
// (user errors) is an answer; anything else that is final throws, naming the store, never the
// token.
@Injectable()
export class WebhookSubscriptionsClient {
  constructor(private readonly transports: ShopifyTransportFactory) {}

  async list(target: ShopifyTarget, uri: string): Promise<ExistingSubscription[]> {
    const found: ExistingSubscription[] = [];
    let after: string | null = null;
    for (;;) {
      const answer = await this.call(target, WEBHOOK_SUBSCRIPTIONS_BY_URI, {
        first: PAGE,
        after,
        uri,
      });
      if (answer.kind === 'user-errors')
        throw this.failure(target, `refused the list: ${messages(answer.userErrors)}`);
      const page = (answer.data as ListPage).webhookSubscriptions;
      found.push(...page.nodes);
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return found;
      after = page.pageInfo.endCursor;
    }
  }

  async create(target: ShopifyTarget, topic: string, uri: string): Promise<SubscriptionWrite> {
    const answer = await this.call(target, WEBHOOK_SUBSCRIPTION_CREATE, { topic, uri });
    if (answer.kind === 'user-errors') return { ok: false, error: messages(answer.userErrors) };
    const made = (answer.data as CreatePayload).webhookSubscriptionCreate.webhookSubscription;
    return made ? { ok: true, id: made.id } : { ok: false, error: 'Shopify returned nothing' };
  }

  async delete(target: ShopifyTarget, id: string): Promise<SubscriptionWrite> {
    const answer = await this.call(target, WEBHOOK_SUBSCRIPTION_DELETE, { id });
    return answer.kind === 'user-errors'
      ? { ok: false, error: messages(answer.userErrors) }
      : { ok: true, id };
  }

  private async call(
    target: ShopifyTarget,
    document: string,
    variables: Record<string, unknown>,
  ): Promise<
    { kind: 'success'; data: unknown } | { kind: 'user-errors'; userErrors: ShopifyUserError[] }
  > {
    if (!this.transports.endpoints.allows(target.domain))
      throw new DomainError(
        ERROR_CODES.shopDomainRefused,
        `${target.domain} is not a myshopify domain and no SHOPIFY_ENDPOINT_OVERRIDES routes it`,
      );
    const transport = this.transports.create(target);
    const { outcome } = await withShopifyRetry(
      async () =>
        classifyShopifyOutcome(
          await transport.send({ document, variables, signal: AbortSignal.timeout(TIMEOUT_MS) }),
        ),
      { maxAttempts: ATTEMPTS, maxThrottledAttempts: 10 },
    );
    switch (outcome.kind) {
      case 'success':
      case 'user-errors':
        return outcome;
      case 'unauthorized':
        throw new DomainError(
          ERROR_CODES.shopifyUnauthorized,
          `Shopify refused the access token for ${target.domain} (HTTP ${outcome.httpStatus})`,
        );
      case 'throttled':
      case 'transient':
        throw new DomainError(
          ERROR_CODES.shopifyUnavailable,
          `Shopify at ${target.domain} did not answer: ${outcome.message}`,
          'transient',
        );
      case 'permanent':
        throw this.failure(target, `answered ${outcome.message}`);
    }
  }

  private failure(target: ShopifyTarget, what: string): DomainError {
    return new DomainError(ERROR_CODES.shopifyQueryFailed, `Shopify at ${target.domain} ${what}`);
  }
}
