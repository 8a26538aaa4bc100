import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { KAFKA_BROKERS } from '@test/support/env';
import { eventually } from '@test/support/eventually';
import { KeyedKafkaConsumer } from './keyed-kafka-consumer';

const kafka = new Kafka({
  clientId: 'keyed-consumer-int',
  brokers: [KAFKA_BROKERS],
  logLevel: logLevel.NOTHING,
});

async function newTopic(partitions = 3): Promise<string> {
  const topic = `int.keyed.${randomBytes(4).toString('hex')}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
  });
  await admin.disconnect();
  return topic;
}

async function committed(groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
  await admin.disconnect();
  return t.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

describe('KeyedKafkaConsumer against the real broker', () => {
  it('runs a handler twice as long as the session timeout once, without a rebalance', async () => {
    const topic = await newTopic(1);
    const groupId = `int-long-${randomBytes(3).toString('hex')}`;
    const runs: string[] = [];
    const consumer = new KeyedKafkaConsumer(kafka, {
      groupId,
      topics: [topic],
      concurrency: 4,
      maxBufferedPerPartition: 100,
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 1000,
      commitIntervalMs: 200,
      fromBeginning: true,
      joinTimeoutMs: 30000,
      handle: async (m) => {
        runs.push(m.value!.toString());
        await new Promise((r) => setTimeout(r, 12_500));
      },
    });
    await consumer.start();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: 'long' }] });
    await eventually(async () => expect(await committed(groupId, topic)).toBe(1), 60_000, 500);
    expect(runs).toEqual(['long']);
    expect(consumer.stats().joins).toBe(1);
    await producer.disconnect();
    await consumer.stop();
  });

  it('commits only what is done, and a restarted consumer re-runs only the unfinished message', async () => {
    const topic = await newTopic(1);
    const groupId = `int-commit-${randomBytes(3).toString('hex')}`;
    const seen: string[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const make = (block: boolean) =>
      new KeyedKafkaConsumer(kafka, {
        groupId,
        topics: [topic],
        concurrency: 4,
        maxBufferedPerPartition: 100,
        sessionTimeoutMs: 6000,
        heartbeatIntervalMs: 1000,
        commitIntervalMs: 100,
        fromBeginning: true,
        joinTimeoutMs: 30000,
        handle: async (m) => {
          const v = m.value!.toString();
          seen.push(v);
          if (block && v === 'a1') {
            await blocked;
            return false; // handed back: stays uncommitted
          }
        },
      });
    const first = make(true);
    await first.start();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'a', value: 'a1' },
        { key: 'b', value: 'b1' },
        { key: 'a', value: 'a2' },
      ],
    });
    await eventually(() => expect(seen).toEqual(['a1', 'b1']));
    release();
    await first.stop();
    expect(await committed(groupId, topic)).toBe(0);
    seen.length = 0;
    const second = make(false);
    await second.start();
    await eventually(async () => expect(await committed(groupId, topic)).toBe(3), 30_000, 300);
    // b1 was done but sat behind the unfinished a1, so it comes again: at-least-once, in key order.
    expect(seen.filter((v) => v.startsWith('a'))).toEqual(['a1', 'a2']);
    await producer.disconnect();
    await second.stop();
  });
});
