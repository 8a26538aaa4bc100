import { gql } from '@shopsync/shared';
import { CATALOG_PRODUCT_FIELDS } from '../../catalog/catalog-product.fields';

// The few Shopify calls the sales-orders task makes, each only when a shop setting asks for it:
// products by SKU (settings.orders.unknownSku 'create-item'), the document number written back
// (documentNumberToShopify) and closing processed orders (archiveProcessedOrders).

// Up to 4 SKUs per call (`sku:'A' OR sku:'B'`, first: 4): about 620 points at most.
export const PRODUCTS_BY_SKU = gql`
  query ProductsBySku($first: Int!, $query: String!) {
    products(first: $first, query: $query) {
      nodes {
        ${CATALOG_PRODUCT_FIELDS}
      }
    }
  }
`;

export const ORDER_ATTRIBUTES = gql`
  query OrderAttributes($id: ID!) {
    order(id: $id) {
      id
      customAttributes {
        key
        value
      }
    }
  }
`;

export const ORDER_SET_ATTRIBUTES = gql`
  mutation OrderSetAttributes($input: OrderInput!) {
    orderUpdate(input: $input) {
      order {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const ORDER_SET_METAFIELD = gql`
  mutation OrderSetMetafield($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const ORDER_CLOSE = gql`
  mutation OrderClose($input: OrderCloseInput!) {
    orderClose(input: $input) {
      order {
        id
        closed
      }
      userErrors {
        field
        message
      }
    }
  }
`;
