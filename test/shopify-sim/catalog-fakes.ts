import { ErpItemEntity, newShopProduct, ShopProductEntity } from '@shopsync/shared';

// The ERP side of a products export held in memory, for specs that run the task against the
// simulator without a database: items and their mappings by item number.

// A mapping as adding an item to a shop makes it: nothing sent yet.
export function newMapping(itemNo: string, shopId = 's1'): ShopProductEntity {
  return newShopProduct(shopId, itemNo, new Date());
}

// CatalogStore.mappedItems over the maps: copies, as rows read from a database would be.
export function mappedItemsOf(
  items: () => Map<string, ErpItemEntity>,
  mappings: () => Map<string, ShopProductEntity>,
): () => Promise<Array<{ mapping: ShopProductEntity; item: ErpItemEntity }>> {
  return async () =>
    [...mappings().values()].flatMap((mapping) => {
      const item = items().get(mapping.itemNo);
      return item ? [{ mapping: structuredClone(mapping), item: structuredClone(item) }] : [];
    });
}
