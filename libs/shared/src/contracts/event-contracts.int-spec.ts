import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { eventData, validEvent } from '@test/support/events';
import { eventually } from '@test/support/eventually';
import { collect, Collected, dataOf, testKafka } from '@test/support/kafka';
import { openDataSource } from '../database/data-source';
import type { ErpCustomerEntity, ErpPaymentEntity } from '../database/entities';
import { lifecycleMessageOf } from '../jobs/job-messages';
import { JobsRepository } from '../jobs/jobs.repository';
import { newJob } from '../jobs/new-job';
import { KafkaProducer } from '../kafka/kafka-producer.service';
import { KeyedKafkaServer } from '../kafka/keyed-kafka.server';
import { keyedKafkaServer } from '../kafka/keyed-server.factory';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import {
  customerDocument,
  erpOutboundKey,
  ErpOutboundV1,
  paymentDocument,
} from './erp-outbound.v1';
import { TOPICS, TopicName } from './topics';

// One test per topic: each kind of message is produced the way the apps produce it (the outbox,
// the lifecycle serialiser, the transport's dead letters) onto the real broker, read back and
// checked against the checked-in schemas (envelope and payload). The two input topics take
// their payload bare and enveloped alike.
describe('event contracts on the broker', () => {
  const prefix = `ev-${randomBytes(4).toString('hex')}.`;
  const settings = { brokers: [], clientId: 'events-test', topicPrefix: prefix, partitions: 2 };
  let kafka: Kafka;
  let ds: DataSource;
  let producer: KafkaProducer;
  let outbox: OutboxPublisher;
  let jobs: JobsRepository;
  let server: KeyedKafkaServer;
  const topics = {} as Record<
    TopicName,
    { messages: Collected[]; consumer: { disconnect(): Promise<void> } }
  >;
  const handled: Array<{ topic: TopicName; data: unknown; eventId?: string }> = [];

  beforeAll(async () => {
    kafka = testKafka();
    ds = await openDataSource({
      sqlitePath: join(mkdtempSync(join(tmpdir(), 'shopsync-events-')), 'e.sqlite'),
      poolSize: 1,
    });
    producer = new KafkaProducer(kafka, settings);
    await producer.ensureTopics();
    outbox = new OutboxPublisher(ds, producer);
    jobs = new JobsRepository(ds, outbox);
    for (const topic of [
      TOPICS.syncRequested,
      TOPICS.syncLifecycle,
      TOPICS.erpOutbound,
      TOPICS.dlq,
    ])
      topics[topic] = await collect(kafka, `${prefix}${topic}`);
    // The transport every app consumes with, with handlers for the topics under test.
    server = keyedKafkaServer(kafka, settings, producer, 'events-test', 'events-test', {
      topics: [TOPICS.syncCommands, TOPICS.erpInbound, TOPICS.syncRequested],
      maxHandlerRetries: 0,
    });
    for (const topic of [TOPICS.syncCommands, TOPICS.erpInbound, TOPICS.syncRequested])
      server.addHandler(
        topic,
        async (data: unknown, ctx: { event?: { id: string } }) => {
          handled.push({ topic, data, eventId: ctx.event?.id });
        },
        true,
      );
    await new Promise<void>((resolve) => server.listen(() => resolve()));
    await eventually(() => expect(server.ready).toBe(true), 60_000, 200);
  });

  afterAll(async () => {
    await server?.close();
    for (const t of Object.values(topics)) await t.consumer.disconnect();
    await producer?.close();
    await ds?.destroy();
    const admin = kafka.admin();
    await admin.connect();
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin.disconnect();
  });

  const job = () =>
    newJob({
      shopId: randomUUID(),
      task: 'orders',
      category: 'default',
      trigger: 'manual',
      now: new Date(),
      params: { since: '2026-11-01' },
      maxAttempts: 3,
      rerunDelaySeconds: 0,
    });
  const on = (topic: TopicName, jobId: string) =>
    topics[topic].messages.filter((m) => m.value?.includes(jobId));
  const raw = (topic: TopicName, value: unknown, key: string) =>
    producer.sendRaw(`${prefix}${topic}`, [{ key, value: JSON.stringify(value) }]);

  it(`${TOPICS.syncRequested}: a job asked for through the outbox`, async () => {
    const j = job();
    await jobs.requestRuns(null, [{ job: j }], new Date());
    await outbox.flush();
    const [message] = await eventually(() => {
      const found = on(TOPICS.syncRequested, j.id);
      expect(found).toHaveLength(1);
      return found;
    });
    const event = validEvent(message.topic, message.value);
    expect(event).toMatchObject({
      type: 'dev.shopsync.sync.requested.v1',
      source: `/shopsync/shops/${j.shopId}`,
      subject: j.id,
      data: { jobId: j.id, task: 'orders', params: { since: '2026-11-01' } },
    });
    // The worker's transport unwraps it: the handler gets the payload, the context the event.
    await eventually(() =>
      expect(handled).toContainEqual({
        topic: TOPICS.syncRequested,
        data: event.data,
        eventId: event.id,
      }),
    );
  });

  it(`${TOPICS.syncLifecycle}: queued (outbox), then the worker's and the gateway's events`, async () => {
    const j = job();
    await jobs.requestRuns(null, [{ job: j }], new Date());
    await outbox.flush();
    await producer.send(TOPICS.syncLifecycle, [
      lifecycleMessageOf(
        { ...j, status: 'running', progressProcessed: 3, progressTotal: 9 },
        new Date(),
      ),
      lifecycleMessageOf({ ...j, status: 'queued' }, new Date(), randomUUID()),
      lifecycleMessageOf({ ...j, status: 'failed', error: 'boom', summary: { n: 1 } }, new Date()),
    ]);
    const statuses = await eventually(() => {
      const found = on(TOPICS.syncLifecycle, j.id).map((m) => dataOf<{ status: string }>(m));
      expect(found).toHaveLength(4);
      return found.map((e) => e.status);
    });
    expect(statuses).toEqual(['queued', 'running', 'waiting', 'failed']);
    const types = on(TOPICS.syncLifecycle, j.id).map((m) => validEvent(m.topic, m.value).type);
    expect(new Set(types)).toEqual(new Set(['dev.shopsync.job.lifecycle.v1']));
  });

  it(`${TOPICS.erpOutbound}: documents for the ERP through the outbox, one type per document`, async () => {
    const shopId = randomUUID();
    const now = new Date();
    const payment = paymentDocument({
      id: randomUUID(),
      transactionId: 'gid://shopify/OrderTransaction/1',
      shopId,
      shopifyOrderId: 'gid://shopify/Order/1',
      orderName: '#1001',
      kind: 'SALE',
      status: 'SUCCESS',
      gateway: 'manual',
      amount: '10.00',
      currency: 'EUR',
      parentTransactionId: null,
      processedAt: now,
      createdAt: now,
    } as ErpPaymentEntity);
    const customer = customerDocument({
      id: randomUUID(),
      number: 'C-1',
      email: 'a@example.com',
      phone: null,
      firstName: 'Ann',
      lastName: 'Buyer',
      company: null,
      address: null,
      source: 'shopify',
      updatedAt: now,
    } as ErpCustomerEntity);
    const messages: ErpOutboundV1[] = [
      { docType: 'payment', shopId, document: payment },
      { docType: 'customer', shopId, document: customer },
    ];
    await ds.transaction((m) =>
      outbox.add(
        m,
        messages.map((message) => ({
          topic: TOPICS.erpOutbound,
          key: erpOutboundKey(message),
          payload: message,
        })),
        now,
      ),
    );
    await outbox.flush();
    const events = await eventually(() => {
      const found = topics[TOPICS.erpOutbound].messages.filter((m) => m.key?.startsWith(shopId));
      expect(found).toHaveLength(2);
      return found.map((m) => validEvent(m.topic, m.value));
    });
    // Two documents, two keys: Kafka orders a key's messages, not messages of different keys
    // (they may land on different partitions), so the check is by type.
    const byType = new Map(events.map((e) => [e.type, e.subject]));
    expect(events).toHaveLength(2);
    expect(byType).toEqual(
      new Map([
        ['dev.shopsync.erp.payment.v1', payment.id],
        ['dev.shopsync.erp.customer.v1', customer.id],
      ]),
    );
  });

  it(`${TOPICS.dlq}: a refused message, set aside by the transport`, async () => {
    const key = `dlq-${randomUUID()}`;
    await raw(TOPICS.syncRequested, { jobId: 'bare' }, key);
    const [letter] = await eventually(() => {
      const found = topics[TOPICS.dlq].messages.filter((m) => m.key === key);
      expect(found).toHaveLength(1);
      return found;
    });
    const event = validEvent<{ reason: string; value: string }>(letter.topic, letter.value);
    expect(event.type).toBe('dev.shopsync.dlq.v1');
    expect(event.source).toBe('/shopsync/consumers/events-test');
    expect(event.data.reason).toMatch(/CloudEvents 1.0 envelope/);
    expect(event.data.value).toBe(JSON.stringify({ jobId: 'bare' }));
  });

  it(`${TOPICS.syncCommands}: the bare command and the enveloped one reach the handler alike`, async () => {
    const command = { shop: 'acme', task: 'orders', idempotencyKey: randomUUID() };
    expect(
      eventData(TOPICS.syncCommands, envelope('dev.shopsync.sync.command.v1', command)),
    ).toEqual(command);
    await raw(TOPICS.syncCommands, command, 'acme');
    await raw(
      TOPICS.syncCommands,
      JSON.parse(envelope('dev.shopsync.sync.command.v1', command)),
      'acme',
    );
    await eventually(() =>
      expect(
        handled.filter((h) => h.topic === TOPICS.syncCommands && isEqual(h.data, command)),
      ).toHaveLength(2),
    );
  });

  it(`${TOPICS.erpInbound}: the bare record and the enveloped one reach the handler alike`, async () => {
    const record = {
      entity: 'stock',
      data: { sku: `S-${randomUUID()}`, locationCode: 'WH1', quantity: 4 },
    };
    expect(eventData(TOPICS.erpInbound, envelope('dev.shopsync.erp.inbound.v1', record))).toEqual(
      record,
    );
    await raw(TOPICS.erpInbound, record, `stock/${record.data.sku}`);
    await raw(
      TOPICS.erpInbound,
      JSON.parse(envelope('dev.shopsync.erp.inbound.v1', record)),
      `stock/${record.data.sku}`,
    );
    await eventually(() =>
      expect(
        handled.filter((h) => h.topic === TOPICS.erpInbound && isEqual(h.data, record)),
      ).toHaveLength(2),
    );
  });
});

function envelope(type: string, data: unknown): string {
  return JSON.stringify({
    specversion: '1.0',
    id: randomUUID(),
    source: '/erp/test',
    type,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    dataschema: `https://shopsync.dev/schemas/events/${type === 'dev.shopsync.sync.command.v1' ? 'sync-command' : 'erp-inbound'}.v1.json`,
    data,
  });
}

function isEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
