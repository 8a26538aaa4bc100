import { gql } from '@shopsync/shared';

// Orders changed since a time (or open ones), oldest change first; ten lines per order here,
// the rest through ORDER_LINE_ITEMS. Kept under Shopify's 1,000-point ceiling at 25 per page.
export const ORDERS_UPDATED_SINCE = gql`
  query OrdersUpdatedSince($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        id
        name
        email
        phone
        createdAt
        updatedAt
        closed
        cancelledAt
        currencyCode
        displayFinancialStatus
        displayFulfillmentStatus
        customer {
          id
          email
          phone
          firstName
          lastName
          updatedAt
        }
        shippingAddress {
          ...OrderAddress
        }
        billingAddress {
          ...OrderAddress
        }
        subtotalPriceSet {
          shopMoney {
            amount
          }
        }
        totalShippingPriceSet {
          shopMoney {
            amount
          }
        }
        totalTaxSet {
          shopMoney {
            amount
          }
        }
        totalPriceSet {
          shopMoney {
            amount
          }
        }
        lineItems(first: 10) {
          nodes {
            ...OrderLine
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

  fragment OrderAddress on MailingAddress {
    firstName
    lastName
    company
    address1
    address2
    zip
    city
    province
    countryCodeV2
    phone
  }

  fragment OrderLine on LineItem {
    id
    sku
    title
    quantity
    originalUnitPriceSet {
      shopMoney {
        amount
      }
    }
    discountedTotalSet {
      shopMoney {
        amount
      }
    }
  }
`;

export const ORDER_LINE_ITEMS = gql`
  query OrderLineItems($id: ID!, $first: Int!, $after: String) {
    order(id: $id) {
      lineItems(first: $first, after: $after) {
        nodes {
          id
          sku
          title
          quantity
          originalUnitPriceSet {
            shopMoney {
              amount
            }
          }
          discountedTotalSet {
            shopMoney {
              amount
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
