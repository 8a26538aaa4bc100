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
          id
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

const ADDRESS_RESULT = `
  address {
    id
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
  userErrors {
    field
    message
  }
`;

export const CUSTOMER_ADDRESS_UPDATE = gql`
  mutation CustomerPushAddressUpdate($customerId: ID!, $addressId: ID!, $address: MailingAddressInput!) {
    customerAddressUpdate(customerId: $customerId, addressId: $addressId, address: $address, setAsDefault: true) {
      ${ADDRESS_RESULT}
    }
  }
`;

export const CUSTOMER_ADDRESS_CREATE = gql`
  mutation CustomerPushAddressCreate($customerId: ID!, $address: MailingAddressInput!) {
    customerAddressCreate(customerId: $customerId, address: $address, setAsDefault: true) {
      ${ADDRESS_RESULT}
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
