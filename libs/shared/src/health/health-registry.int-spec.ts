import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@test/support/pg';
import { openDataSource } from '../database/data-source';
import { HealthRegistry } from './health.module';

// Readiness means the database takes a write, not only a read: an SQLite file whose write lock
// another process keeps is "down".
describe('HealthRegistry database check', () => {
  let lite: DataSource;
  let other: DataSource;
  let pg: DataSource;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'shopsync-health-')), 'h.sqlite');
    lite = await openDataSource({ sqlitePath: path, poolSize: 1 });
    other = await openDataSource({ sqlitePath: path, poolSize: 1 }, false);
    db = await createTestDatabase('health');
    pg = await openDataSource({ url: db.url, sqlitePath: '', poolSize: 2 });
  });

  afterAll(async () => {
    await other?.destroy();
    await lite?.destroy();
    await pg?.destroy();
    await db?.drop();
  });

  it('is up on a writable SQLite file and down while another process holds its write lock', async () => {
    const registry = new HealthRegistry(lite);
    expect(await registry.run()).toEqual({ database: 'up' });
    let release!: () => void;
    const held = other.transaction(async (em) => {
      await em.query(`UPDATE leases SET token = token WHERE 1 = 0`);
      await new Promise<void>((resolve) => (release = resolve));
    });
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    expect(await registry.run()).toEqual({ database: 'down' });
    expect(Date.now() - started).toBeLessThan(3500);
    release();
    await held;
    expect(await registry.run()).toEqual({ database: 'up' });
  });

  it('is up on a read-write PostgreSQL session', async () => {
    expect(await new HealthRegistry(pg).run()).toEqual({ database: 'up' });
  });
});
