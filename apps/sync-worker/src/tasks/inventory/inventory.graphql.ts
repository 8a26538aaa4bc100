import { gql } from '@shopsync/shared';

export const CATALOG_LOCATION_LEVELS = gql`
  query CatalogLocationLevels($id: ID!, $first: Int!, $after: String, $names: [String!]!) {
    location(id: $id) {
      inventoryLevels(first: $first, after: $after) {
        nodes {
          item {
            id
            tracked
          }
          quantities(names: $names) {
            name
            quantity
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

// After CHANGE_FROM_QUANTITY_STALE: the current levels of some items, at every location.
export const CATALOG_LEVELS_REREAD = gql`
  query CatalogLevelsReread($ids: [ID!]!, $names: [String!]!) {
    nodes(ids: $ids) {
      ... on InventoryItem {
        id
        inventoryLevels(first: 20) {
          nodes {
            location {
              id
            }
            quantities(names: $names) {
              name
              quantity
            }
          }
        }
      }
    }
  }
`;

// Whether Shopify tracks the inventory of items the level read did not cover (not stocked at a
// mapped location yet, or params.skipImport): untracked ones are skipped.
export const CATALOG_ITEMS_TRACKED = gql`
  query CatalogItemsTracked($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on InventoryItem {
        id
        tracked
      }
    }
  }
`;

export const CATALOG_INVENTORY_SET = gql`
  mutation CatalogInventorySet($input: InventorySetQuantitiesInput!, $key: String!) {
    inventorySetQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup {
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

// 2026-04 requires the @idempotent key here too (the mutation's schema description says so).
export const CATALOG_INVENTORY_ACTIVATE = gql`
  mutation CatalogInventoryActivate($inventoryItemId: ID!, $locationId: ID!, $key: String!) {
    inventoryActivate(inventoryItemId: $inventoryItemId, locationId: $locationId)
      @idempotent(key: $key) {
      inventoryLevel {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

// Bulk form for large catalogs (not a named operation: it is the text bulkOperationRunQuery runs).
export function bulkLevelsQuery(quantityName: string): string {
  return `{ locations(includeInactive: true) { edges { node { id inventoryLevels { edges { node { id item { id tracked } quantities(names: ["${quantityName}"]) { name quantity } } } } } } } }`;
}
