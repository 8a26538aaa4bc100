import { gql } from '@shopsync/shared';

export const CUSTOMERS_UPDATED_SINCE = gql`
  query CustomersUpdatedSince($first: Int!, $after: String, $query: String) {
    customers(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        id
        email
        phone
        firstName
        lastName
        updatedAt
        defaultAddress {
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
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const CUSTOMER_UPDATE = gql`
  mutation CustomerPushUpdate($input: CustomerInput!) {
    customerUpdate(input: $input) {
      customer {
        id
        email
        phone
        firstName
        lastName
        updatedAt
      }
      userErrors {
        field
        message
      }
    }
  }
`;
