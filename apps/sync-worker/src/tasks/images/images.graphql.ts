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
