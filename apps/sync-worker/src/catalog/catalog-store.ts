import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import {
  ErpItemEntity,
  ErpItemVariantEntity,
  ErpStockEntity,
  ShopInventoryLevelEntity,
  ShopLocationEntity,
  ShopProductEntity,
  variantIndexRows,
} from '@shopsync/shared';

const CHUNK = 500;

function chunks<T>(rows: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export interface MappedItem {
  mapping: ShopProductEntity;
  item: ErpItemEntity;
}

// The worker's access to the ERP catalog and the shops' mappings of it.
@Injectable()
export class CatalogStore {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // The shop's catalog with its ERP items, in item order; mappings without an item are left out.
  async mappedItems(shopId: string): Promise<MappedItem[]> {
    const mappings = await this.ds
      .getRepository(ShopProductEntity)
      .find({ where: { shopId }, order: { itemNo: 'ASC' } });
    const items = new Map<string, ErpItemEntity>();
    for (const part of chunks(mappings.map((m) => m.itemNo)))
      for (const item of await this.ds
        .getRepository(ErpItemEntity)
        .find({ where: { itemNo: In(part) } }))
        items.set(item.itemNo, item);
    return mappings.flatMap((mapping) => {
      const item = items.get(mapping.itemNo);
      return item ? [{ mapping, item }] : [];
    });
  }

  async saveMapping(row: ShopProductEntity): Promise<void> {
    await this.ds.getRepository(ShopProductEntity).save(row);
  }

  async itemNosBySku(skus: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunks(skus))
      for (const r of await this.ds
        .getRepository(ErpItemVariantEntity)
        .find({ where: { sku: In(part) } }))
        out.set(r.sku, r.itemNo);
    return out;
  }

  // Barcode → the ERP variant (SKU and item) that has it (products.skuMapping barcode).
  async variantsByBarcode(
    barcodes: string[],
  ): Promise<Map<string, { sku: string; itemNo: string }>> {
    const out = new Map<string, { sku: string; itemNo: string }>();
    for (const part of chunks(barcodes))
      for (const r of await this.ds
        .getRepository(ErpItemVariantEntity)
        .find({ where: { barcode: In(part) } }))
        if (r.barcode) out.set(r.barcode, { sku: r.sku, itemNo: r.itemNo });
    return out;
  }

  async items(itemNos: string[]): Promise<ErpItemEntity[]> {
    const out: ErpItemEntity[] = [];
    for (const part of chunks(itemNos))
      out.push(
        ...(await this.ds.getRepository(ErpItemEntity).find({ where: { itemNo: In(part) } })),
      );
    return out;
  }

  async saveItem(item: ErpItemEntity): Promise<void> {
    await this.ds.transaction(async (em) => {
      await em.getRepository(ErpItemEntity).save(item);
      await em.getRepository(ErpItemVariantEntity).delete({ itemNo: item.itemNo });
      await em.getRepository(ErpItemVariantEntity).insert(variantIndexRows(item));
    });
  }

  item(itemNo: string): Promise<ErpItemEntity | null> {
    return this.ds.getRepository(ErpItemEntity).findOne({ where: { itemNo } });
  }

  async mapping(shopId: string, itemNo: string): Promise<ShopProductEntity | null> {
    return this.ds.getRepository(ShopProductEntity).findOne({ where: { shopId, itemNo } });
  }

  stockLocations(shopId: string): Promise<ShopLocationEntity[]> {
    return this.ds
      .getRepository(ShopLocationEntity)
      .find({ where: { shopId, stockSync: true, active: true } });
  }

  // Every Shopify location of the shop as last imported, with its mapping.
  locations(shopId: string): Promise<ShopLocationEntity[]> {
    return this.ds.getRepository(ShopLocationEntity).find({ where: { shopId } });
  }

  // SKU|locationCode → quantities by type for the given SKUs and location codes.
  async stock(
    skus: string[],
    locationCodes: string[],
  ): Promise<Map<string, { onHand: number; reserved: number; incoming: number }>> {
    const out = new Map<string, { onHand: number; reserved: number; incoming: number }>();
    if (!locationCodes.length) return out;
    for (const part of chunks(skus))
      for (const r of await this.ds
        .getRepository(ErpStockEntity)
        .find({ where: { sku: In(part), locationCode: In(locationCodes) } }))
        out.set(`${r.sku}|${r.locationCode}`, {
          onHand: r.quantity,
          reserved: r.reserved ?? 0,
          incoming: r.incoming ?? 0,
        });
    return out;
  }

  async knownLevels(shopId: string): Promise<Map<string, number>> {
    const rows = await this.ds.getRepository(ShopInventoryLevelEntity).find({ where: { shopId } });
    return new Map(rows.map((r) => [`${r.inventoryItemId}|${r.locationId}`, r.quantity]));
  }

  async saveLevels(
    shopId: string,
    levels: Array<{ inventoryItemId: string; locationId: string; quantity: number }>,
    now: Date,
  ): Promise<void> {
    const repo = this.ds.getRepository(ShopInventoryLevelEntity);
    for (const part of chunks(levels))
      await repo.upsert(
        part.map((l) => ({ shopId, ...l, updatedAt: now })),
        ['shopId', 'inventoryItemId', 'locationId'],
      );
  }
}
