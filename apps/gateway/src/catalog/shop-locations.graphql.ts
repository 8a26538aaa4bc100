import { gql } from '@shopsync/shared';

// The shop's locations, for mapping ERP location codes to them.
export const SHOP_LOCATIONS = gql`
  query ShopLocations($first: Int!, $after: String) {
    locations(first: $first, after: $after, includeInactive: true) {
      nodes {
        id
        name
        isActive
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
