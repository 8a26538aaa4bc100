import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { ErpItemVariantEntity } from '@shopsync/shared';

// Which SKUs the ERP knows as items. Behind an interface so the sales-order rules do not depend
// on where the ERP items live.
export interface SkuCatalog {
  known(skus: string[]): Promise<Set<string>>;
}

export const SKU_CATALOG = Symbol('SKU_CATALOG');

// The ERP items of the catalog inbox (`erp_item_variants`, one row per variant SKU).
@Injectable()
export class ErpItemSkuCatalog implements SkuCatalog {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async known(skus: string[]): Promise<Set<string>> {
    const unique = [...new Set(skus)];
    const found = new Set<string>();
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.ds
        .getRepository(ErpItemVariantEntity)
        .find({ where: { sku: In(unique.slice(i, i + 500)) }, select: { sku: true } });
      for (const r of rows) found.add(r.sku);
    }
    return found;
  }
}
