import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Consumer, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@test/support/pg';
import { collect, Collected, dataOf, testKafka } from '@test/support/kafka';
import { eventually } from '@test/support/eventually';
import { TOPICS } from '../contracts/topics';
import { openDataSource } from '../database/data-source';
import { JobEntity, JobLogEntity, OutboxEntity } from '../database/entities';
import { ERROR_CODES } from '../domain/errors';
import { JobsRepository } from '../jobs/jobs.repository';
import { newJob } from '../jobs/new-job';
import { KafkaProducer } from '../kafka/kafka-producer.service';
import { OutboxPublisher } from './outbox.publisher';

// A message the broker refuses (here: larger than the topic's max.message.bytes) is set aside
// with its reason and fails its job; the rows behind it, of its key and of others, go out once.
describe.each([
  ['PostgreSQL', true],
  ['SQLite', false],
])('outbox with a message the broker refuses (%s)', (_name, onPostgres) => {
  const LIMIT = 4096;
  const prefix = `t-${randomBytes(4).toString('hex')}.`;
  const requested = `${prefix}${TOPICS.syncRequested}`;
  let kafka: Kafka;
  let ds: DataSource;
  let drop: (() => Promise<void>) | undefined;
  let producer: KafkaProducer;
  let outbox: OutboxPublisher;
  let jobs: JobsRepository;
  let consumer: Consumer;
  let seen: Collected[];

  beforeAll(async () => {
    kafka = testKafka();
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: requested,
          numPartitions: 3,
          replicationFactor: 1,
          configEntries: [{ name: 'max.message.bytes', value: String(LIMIT) }],
        },
      ],
    });
    await admin.disconnect();
    if (onPostgres) {
      const db = await createTestDatabase('outbox_set_aside');
      drop = db.drop;
      ds = await openDataSource({ url: db.url, sqlitePath: '', poolSize: 4 });
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'shopsync-outbox-'));
      ds = await openDataSource({ sqlitePath: join(dir, 'o.sqlite'), poolSize: 1 });
    }
    producer = new KafkaProducer(kafka, {
      brokers: [],
      clientId: 'outbox-test',
      topicPrefix: prefix,
      partitions: 3,
    });
    outbox = new OutboxPublisher(ds, producer);
    jobs = new JobsRepository(ds, outbox);
    ({ messages: seen, consumer } = await collect(kafka, requested));
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.close();
    await ds?.destroy();
    await drop?.();
    const admin = kafka.admin();
    await admin.connect();
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin.disconnect();
  });

  const job = (shopId: string, params: Record<string, unknown> | null = null) =>
    newJob({
      shopId,
      task: 'inventory',
      category: 'default',
      trigger: 'manual',
      now: new Date(),
      params,
      maxAttempts: 1,
      rerunDelaySeconds: 0,
    });

  it('sets the refused row aside, fails its job, and publishes the 100 behind it once each', async () => {
    const shopA = randomUUID();
    const others = Array.from({ length: 9 }, () => randomUUID());
    const bad = job(shopA, { blob: 'x'.repeat(LIMIT * 2) });
    const behind = [
      ...Array.from({ length: 50 }, () => job(shopA)),
      ...Array.from({ length: 50 }, (_, i) => job(others[i % others.length])),
    ];
    // One transaction, the refused row first: before the fix every flush sent it again.
    await jobs.transaction((m) => jobs.enqueue(m, [bad, ...behind], new Date()));

    // Each job also has its `queued` lifecycle event; the refused one's (small) goes out too.
    expect(await outbox.flush()).toBe(201);

    const ids = () => seen.map((m) => dataOf<{ jobId: string }>(m).jobId);
    await eventually(() => expect(seen.length).toBeGreaterThanOrEqual(100), 30_000, 100);
    await new Promise((r) => setTimeout(r, 1000)); // time for a duplicate to show up
    expect(ids().sort()).toEqual(behind.map((j) => j.id).sort());
    const keyA = seen.filter((m) => m.key === `${shopA}/default`);
    expect(keyA.map((m) => dataOf<{ jobId: string }>(m).jobId)).toEqual(
      behind.slice(0, 50).map((j) => j.id),
    );

    const rows = await ds.getRepository(OutboxEntity).find({ order: { id: 'ASC' } });
    const refused = rows.filter((r) => r.failedAt);
    expect(refused).toHaveLength(1);
    expect(refused[0].topic).toBe(TOPICS.syncRequested);
    expect(refused[0].payload).toContain(bad.id);
    expect(refused[0].publishedAt).toBeNull();
    expect(refused[0].lastError).toMatch(/MESSAGE_TOO_LARGE/);
    expect(rows.filter((r) => r !== refused[0]).every((r) => r.publishedAt)).toBe(true);
    expect(await outbox.backlog()).toBe(0);
    expect(await outbox.setAside()).toBe(1);

    const failed = await ds.getRepository(JobEntity).findOneByOrFail({ id: bad.id });
    expect(failed.status).toBe('failed');
    expect(failed.errorCode).toBe(ERROR_CODES.outboxUnpublishable);
    expect(failed.error).toMatch(/could not be published.*MESSAGE_TOO_LARGE/);
    expect(failed.finishedAt).toBeInstanceOf(Date);
    const logs = await ds.getRepository(JobLogEntity).findBy({ jobId: bad.id });
    expect(logs.map((l) => l.level)).toEqual(['error']);

    // The next flushes skip it; the producer goes on with later rows (no sequence error).
    const later = Array.from({ length: 20 }, (_, i) => job(i % 2 ? shopA : others[0]));
    await jobs.transaction((m) => jobs.enqueue(m, later, new Date()));
    expect(await outbox.flush()).toBe(40);
    await eventually(() => expect(seen.length).toBe(120), 30_000, 100);
    expect(new Set(ids()).size).toBe(120);
  });

  it('recovers the producer after a request refused on one partition but written on others', async () => {
    // Keys on three partitions; one too large message fails the request after the other
    // partitions took theirs, which desynchronised kafkajs's sequence numbers.
    const keys = ['k-0', 'k-1', 'k-2', 'k-3', 'k-4', 'k-5'];
    const partitions = await Promise.all(
      keys.map((k) => producer.partitionOf(TOPICS.syncRequested, k)),
    );
    expect(new Set(partitions).size).toBeGreaterThan(1);
    const value = (tag: string) => JSON.stringify({ jobId: tag });
    await producer.send(
      TOPICS.syncRequested,
      keys.map((key) => ({ key, value: value(`warm-${key}`) })),
    );
    await expect(
      producer.send(TOPICS.syncRequested, [
        ...keys.map((key) => ({ key, value: value(`mixed-${key}`) })),
        { key: keys[0], value: 'x'.repeat(LIMIT * 2) },
      ]),
    ).rejects.toMatchObject({ type: 'MESSAGE_TOO_LARGE' });
    for (let round = 0; round < 3; round++)
      await producer.send(TOPICS.syncRequested, [{ key: keys[1], value: value(`after-${round}`) }]);
    await eventually(
      () => expect(ids(seen).filter((id) => id.startsWith('after-'))).toHaveLength(3),
      30_000,
      100,
    );
  });

  it('publishes rows in id order with their headers, and marks exactly those published', async () => {
    const before = seen.length;
    const shop = randomUUID();
    const traceparent = `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`;
    await ds.transaction((m) =>
      outbox.add(
        m,
        Array.from({ length: 5 }, (_, i) => ({
          topic: TOPICS.syncRequested,
          key: `${shop}/default`,
          payload: {
            jobId: randomUUID(),
            shopId: shop,
            task: 'inventory',
            category: 'default',
            trigger: 'manual',
            attempt: i + 1,
            requestedAt: new Date().toISOString(),
            traceId: 'ab'.repeat(16),
          },
          headers: { traceparent, 'x-seq': String(i) },
        })),
        new Date(),
      ),
    );
    expect(await outbox.flush()).toBe(5);
    await eventually(() => expect(seen.length - before).toBe(5));
    const mine = seen.slice(before);
    expect(mine.map((m) => dataOf<{ attempt: number }>(m).attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(mine.map((m) => m.headers['x-seq'])).toEqual(['0', '1', '2', '3', '4']);
    expect(mine.every((m) => m.headers.traceparent === traceparent)).toBe(true);
    expect(await outbox.backlog()).toBe(0);
    expect(await outbox.flush()).toBe(0);
  });
});

function ids(messages: Collected[]): string[] {
  return messages.flatMap((m) => {
    try {
      // This test's raw values, or the first test's events.
      const value = JSON.parse(m.value!) as { jobId?: string; data?: { jobId: string } };
      return [value.data?.jobId ?? value.jobId ?? ''];
    } catch {
      return [];
    }
  });
}
