import type { ErpItemEntity, ProductsSettingsV1, ShopProductEntity } from '@shopsync/shared';

// The productSet input of one ERP item. productSet replaces list fields: a variant the list
// leaves out is deleted by Shopify. So an update by id lists, besides the ERP's variants, every
// other variant the product has (created in Shopify, or dropped by the ERP) as it is — its id
// and option values only — and it survives. shopsync never deletes a variant.

export interface ShopifyVariantRef {
  id: string;
  sku: string | null;
  selectedOptions: Array<{ name: string; value: string }>;
}

export interface ProductInputOptions {
  // Locations new variants are stocked at (at 0), so the inventory task can set them.
  locationIds: string[];
  settings: Pick<ProductsSettingsV1, 'inventoryTracked' | 'inventoryPolicy'>;
}

export type ProductInputPlan =
  { input: Record<string, unknown>; kept: string[] } | { refused: string };

const DEFAULT_VALUE = 'Default Title';

export function handleOf(itemNo: string): string {
  return `erp-${itemNo.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

const comboKey = (values: Array<{ name: string; value: string }>): string =>
  values
    .map((o) => `${o.name}=${o.value}`)
    .sort()
    .join('|');
const namesKey = (names: string[]): string => [...names].sort().join('|');

// `current`: the product's variants as Shopify has them now (null for a create). An ERP variant
// is matched by its SKU, else by the id the mapping holds; one still unmatched takes over a
// variant with the same option values (listing both would be a duplicate), else is created.
export function productInput(
  item: ErpItemEntity,
  mapping: ShopProductEntity,
  current: ShopifyVariantRef[] | null,
  { locationIds, settings }: ProductInputOptions,
): ProductInputPlan {
  const options = item.options.length ? item.options : ['Title'];
  const selected = item.variants.map((v) =>
    options.map((name, i) => ({ name, value: v.options[i] ?? DEFAULT_VALUE })),
  );
  const ids = matchVariants(item, mapping, current, selected);
  const matched = new Set(ids.filter((id): id is string => id !== null));
  const others = (current ?? []).filter((v) => !matched.has(v.id));

  const mismatch = others.find(
    (v) => namesKey(v.selectedOptions.map((o) => o.name)) !== namesKey(options),
  );
  if (mismatch)
    return {
      refused:
        `variant ${mismatch.id} in Shopify has the options ` +
        `${mismatch.selectedOptions.map((o) => o.name).join(', ')}, the ERP item ` +
        `${options.join(', ')}: not exported, as productSet would delete that variant`,
    };

  const productOptions = options.map((name, i) => {
    const values = [
      ...selected.map((s) => s[i].value),
      ...others.flatMap((v) =>
        v.selectedOptions.filter((o) => o.name === name).map((o) => o.value),
      ),
    ];
    return { name, values: [...new Set(values)].map((value) => ({ name: value })) };
  });

  const variants = item.variants.map((v, index) => {
    const id = ids[index];
    return {
      ...(id
        ? { id }
        : {
            inventoryQuantities: locationIds.map((locationId) => ({
              locationId,
              name: 'available',
              quantity: 0,
            })),
            inventoryPolicy: settings.inventoryPolicy === 'continue' ? 'CONTINUE' : 'DENY',
          }),
      optionValues: selected[index].map((s) => ({ optionName: s.name, name: s.value })),
      price: v.price,
      compareAtPrice: v.compareAtPrice,
      barcode: v.barcode,
      position: index + 1,
      inventoryItem: {
        sku: v.sku,
        ...(id ? {} : { tracked: settings.inventoryTracked }),
        ...(v.unitCost ? { cost: v.unitCost } : {}),
        ...(v.weightGrams !== null
          ? { measurement: { weight: { value: v.weightGrams, unit: 'GRAMS' } } }
          : {}),
      },
    };
  });
  const kept = others.map((v) => ({
    id: v.id,
    optionValues: v.selectedOptions.map((o) => ({ optionName: o.name, name: o.value })),
  }));

  return {
    input: {
      title: item.title,
      handle: handleOf(item.itemNo),
      descriptionHtml: item.description ?? '',
      vendor: item.vendor ?? '',
      productType: item.productType ?? '',
      tags: item.tags,
      productOptions,
      variants: [...variants, ...kept],
    },
    kept: others.map((v) => v.id),
  };
}

function matchVariants(
  item: ErpItemEntity,
  mapping: ShopProductEntity,
  current: ShopifyVariantRef[] | null,
  selected: Array<Array<{ name: string; value: string }>>,
): Array<string | null> {
  if (current === null) return item.variants.map((v) => mapping.variantIds[v.sku] ?? null);
  const exists = new Set(current.map((v) => v.id));
  const bySku = new Map(current.flatMap((v) => (v.sku ? [[v.sku, v.id] as const] : [])));
  const ids = item.variants.map((v): string | null => {
    const bySkuId = bySku.get(v.sku);
    if (bySkuId) return bySkuId;
    const mapped = mapping.variantIds[v.sku];
    return mapped && exists.has(mapped) ? mapped : null;
  });
  const taken = new Set(ids);
  return ids.map((id, index) => {
    if (id) return id;
    const twin = current.find(
      (v) => !taken.has(v.id) && comboKey(v.selectedOptions) === comboKey(selected[index]),
    );
    if (!twin) return null;
    taken.add(twin.id);
    return twin.id;
  });
}
