import { gql } from '@shopsync/shared';

// The orders task reads each order whole (issue 16) in two steps, to keep the requested cost
// low: the list query reads what most orders fit in (LIST_SIZES: eight lines, one shipping line,
// five discount applications and transactions, three fulfillment orders) and only probes for
// refunds and returns, which are rare and expensive to nest; ORDER_DETAIL reads the rest of an
// order that has more, with larger sizes and only the parts it needs (`@include`). Nested
// connections of one refund or return are paged with REFUND_LINES / RETURN_LINES.
// Every amount is a MoneyBag read in both currencies.

const MONEY = gql`
  fragment Bag on MoneyBag {
    shopMoney {
      amount
    }
    presentmentMoney {
      amount
    }
  }
`;

const TAX_LINE = gql`
  fragment OrderTaxLine on TaxLine {
    title
    rate
    priceSet {
      ...Bag
    }
  }
`;

const DISCOUNT_ALLOCATION = gql`
  fragment OrderDiscountAllocation on DiscountAllocation {
    allocatedAmountSet {
      ...Bag
    }
    discountApplication {
      index
    }
  }
`;

const ADDRESS = gql`
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
`;

const HEADER = gql`
  fragment OrderHeader on Order {
    id
    name
    email
    phone
    createdAt
    updatedAt
    closed
    cancelledAt
    currencyCode
    presentmentCurrencyCode
    taxesIncluded
    displayFinancialStatus
    displayFulfillmentStatus
    note
    tags
    edited
    discountCodes
    customAttributes {
      key
      value
    }
    risk {
      recommendation
    }
    purchasingEntity {
      __typename
      ... on PurchasingCompany {
        company {
          id
        }
        location {
          id
        }
        contact {
          id
        }
      }
    }
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
      ...Bag
    }
    totalShippingPriceSet {
      ...Bag
    }
    totalTaxSet {
      ...Bag
    }
    totalPriceSet {
      ...Bag
    }
    totalDiscountsSet {
      ...Bag
    }
    totalTipReceivedSet {
      ...Bag
    }
    currentSubtotalPriceSet {
      ...Bag
    }
    currentTotalTaxSet {
      ...Bag
    }
    currentTotalPriceSet {
      ...Bag
    }
    taxLines {
      ...OrderTaxLine
    }
  }
`;

// discountedTotalSet with code discounts: the line after all its line-level discounts.
const LINE = gql`
  fragment OrderLine on LineItem {
    id
    sku
    title
    variantTitle
    quantity
    currentQuantity
    isGiftCard
    taxable
    requiresShipping
    variant {
      id
    }
    product {
      id
    }
    originalUnitPriceSet {
      ...Bag
    }
    discountedTotalSet(withCodeDiscounts: true) {
      ...Bag
    }
    discountAllocations {
      ...OrderDiscountAllocation
    }
    taxLines {
      ...OrderTaxLine
    }
  }
`;

const SHIPPING_LINE = gql`
  fragment OrderShippingLine on ShippingLine {
    id
    title
    code
    source
    originalPriceSet {
      ...Bag
    }
    discountedPriceSet {
      ...Bag
    }
    discountAllocations {
      ...OrderDiscountAllocation
    }
    taxLines {
      ...OrderTaxLine
    }
  }
`;

const DISCOUNT_APPLICATION = gql`
  fragment OrderDiscountApplication on DiscountApplication {
    __typename
    index
    allocationMethod
    targetSelection
    targetType
    value {
      __typename
      ... on MoneyV2 {
        amount
        currencyCode
      }
      ... on PricingPercentageValue {
        percentage
      }
    }
    ... on DiscountCodeApplication {
      code
    }
    ... on AutomaticDiscountApplication {
      title
    }
    ... on ManualDiscountApplication {
      title
    }
    ... on ScriptDiscountApplication {
      title
    }
  }
`;

const TRANSACTION = gql`
  fragment OrderTransaction on OrderTransaction {
    id
    kind
    status
    gateway
    processedAt
    amountSet {
      ...Bag
    }
  }
`;

const FULFILLMENT_ORDER = gql`
  fragment OrderFulfillmentOrder on FulfillmentOrder {
    id
    status
    assignedLocation {
      location {
        id
      }
    }
  }
`;

const REFUND_LINE = gql`
  fragment OrderRefundLine on RefundLineItem {
    lineItem {
      id
    }
    quantity
    restockType
    subtotalSet {
      ...Bag
    }
    totalTaxSet {
      ...Bag
    }
  }
`;

const REFUND_SHIPPING_LINE = gql`
  fragment OrderRefundShippingLine on RefundShippingLine {
    subtotalAmountSet {
      ...Bag
    }
    taxAmountSet {
      ...Bag
    }
  }
`;

const REFUND = gql`
  fragment OrderRefund on Refund {
    id
    createdAt
    processedAt
    note
    return {
      id
    }
    totalRefundedSet {
      ...Bag
    }
    refundLineItems(first: 10) {
      nodes {
        ...OrderRefundLine
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    refundShippingLines(first: 2) {
      nodes {
        ...OrderRefundShippingLine
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

// ReturnLineItemType is an interface: only a ReturnLineItem points at the order's line item.
const RETURN_LINE = gql`
  fragment OrderReturnLine on ReturnLineItemType {
    id
    quantity
    returnReason
    returnReasonNote
    ... on ReturnLineItem {
      fulfillmentLineItem {
        lineItem {
          id
        }
      }
    }
  }
