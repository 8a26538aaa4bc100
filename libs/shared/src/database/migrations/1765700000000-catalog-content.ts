import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

// Issue 18 (products leftovers, images): ERP item attributes (product metafields) and the ERP's
// image content hashes; the variant's barcode beside its SKU (products.skuMapping barcode); per
// shop product the hash each image was uploaded with, the media attached to variants, the
// metafields set and the status an item's blocking gave its product. Existing variant rows get
// their barcode from the item's variants.
const text = (name: string) => new TableColumn({ name, type: 'text', isNullable: true });
const ITEM_COLUMNS = [text('attributes'), text('imageHashes')];
const PRODUCT_COLUMNS = [
  text('imageHashes'),
  text('variantMedia'),
  text('metafields'),
  new TableColumn({ name: 'retiredAs', type: 'varchar', length: '16', isNullable: true }),
];
const BARCODE = new TableColumn({
  name: 'barcode',
  type: 'varchar',
  length: '64',
  isNullable: true,
});
const IX_BARCODE = new TableIndex({
  name: 'ix_erp_item_variants_barcode',
  columnNames: ['barcode'],
});
const PAGE = 500;

export class CatalogContent1765700000000 implements MigrationInterface {
  name = 'CatalogContent1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('erp_items', ITEM_COLUMNS);
    await queryRunner.addColumns('shop_products', PRODUCT_COLUMNS);
    await queryRunner.addColumn('erp_item_variants', BARCODE);
    await queryRunner.createIndex('erp_item_variants', IX_BARCODE);
    let after = '';
    for (;;) {
      const rows: Array<{ itemNo: string; variants: string }> = await queryRunner.manager
        .createQueryBuilder()
        .select(['i."itemNo" AS "itemNo"', 'i.variants AS variants'])
        .from('erp_items', 'i')
        .where('i."itemNo" > :after', { after })
        .orderBy('i."itemNo"')
        .limit(PAGE)
        .getRawMany();
      for (const row of rows) {
        const variants = JSON.parse(row.variants) as Array<{
          sku: string;
          barcode?: string | null;
        }>;
        for (const v of variants)
          if (v.barcode)
            await queryRunner.manager
              .createQueryBuilder()
              .update('erp_item_variants')
              .set({ barcode: v.barcode })
              .where('sku = :sku', { sku: v.sku })
              .execute();
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].itemNo;
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('erp_item_variants', IX_BARCODE.name as string);
    await queryRunner.dropColumn('erp_item_variants', BARCODE.name);
    for (const c of PRODUCT_COLUMNS) await queryRunner.dropColumn('shop_products', c.name);
    for (const c of ITEM_COLUMNS) await queryRunner.dropColumn('erp_items', c.name);
  }
}
