import { gql } from '@shopsync/shared';

const MAILING_ADDRESS = `
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
`;

// Customers changed since a time, with all they hold that the ERP keeps: contact, tax
// exemption, marketing consent, the default address and up to ADDRESSES_PER_CUSTOMER of all
// addresses (CUSTOMER_ADDRESSES reads the rest of a customer that has more).
export const ADDRESSES_PER_CUSTOMER = 5;
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
        taxExempt
        taxExemptions
        emailMarketingConsent {
          marketingState
          marketingOptInLevel
          consentUpdatedAt
        }
        smsMarketingConsent {
          marketingState
          marketingOptInLevel
          consentUpdatedAt
        }
        defaultAddress {
          ${MAILING_ADDRESS}
        }
        addressesV2(first: ${String(ADDRESSES_PER_CUSTOMER)}) {
          nodes {
            ${MAILING_ADDRESS}
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
`;

// The rest of one customer's addresses, paged with `paginate`.
export const CUSTOMER_ADDRESSES = gql`
  query CustomerAddresses($id: ID!, $first: Int!, $after: String) {
    customer(id: $id) {
      addressesV2(first: $first, after: $after) {
        nodes {
          ${MAILING_ADDRESS}
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

const ADDRESS_RESULT = `
  address {
    ${MAILING_ADDRESS}
  }
  userErrors {
    field
    message
  }
`;

export const CUSTOMER_ADDRESS_UPDATE = gql`
  mutation CustomerPushAddressUpdate(
    $customerId: ID!
    $addressId: ID!
    $address: MailingAddressInput!
    $setAsDefault: Boolean!
  ) {
    customerAddressUpdate(
      customerId: $customerId
      addressId: $addressId
      address: $address
      setAsDefault: $setAsDefault
    ) {
      ${ADDRESS_RESULT}
    }
  }
`;

export const CUSTOMER_ADDRESS_CREATE = gql`
  mutation CustomerPushAddressCreate(
    $customerId: ID!
    $address: MailingAddressInput!
    $setAsDefault: Boolean!
  ) {
    customerAddressCreate(customerId: $customerId, address: $address, setAsDefault: $setAsDefault) {
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
        taxExempt
      }
      userErrors {
        field
        message
      }
    }
  }
`;
