import { gql } from '@shopsync/shared';

export const ORDER_TRANSACTIONS_SINCE = gql`
  query OrderTransactionsSince($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        id
        name
        transactions(first: 10) {
          id
          kind
          status
          gateway
          processedAt
          amountSet {
            shopMoney {
              amount
              currencyCode
            }
          }
          parentTransaction {
            id
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
