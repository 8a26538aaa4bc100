import { gql } from '@shopsync/shared';

export const ORDER_FULFILLMENT_ORDERS = gql`
  query OrderFulfillmentOrders($id: ID!) {
    order(id: $id) {
      id
      fulfillmentOrders(first: 20) {
        nodes {
          id
          status
          assignedLocation {
            location {
              id
            }
          }
          lineItems(first: 40) {
            nodes {
              id
              sku
              remainingQuantity
            }
          }
        }
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
