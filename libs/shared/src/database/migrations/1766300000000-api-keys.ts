import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { portableTypes } from './portable-types';

// API keys in the database (issue 20): created, scoped, expired and revoked without a restart.
// Only an HMAC of each key is kept.
export class ApiKeys1766300000000 implements MigrationInterface {
  name = 'ApiKeys1766300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          { name: 'id', type: 'varchar', length: '16', isPrimary: true },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'scopes', type: 'varchar', length: '32' },
          { name: 'shops', type: t.json, isNullable: true },
          { name: 'keyHash', type: 'varchar', length: '64' },
          { name: 'createdBy', type: 'varchar', length: '100', isNullable: true },
          { name: 'createdAt', type: t.timestamp },
          { name: 'expiresAt', type: t.timestamp, isNullable: true },
          { name: 'revokedAt', type: t.timestamp, isNullable: true },
          { name: 'lastUsedAt', type: t.timestamp, isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'api_keys',
      new TableIndex({ name: 'ix_api_keys_created', columnNames: ['createdAt'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('api_keys');
  }
}
