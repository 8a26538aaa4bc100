import { Consumer, Kafka, logLevel } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { KAFKA_BROKERS } from './env';
import { eventData } from './events';
import { eventually } from './eventually';

export function testKafka(brokers = KAFKA_BROKERS): Kafka {
  return new Kafka({
    clientId: `test-${randomBytes(3).toString('hex')}`,
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
  });
}

export interface Collected {
  topic: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

// A consumer in its own group that collects every message of a topic; resolves once joined.
export async function collect(
  kafka: Kafka,
  topic: string,
): Promise<{ messages: Collected[]; consumer: Consumer }> {
  const consumer = kafka.consumer({
    groupId: `test-${randomBytes(4).toString('hex')}`,
    sessionTimeout: 10000,
  });
  const messages: Collected[] = [];
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.connect();
  await eventually(
    async () => {
      const topics = await listTopics(kafka);
      if (!topics.includes(topic)) throw new Error(`topic ${topic} missing`);
    },
    60_000,
    500,
  );
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic: from, message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) if (v) headers[k] = v.toString();
      messages.push({
        topic: from,
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? null,
        headers,
      });
    },
  });
  await eventually(
    () => {
      if (!joined) throw new Error('not joined');
    },
    30_000,
    100,
  );
  return { messages, consumer };
}

async function listTopics(kafka: Kafka): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

// The payload of a collected message, after checking its envelope and payload against the
// checked-in schemas (see events.ts).
export function dataOf<T = Record<string, unknown>>(message: Collected): T {
  return eventData<T>(message.topic, message.value);
}
