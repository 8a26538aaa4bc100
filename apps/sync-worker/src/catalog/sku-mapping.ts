import type { SkuMapping } from '@shopsync/shared';

// products.skuMapping: how a Shopify variant is matched with an ERP variant when products come
// from Shopify. `sku`: Shopify's SKU is the ERP SKU. `barcode`: Shopify's barcode is the ERP
// variant's barcode. `item-no-variant-code`: Shopify's SKU is <item no.><separator><variant code>
// (or the item no. alone for an item's variant without a code).

export interface ShopifyVariantKeys {
  id: string;
  sku: string | null;
  barcode: string | null;
}

export interface ErpVariantRef {
  sku: string;
  itemNo: string;
}

// Each (item no., variant code) a Shopify SKU may stand for: split at every separator (an item
// no. may hold the separator itself), and the whole SKU as an item no. without a code.
export function itemNoVariantCodeCandidates(
  sku: string,
  separator: string,
): Array<{ itemNo: string; variantCode: string | null }> {
  const out: Array<{ itemNo: string; variantCode: string | null }> = [
    { itemNo: sku, variantCode: null },
  ];
  for (let at = sku.indexOf(separator); at > 0; at = sku.indexOf(separator, at + 1)) {
    const code = sku.slice(at + separator.length);
    if (code) out.push({ itemNo: sku.slice(0, at), variantCode: code });
  }
  return out;
}

// The key a Shopify variant is looked up by under the mapping (null: it has none).
export function lookupKey(variant: ShopifyVariantKeys, mapping: SkuMapping): string | null {
  return (mapping === 'barcode' ? variant.barcode : variant.sku) || null;
}

// item-no-variant-code: the ERP variant a Shopify SKU names, among the ERP items that are
// candidates (by item no.). A variant code matches exactly; the item no. alone matches the
// item's variant without a code, or its only variant.
export function matchItemNoVariantCode(
  sku: string,
  separator: string,
  items: Map<string, { variants: Array<{ sku: string; variantCode?: string | null }> }>,
): ErpVariantRef | null {
  for (const c of itemNoVariantCodeCandidates(sku, separator)) {
    const item = items.get(c.itemNo);
    if (!item) continue;
    const variant =
      c.variantCode === null
        ? (item.variants.find((v) => !v.variantCode) ??
          (item.variants.length === 1 ? item.variants[0] : undefined))
        : item.variants.find((v) => v.variantCode === c.variantCode);
    if (variant) return { sku: variant.sku, itemNo: c.itemNo };
  }
  return null;
}
