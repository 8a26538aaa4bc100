import { gql } from '@shopsync/shared';

// productSet's files is a list field: the product's media become exactly these (so the ones
// shopsync did not set are listed back by id), and the new ones' ids are read back.
export const CATALOG_IMAGES_SET = gql`
  mutation CatalogImagesSet($identifier: ProductSetIdentifiers, $input: ProductSetInput!) {
    productSet(identifier: $identifier, input: $input, synchronous: true) {
      product {
        id
        media(first: 100) {
          nodes {
            id
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

// from-shopify: the products' images and, per variant (by SKU), the image it shows.
export const CATALOG_PRODUCT_IMAGES = gql`
  query CatalogProductImages($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        media(first: 20) {
          nodes {
            ... on MediaImage {
              image {
                url
              }
            }
          }
        }
        variants(first: 50) {
          nodes {
            sku
            media(first: 1) {
              nodes {
                ... on MediaImage {
                  image {
                    url
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

// The media each variant shows now (a variant shows one), before variant images are set.
export const CATALOG_VARIANT_MEDIA = gql`
  query CatalogVariantMedia($id: ID!, $first: Int!, $after: String) {
    product(id: $id) {
      variants(first: $first, after: $after) {
        nodes {
          id
          media(first: 1) {
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
  }
`;

export const CATALOG_VARIANT_MEDIA_DETACH = gql`
  mutation CatalogVariantMediaDetach(
    $productId: ID!
    $variantMedia: [ProductVariantDetachMediaInput!]!
  ) {
    productVariantDetachMedia(productId: $productId, variantMedia: $variantMedia) {
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const CATALOG_VARIANT_MEDIA_APPEND = gql`
  mutation CatalogVariantMediaAppend(
    $productId: ID!
    $variantMedia: [ProductVariantAppendMediaInput!]!
  ) {
    productVariantAppendMedia(productId: $productId, variantMedia: $variantMedia) {
      userErrors {
        field
        message
        code
      }
    }
  }
`;

// The product's media ids before a set: the ones shopsync did not set are kept.
export const CATALOG_PRODUCT_MEDIA = gql`
  query CatalogProductMedia($id: ID!, $first: Int!, $after: String) {
    product(id: $id) {
      media(first: $first, after: $after) {
        nodes {
          id
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;
