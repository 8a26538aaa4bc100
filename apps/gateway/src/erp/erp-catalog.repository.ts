import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  ErpItemEntity,
  ErpItemVariantEntity,
  ErpStockEntity,
  variantIndexRows,
} from '@shopsync/shared';

const CHUNK = 500;

function chunks<T>(rows: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

// ERP items and stock as the inbox writes them: one transaction per batch.
@Injectable()
export class ErpCatalogRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // SKUs already owned by an item, for the given SKUs.
  async skuOwners(skus: string[]): Promise<Map<string, string>> {
    const owners = new Map<string, string>();
    for (const part of chunks(skus)) {
      const rows = await this.ds
        .getRepository(ErpItemVariantEntity)
        .find({ where: { sku: In(part) } });
      for (const r of rows) owners.set(r.sku, r.itemNo);
    }
    return owners;
  }

  async saveItems(items: ErpItemEntity[]): Promise<void> {
    await this.ds.transaction(async (em: EntityManager) => {
      const itemNos = items.map((i) => i.itemNo);
      for (const part of chunks(itemNos))
        await em.getRepository(ErpItemVariantEntity).delete({ itemNo: In(part) });
      for (const part of chunks(items, 200))
        await em.getRepository(ErpItemEntity).upsert(part, ['itemNo']);
      const variants = items.flatMap(variantIndexRows);
      for (const part of chunks(variants))
        await em.getRepository(ErpItemVariantEntity).insert(part);
    });
  }

  async saveStock(rows: ErpStockEntity[]): Promise<void> {
    await this.ds.transaction(async (em: EntityManager) => {
      for (const part of chunks(rows))
        await em.getRepository(ErpStockEntity).upsert(part, ['sku', 'locationCode']);
    });
  }
}
