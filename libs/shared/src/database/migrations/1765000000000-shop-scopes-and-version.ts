import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { portableTypes } from './portable-types';

// What Shopify reported when the shop was last verified or called: the granted access scopes
// (null: not read yet, the shop was verified before this) and the API version it served.
export class ShopScopesAndVersion1765000000000 implements MigrationInterface {
  name = 'ShopScopesAndVersion1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    await queryRunner.addColumns('shops', [
      new TableColumn({ name: 'accessScopes', type: t.json, isNullable: true }),
      new TableColumn({
        name: 'apiVersionServed',
        type: 'varchar',
        length: '16',
        isNullable: true,
      }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('shops', 'apiVersionServed');
    await queryRunner.dropColumn('shops', 'accessScopes');
  }
}
