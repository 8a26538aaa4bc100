import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@test/support/pg';
import { ErpItemEntity, ErpItemVariantEntity, JobEntity, ShopifyWebhookEntity } from './entities';
import { openDataSource } from './data-source';
import { MIGRATIONS } from './migrations';

async function columnsOf(ds: DataSource, table: string): Promise<string[]> {
  const runner = ds.createQueryRunner();
  try {
    const t = await runner.getTable(table);
    return (t?.columns ?? []).map((c) => c.name).sort();
  } finally {
    await runner.release();
  }
}

const TABLES = [
  'jobs',
  'job_logs',
  'outbox',
  'shops',
  'leases',
  'schedules',
  'schedule_occurrences',
  'shopify_call_logs',
  'shopify_webhooks',
  'erp_stock',
  'api_keys',
];

describe('migrations', () => {
  let pg: DataSource;
  let lite: DataSource;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    db = await createTestDatabase('migrations');
    pg = await openDataSource({ url: db.url, sqlitePath: '', poolSize: 2 });
    lite = await openDataSource({
      sqlitePath: join(mkdtempSync(join(tmpdir(), 'shopsync-mig-')), 'm.sqlite'),
      poolSize: 1,
    });
  });

  afterAll(async () => {
    await pg?.destroy();
    await lite?.destroy();
    await db?.drop();
  });

  it('builds the same tables and columns on PostgreSQL and SQLite', async () => {
    for (const table of TABLES) {
      const a = await columnsOf(pg, table);
      expect(a.length).toBeGreaterThan(3);
      expect(await columnsOf(lite, table)).toEqual(a);
    }
  });

  it('round-trips a job, its instants and JSON, on both', async () => {
    for (const ds of [pg, lite]) {
      const at = new Date('2026-03-29T00:59:59.123Z');
      const job: Partial<JobEntity> = {
        id: '00000000-0000-4000-8000-000000000001',
        shopId: '00000000-0000-4000-8000-000000000002',
        task: 'inventory',
        category: 'default',
        status: 'queued',
        trigger: 'manual',
        attempt: 1,
        maxAttempts: 3,
        rerunDelaySeconds: 60,
        retryBackoff: 'fixed',
        params: { a: [1, { b: 'c' }] },
        paramsHash: 'h',
        requestedAt: at,
        traceId: 't',
        updatedAt: at,
      };
      await ds
        .getRepository(JobEntity)
        .insert(job as Parameters<ReturnType<DataSource['getRepository']>['insert']>[0]);
      const back = await ds.getRepository(JobEntity).findOneByOrFail({ id: job.id });
      expect(back.requestedAt.toISOString()).toBe(at.toISOString());
      expect(back.params).toEqual({ a: [1, { b: 'c' }] });
      expect(back.cancelRequested).toBe(false);
      const later = await ds
        .getRepository(JobEntity)
        .createQueryBuilder('j')
        .where('j.requestedAt > :t', { t: new Date(at.getTime() - 1) })
        .getCount();
      expect(later).toBe(1);
    }
  });

  it('keys webhook receipts by shop and id, keeping ids whole and the rows already there', async () => {
    const receipt = (shopId: string, webhookId: string): ShopifyWebhookEntity => ({
      webhookId,
      eventId: null,
      shopId,
      topic: 'orders/create',
      receivedAt: new Date('2026-03-01T00:00:00.000Z'),
      outcome: 'received',
      jobId: null,
      detail: null,
    });
    const shopA = '00000000-0000-4000-8000-00000000000a';
    const shopB = '00000000-0000-4000-8000-00000000000b';
    for (const ds of [pg, lite]) {
      // Back to the old key, a receipt written then, and forward again: it survives.
      const applied = async () =>
        (await ds.query('SELECT name FROM migrations')).map((r: { name: string }) => r.name);
      while ((await applied()).includes('WebhookReceiptsPerShop1764900000000'))
        await ds.undoLastMigration({ transaction: 'each' });
      await ds.getRepository(ShopifyWebhookEntity).insert(receipt(shopA, 'old-one'));
      await ds.runMigrations({ transaction: 'each' });
      const repo = ds.getRepository(ShopifyWebhookEntity);
      expect(await repo.findOneBy({ shopId: shopA, webhookId: 'old-one' })).not.toBeNull();

      const long = 'w'.repeat(255);
      await repo.insert(receipt(shopA, long));
      await repo.insert(receipt(shopB, long));
      await repo.insert(receipt(shopA, `${'w'.repeat(100)}-other`));
      await expect(repo.insert(receipt(shopA, long))).rejects.toThrow();
      expect((await repo.findOneBy({ shopId: shopB, webhookId: long }))?.webhookId).toHaveLength(
        255,
      );
      expect(await repo.countBy({ shopId: shopA })).toBe(3);
      await repo.clear();
    }
  });

  it('gives the variant rows of existing items their barcodes', async () => {
    for (const ds of [pg, lite]) {
      const applied = async () =>
        (await ds.query('SELECT name FROM migrations')).map((r: { name: string }) => r.name);
      while ((await applied()).includes('CatalogContent1765700000000'))
        await ds.undoLastMigration({ transaction: 'each' });
      const variants = [
        { sku: 'OLD-A', options: ['A'], price: '1.00', barcode: '8710000000017' },
        { sku: 'OLD-B', options: ['B'], price: '1.00', barcode: null },
      ];
      await ds
        .createQueryBuilder()
        .insert()
        .into('erp_items', [
          'itemNo',
          'title',
          'tags',
          'options',
          'variants',
          'imageUrls',
          'updatedAt',
        ])
        .values({
          itemNo: 'OLD',
          title: 'Old',
          // The table's entity writes these as JSON.
          tags: [],
          options: ['V'],
          variants,
          imageUrls: [],
          updatedAt: new Date('2026-03-01T00:00:00.000Z'),
        })
        .execute();
      await ds
        .createQueryBuilder()
        .insert()
        .into('erp_item_variants', ['sku', 'itemNo'])
        .values(variants.map((v) => ({ sku: v.sku, itemNo: 'OLD' })))
        .execute();
      await ds.runMigrations({ transaction: 'each' });
      const rows = await ds.getRepository(ErpItemVariantEntity).find({ order: { sku: 'ASC' } });
      expect(rows.map((r) => [r.sku, r.barcode])).toEqual([
        ['OLD-A', '8710000000017'],
        ['OLD-B', null],
      ]);
      await ds.getRepository(ErpItemVariantEntity).clear();
      await ds.getRepository(ErpItemEntity).clear();
    }
  });

  it('reverts and re-applies cleanly', async () => {
    for (const ds of [pg, lite]) {
      for (let n = 0; n < MIGRATIONS.length; n++)
        await ds.undoLastMigration({ transaction: 'each' });
      const runner = ds.createQueryRunner();
      expect(await runner.hasTable('jobs')).toBe(false);
      await runner.release();
      await ds.runMigrations({ transaction: 'each' });
      expect(await columnsOf(ds, 'jobs')).toContain('fencingToken');
    }
  });
});
