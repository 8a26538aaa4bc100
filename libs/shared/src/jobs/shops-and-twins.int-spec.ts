import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { insertShop } from '../../../../test/schedules-harness';
import { createTestDatabase } from '../../../../test/support/pg';
import { openDataSource } from '../database/data-source';
import { JobEntity, ShopEntity } from '../database/entities';
import type { KafkaProducer } from '../kafka/kafka-producer.service';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { JobsRepository } from './jobs.repository';
import { newJob } from './new-job';

// A request batch's two reads in one: the shops of its codes and their queued twins. On
// PostgreSQL one statement, hydrated as TypeORM loads; it must answer what the two reads do.
describe.each([
  ['PostgreSQL', 'pg'],
  ['SQLite', 'sqlite'],
])('JobsRepository.findShopsAndQueuedTwins on %s', (_name, kind) => {
  let ds: DataSource;
  let drop: (() => Promise<void>) | undefined;
  let jobs: JobsRepository;
  let outbox: OutboxPublisher;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    if (kind === 'pg') {
      const db = await createTestDatabase('shops_twins');
      drop = db.drop;
      ds = await openDataSource({ url: db.url, sqlitePath: '', poolSize: 3 });
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'shopsync-twins-'));
      ds = await openDataSource({ sqlitePath: join(dir, 't.sqlite'), poolSize: 1 });
    }
    outbox = new OutboxPublisher(ds, undefined as unknown as KafkaProducer);
    jobs = new JobsRepository(ds, outbox);
    const a = await insertShop(ds, `twins-a-${kind}`);
    const b = await insertShop(ds, `twins-b-${kind}`);
    await ds.getRepository(ShopEntity).update(a, {
      settings: { catalog: { bulkThreshold: 5 } },
      accessScopes: ['read_orders'],
      rateLimits: { bucketSize: 2000 },
      accessTokenEnc: 'v1:secret',
    });
    const job = (shopId: string, hash: string, minute: number) => ({
      ...newJob({
        shopId,
        task: 'orders',
        category: 'default',
        trigger: 'manual',
        now: new Date(`2026-11-28T10:${String(minute).padStart(2, '0')}:00Z`),
        maxAttempts: 3,
        rerunDelaySeconds: 0,
      }),
      paramsHash: hash,
    });
    const later = job(a, 'h1', 20);
    const earlier = job(a, 'h1', 10);
    const running = { ...job(a, 'h1', 5), status: 'running' as const };
    const timed = { ...job(a, 'h1', 1), notBefore: new Date('2026-11-29T00:00:00Z') };
    const otherHash = job(b, 'h2', 2);
    const ofB = job(b, 'h1', 30);
    for (const j of [later, earlier, running, timed, otherHash, ofB])
      await ds.getRepository(JobEntity).insert(j as never);
    Object.assign(ids, { a, b, later: later.id, earlier: earlier.id, ofB: ofB.id });
  });

  afterAll(async () => {
    await ds?.destroy();
    await drop?.();
  });

  const codes = [`twins-a-${kind}`, `twins-b-${kind}`, `twins-none-${kind}`];

  it('finds the shops and only queued, untimed twins of the hashes, oldest first', async () => {
    const { shops, twins } = await jobs.findShopsAndQueuedTwins(codes, ['h1']);
    expect(shops.map((s) => s.id).sort()).toEqual([ids.a, ids.b].sort());
    expect(twins.map((t) => t.id)).toEqual([ids.earlier, ids.later, ids.ofB]);
  });

  it('answers exactly what the two reads answer, entities and all', async () => {
    const { shops, twins } = await jobs.findShopsAndQueuedTwins(codes, ['h1', 'h2']);
    const expectedShops = await ds
      .getRepository(ShopEntity)
      .find({ where: codes.map((code) => ({ code })) });
    const byId = (x: { id: string }, y: { id: string }) => x.id.localeCompare(y.id);
    expect(shops.sort(byId)).toEqual(expectedShops.sort(byId));
    expect(shops.every((s) => s instanceof ShopEntity)).toBe(true);
    expect(twins).toEqual(await jobs.findQueuedTwins(codes, ['h1', 'h2']));
    expect(twins.every((t) => t instanceof JobEntity)).toBe(true);
  });

  it('finds the shops without twins when no request coalesces, and nothing for no codes', async () => {
    const { shops, twins } = await jobs.findShopsAndQueuedTwins(codes, []);
    expect(shops).toHaveLength(2);
    expect(twins).toEqual([]);
    expect(await jobs.findShopsAndQueuedTwins([], ['h1'])).toEqual({ shops: [], twins: [] });
  });
});
