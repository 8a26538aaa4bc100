// The fields of a Shopify product the ERP item import reads (ShopifyCatalogProduct in
// shopify-item-import.ts): one selection for the products task's import from Shopify and the
// sales-orders task's import of unknown SKUs.
export const CATALOG_PRODUCT_FIELDS = `
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
`;
