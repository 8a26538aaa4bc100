import { gql } from '@shopsync/shared';

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
        id
        title
        descriptionHtml
        vendor
        productType
        tags
        options {
          name
        }
        variants(first: 50) {
          nodes {
            id
            sku
            price
            compareAtPrice
            barcode
            selectedOptions {
              name
              value
            }
            inventoryItem {
              id
            }
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
