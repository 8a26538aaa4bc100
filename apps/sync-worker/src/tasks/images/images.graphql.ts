import { gql } from '@shopsync/shared';

// productSet's files is a list field: the product's images become exactly these.
export const CATALOG_IMAGES_SET = gql`
  mutation CatalogImagesSet($identifier: ProductSetIdentifiers, $input: ProductSetInput!) {
    productSet(identifier: $identifier, input: $input, synchronous: true) {
      product {
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
