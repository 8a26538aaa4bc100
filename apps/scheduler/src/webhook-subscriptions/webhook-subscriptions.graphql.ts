import { gql } from '@shopsync/shared';

// The shop's subscriptions that point at one URI (ours), page by page.
export const WEBHOOK_SUBSCRIPTIONS_BY_URI = gql`
  query WebhookSubscriptionsByUri($first: Int!, $after: String, $uri: String!) {
    webhookSubscriptions(first: $first, after: $after, uri: $uri) {
      nodes {
        id
        topic
        uri
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

// 2026-04: the endpoint is `uri` (callbackUrl is deprecated).
export const WEBHOOK_SUBSCRIPTION_CREATE = gql`
  mutation WebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $uri: String!) {
    webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri, format: JSON }) {
      webhookSubscription {
        id
        topic
        uri
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const WEBHOOK_SUBSCRIPTION_DELETE = gql`
  mutation WebhookSubscriptionDelete($id: ID!) {
    webhookSubscriptionDelete(id: $id) {
      deletedWebhookSubscriptionId
      userErrors {
        field
        message
      }
    }
  }
`;
