import { gql } from '@shopsync/shared';

// Shopify Payments (issue 17). Page sizes keep each query under 1,000 requested points: a
// payout costs 1 + net + gross + summary (1 + 6 amounts) = 10, a balance transaction 6, a
// dispute 4 (see the handler's PAGE constants).

const PAYOUT_FIELDS = `
  id
  legacyResourceId
  status
  transactionType
  issuedAt
  net { amount currencyCode }
  gross { amount currencyCode }
  summary {
    chargesGross { amount }
    chargesFee { amount }
    refundsFeeGross { amount }
    refundsFee { amount }
    adjustmentsGross { amount }
    adjustmentsFee { amount }
  }
`;

const DISPUTE_FIELDS = `
  id
  legacyResourceId
  status
  type
  initiatedAt
  evidenceDueBy
  finalizedOn
  amount { amount currencyCode }
  reasonDetails { reason }
  order { id name }
`;

export const SHOPIFY_PAYMENTS_ACCOUNT = gql`
  query ShopifyPaymentsAccount {
    shop {
      currencyCode
    }
    shopifyPaymentsAccount {
      id
      activated
      defaultCurrency
    }
  }
`;

export const SHOPIFY_PAYMENTS_PAYOUTS_SINCE = gql`
  query ShopifyPaymentsPayoutsSince($first: Int!, $after: String, $query: String) {
    shopifyPaymentsAccount {
      payouts(first: $first, after: $after, query: $query, sortKey: ID) {
        nodes {
          ${PAYOUT_FIELDS}
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export const SHOPIFY_PAYMENTS_BALANCE_TRANSACTIONS_SINCE = gql`
  query ShopifyPaymentsBalanceTransactionsSince($first: Int!, $after: String, $query: String) {
    shopifyPaymentsAccount {
      balanceTransactions(first: $first, after: $after, query: $query, sortKey: ID) {
        nodes {
          id
          type
          test
          transactionDate
          sourceType
          sourceOrderTransactionId
          amount {
            amount
            currencyCode
          }
          fee {
            amount
            currencyCode
          }
          net {
            amount
            currencyCode
          }
          associatedOrder {
            id
            name
          }
          associatedPayout {
            id
            status
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export const SHOPIFY_PAYMENTS_DISPUTES_SINCE = gql`
  query ShopifyPaymentsDisputesSince($first: Int!, $after: String, $query: String) {
    disputes(first: $first, after: $after, query: $query) {
      nodes {
        ${DISPUTE_FIELDS}
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

// Payouts and disputes not final yet, read again by id (two documents: their `status` fields
// have different enum types, which one selection set may not merge).
export const SHOPIFY_PAYMENTS_OPEN_PAYOUTS = gql`
  query ShopifyPaymentsOpenPayouts($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on ShopifyPaymentsPayout {
        ${PAYOUT_FIELDS}
      }
    }
  }
`;

export const SHOPIFY_PAYMENTS_OPEN_DISPUTES = gql`
  query ShopifyPaymentsOpenDisputes($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on ShopifyPaymentsDispute {
        ${DISPUTE_FIELDS}
      }
    }
  }
`;