`;

const RETURN = gql`
  fragment OrderReturn on Return {
    id
    name
    status
    returnLineItems(first: 10) {
      nodes {
        ...OrderReturnLine
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

// The sizes of the list query's nested reads, chosen so four orders fit in one page (see
// orders-cost.spec.ts); a part that comes back with a next page (a list: full) is read again by
// ORDER_DETAIL, for that order only. Refunds and returns are only probed here.
export const LIST_SIZES = {
  lineItems: 8,
  shippingLines: 1,
  discountApplications: 5,
  fulfillmentOrders: 3,
  // Four (not five) to make room for the B2B purchasing entity's ids in four orders a page.
  transactions: 4,
  refunds: 1,
  returns: 1,
} as const;
const size = (part: keyof typeof LIST_SIZES): string => String(LIST_SIZES[part]);

// Orders changed since a time (or open ones), oldest change first.
export const ORDERS_UPDATED_SINCE = gql`
  query OrdersUpdatedSince($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        ...OrderHeader
        lineItems(first: ${size('lineItems')}) {
          nodes {
            ...OrderLine
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
        shippingLines(first: ${size('shippingLines')}) {
          nodes {
            ...OrderShippingLine
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
        discountApplications(first: ${size('discountApplications')}) {
          nodes {
            ...OrderDiscountApplication
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
        fulfillmentOrders(first: ${size('fulfillmentOrders')}) {
          nodes {
            ...OrderFulfillmentOrder
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
        transactions(first: ${size('transactions')}) {
          ...OrderTransaction
        }
        refunds(first: ${size('refunds')}) {
          id
        }
        returns(first: ${size('returns')}) {
          nodes {
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
  ${HEADER}
  ${ADDRESS}
  ${LINE}
  ${SHIPPING_LINE}
  ${DISCOUNT_APPLICATION}
  ${FULFILLMENT_ORDER}
  ${TRANSACTION}
  ${TAX_LINE}
  ${DISCOUNT_ALLOCATION}
  ${MONEY}
`;

const COMPANY_ADDRESS = gql`
  fragment CompanyLocationAddress on CompanyAddress {
    companyName
    firstName
    lastName
    address1
    address2
    zip
    city
    province
    countryCode
    phone
  }
`;

// The company locations of a page's B2B orders (the list query reads only their ids), with
// their company and addresses.
export const COMPANY_LOCATIONS = gql`
  query CompanyLocations($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on CompanyLocation {
        id
        name
        externalId
        billingAddress {
          ...CompanyLocationAddress
        }
        shippingAddress {
          ...CompanyLocationAddress
        }
        company {
          id
          name
          externalId
        }
      }
    }
  }
  ${COMPANY_ADDRESS}
`;

// The rest of one order: each part from its cursor, only the parts asked for. Transactions and
// refunds are plain lists in the schema (no cursor): read whole.
export const ORDER_DETAIL = gql`
  query OrderDetail(
    $id: ID!
    $lines: Boolean!
    $linesAfter: String
    $shipping: Boolean!
    $shippingAfter: String
    $discounts: Boolean!
    $discountsAfter: String
    $fulfillmentOrders: Boolean!
    $fulfillmentOrdersAfter: String
    $returns: Boolean!
    $returnsAfter: String
    $transactions: Boolean!
    $refunds: Boolean!
  ) {
    order(id: $id) {
      lineItems(first: 20, after: $linesAfter) @include(if: $lines) {
        nodes {
          ...OrderLine
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      shippingLines(first: 10, after: $shippingAfter) @include(if: $shipping) {
        nodes {
          ...OrderShippingLine
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      discountApplications(first: 25, after: $discountsAfter) @include(if: $discounts) {
        nodes {
          ...OrderDiscountApplication
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      fulfillmentOrders(first: 10, after: $fulfillmentOrdersAfter)
        @include(if: $fulfillmentOrders) {
        nodes {
          ...OrderFulfillmentOrder
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      returns(first: 5, after: $returnsAfter) @include(if: $returns) {
        nodes {
          ...OrderReturn
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      transactions @include(if: $transactions) {
        ...OrderTransaction
      }
      refunds @include(if: $refunds) {
        ...OrderRefund
      }
    }
  }
  ${LINE}
  ${SHIPPING_LINE}
  ${DISCOUNT_APPLICATION}
  ${FULFILLMENT_ORDER}
  ${RETURN}
  ${RETURN_LINE}
  ${TRANSACTION}
  ${REFUND}
  ${REFUND_LINE}
  ${REFUND_SHIPPING_LINE}
  ${TAX_LINE}
  ${DISCOUNT_ALLOCATION}
  ${MONEY}
`;

// More lines of one refund than ORDER_DETAIL reads, from their cursors.
export const REFUND_LINES = gql`
  query RefundLines(
    $id: ID!
    $lines: Boolean!
    $linesAfter: String
    $shipping: Boolean!
    $shippingAfter: String
  ) {
    refund(id: $id) {
      refundLineItems(first: 50, after: $linesAfter) @include(if: $lines) {
        nodes {
          ...OrderRefundLine
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      refundShippingLines(first: 20, after: $shippingAfter) @include(if: $shipping) {
        nodes {
          ...OrderRefundShippingLine
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
  ${REFUND_LINE}
  ${REFUND_SHIPPING_LINE}
  ${MONEY}
`;

// More lines of one return, paged with `paginate` ($first / $after).
export const RETURN_LINES = gql`
  query ReturnLines($id: ID!, $first: Int!, $after: String) {
    return(id: $id) {
      returnLineItems(first: $first, after: $after) {
        nodes {
          ...OrderReturnLine
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
  ${RETURN_LINE}
`;
