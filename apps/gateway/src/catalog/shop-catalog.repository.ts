import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import {
  ErpItemEntity,
  ErpItemVariantEntity,
  newShopProduct,
  ShopLocationEntity,
  ShopProductEntity,
} from '@shopsync/shared';

export interface ItemFilter {
  vendor?: string;
  productType?: string;
  tag?: string;
  itemNos?: string[];
  all?: boolean;
}

// A shop's catalog mapping and locations, as the API reads and edits them.
@Injectable()
export class ShopCatalogRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async itemNosBySkus(skus: string[]): Promise<{ itemNos: string[]; unknown: string[] }> {
    const found = new Map<string, string>();
    for (let i = 0; i < skus.length; i += 500) {
      const rows = await this.ds
        .getRepository(ErpItemVariantEntity)
        .find({ where: { sku: In(skus.slice(i, i + 500)) } });
      for (const r of rows) found.set(r.sku, r.itemNo);
    }
    return {
      itemNos: [...new Set(found.values())],
      unknown: skus.filter((s) => !found.has(s)),
    };
  }

  async itemNosByFilter(filter: ItemFilter): Promise<string[]> {
    const qb = this.ds
      .getRepository(ErpItemEntity)
      .createQueryBuilder('i')
      .select(['i.itemNo', 'i.tags']);
    if (filter.vendor) qb.andWhere('i.vendor = :vendor', { vendor: filter.vendor });
    if (filter.productType)
      qb.andWhere('i.productType = :productType', { productType: filter.productType });
    if (filter.itemNos) qb.andWhere('i.itemNo IN (:...itemNos)', { itemNos: filter.itemNos });
    const rows = await qb.getMany();
    // Tags are a JSON list: filtered here, the same on both databases.
    return rows.filter((r) => !filter.tag || r.tags.includes(filter.tag)).map((r) => r.itemNo);
  }

  async addProducts(shopId: string, itemNos: string[], now: Date): Promise<number> {
    const repo = this.ds.getRepository(ShopProductEntity);
    let added = 0;
    for (let i = 0; i < itemNos.length; i += 500) {
      const part = itemNos.slice(i, i + 500);
      const known = new Set(
        (await repo.find({ where: { shopId, itemNo: In(part) }, select: { itemNo: true } })).map(
          (r) => r.itemNo,
        ),
      );
      const rows = part
        .filter((n) => !known.has(n))
        .map((itemNo) => newShopProduct(shopId, itemNo, now));
      if (rows.length) await repo.insert(rows);
      added += rows.length;
    }
    return added;
  }

  listProducts(
    shopId: string,
    limit: number,
    offset: number,
  ): Promise<[ShopProductEntity[], number]> {
    return this.ds.getRepository(ShopProductEntity).findAndCount({
      where: { shopId },
      order: { itemNo: 'ASC' },
      take: limit,
      skip: offset,
    });
  }

  locations(shopId: string): Promise<ShopLocationEntity[]> {
    return this.ds
      .getRepository(ShopLocationEntity)
      .find({ where: { shopId }, order: { name: 'ASC' } });
  }

  async saveLocations(rows: ShopLocationEntity[]): Promise<void> {
    if (rows.length)
      await this.ds.getRepository(ShopLocationEntity).upsert(rows, ['shopId', 'shopifyLocationId']);
  }
}
