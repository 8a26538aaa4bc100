import { gql } from '@shopsync/shared';
import { CATALOG_PRODUCT_FIELDS } from '../../catalog/catalog-product.fields';

// Upsert one product (by id once known, else by its handle, so a create retried after a crash
// finds the product it made) and read back the ids to store.
export const CATALOG_PRODUCT_SET = gql`
  mutation CatalogProductSet($identifier: ProductSetIdentifiers, $input: ProductSetInput!) {
    productSet(identifier: $identifier, input: $input, synchronous: true) {
      product {
        id
        variants(first: 100) {
          nodes {
            id
            sku
            inventoryItem {
              id
            }
          }
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

// Before a productSet by id: the product's variants as they are (productSet deletes the ones its
// list leaves out, so the ones the ERP does not know are listed back as they are). Cheap: ids,
// SKUs and option values only.
export const CATALOG_PRODUCT_VARIANTS = gql`
  query CatalogProductVariants($id: ID!, $first: Int!, $after: String) {
    product(id: $id) {
      variants(first: $first, after: $after) {
        nodes {
          id
          sku
          selectedOptions {
            name
            value
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

// A bulk export's updates: every product's variants in one bulk query (ids, SKUs and option
// values, as CATALOG_PRODUCT_VARIANTS), so a large update reads none of them one by one. A
// bulk query's document takes no variables; its connections need no `first`.
export const CATALOG_PRODUCT_VARIANTS_BULK = gql`
  query CatalogProductVariantsBulk {
    products {
      edges {
        node {
          id
          variants {
            edges {
              node {
                id
                sku
                selectedOptions {
                  name
                  value
                }
              }
            }
          }
        }
      }
    }
  }
`;

// Before creates: which of the batch's handles Shopify already has (ids only: 2 + first).
export const CATALOG_PRODUCTS_BY_HANDLE = gql`
  query CatalogProductsByHandle($first: Int!, $query: String!) {
    products(first: $first, query: $query) {
      nodes {
        id
        handle
      }
    }
  }
`;

// An item blocked in the ERP: only the product's status changes (no list field is sent, so
// nothing of the product is deleted).
export const CATALOG_PRODUCT_RETIRE = gql`
  mutation CatalogProductRetire($identifier: ProductSetIdentifiers, $input: ProductSetInput!) {
    productSet(identifier: $identifier, input: $input, synchronous: true) {
      product {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const CATALOG_PRICES_UPDATE = gql`
  mutation CatalogPricesUpdate($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants) {
      productVariants {
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

// from-shopify: products updated since the last sync.
export const CATALOG_PRODUCTS_PAGE = gql`
  query CatalogProductsPage($first: Int!, $after: String, $query: String) {
    products(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        ${CATALOG_PRODUCT_FIELDS}
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

// Metafields shopsync set for item attributes the ERP no longer has.
export const CATALOG_METAFIELDS_DELETE = gql`
  mutation CatalogMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields {
        key
      }
      userErrors {
        field
        message
      }
    }
  }
`;
