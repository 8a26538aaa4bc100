import { gql } from '@shopsync/shared';

// An order's fulfillment orders, 8 at a time with their first 50 line items (cost 843 of the
// 1,000 a query may ask); a fulfillment order with more lines is paged on by
// FULFILLMENT_ORDER_LINES.
export const ORDER_FULFILLMENT_ORDERS = gql`
  query OrderFulfillmentOrders($id: ID!, $after: String) {
    order(id: $id) {
      id
      fulfillmentOrders(first: 8, after: $after) {
        nodes {
          id
          status
          requestStatus
          assignedLocation {
            location {
              id
              isFulfillmentService
            }
          }
          lineItems(first: 50) {
            nodes {
              id
              sku
              remainingQuantity
              lineItem {
                id
              }
            }
            pageInfo {
              hasNextPage
              endCursor
            }
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

export const FULFILLMENT_ORDER_LINES = gql`
  query FulfillmentOrderLines($id: ID!, $first: Int!, $after: String) {
    fulfillmentOrder(id: $id) {
      lineItems(first: $first, after: $after) {
        nodes {
          id
          sku
          remainingQuantity
          lineItem {
            id
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

export const FULFILLMENT_REQUEST_ACCEPT = gql`
  mutation ShipmentAcceptFulfillmentRequest($id: ID!, $message: String) {
    fulfillmentOrderAcceptFulfillmentRequest(id: $id, message: $message) {
      fulfillmentOrder {
        id
        status
        requestStatus
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const FULFILLMENT_CREATE = gql`
  mutation ShipmentFulfillmentCreate($fulfillment: FulfillmentInput!) {
    fulfillmentCreate(fulfillment: $fulfillment) {
      fulfillment {
        id
        status
      }
      userErrors {
        field
        message
      }
    }
  }
`;

// The order's fulfillments made since a shipment was posted (a retry looks for the one a lost
// answer left unrecorded): four at most, with up to 100 lines each, under 1,000 points.
export const ORDER_FULFILLMENTS_SINCE = gql`
  query OrderFulfillmentsSince($id: ID!, $query: String!) {
    order(id: $id) {
      id
      fulfillments(first: 4, query: $query) {
        id
        status
        fulfillmentLineItems(first: 100) {
          nodes {
            quantity
            lineItem {
              id
              sku
            }
          }
          pageInfo {
            hasNextPage
          }
        }
      }
    }
  }
`;
