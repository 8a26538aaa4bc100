import { Logger } from '@nestjs/common';
import {
  CompressionTypes,
  ConfigResourceTypes,
  Kafka,
  Message,
  Partitioners,
  Producer,
} from 'kafkajs';
import type { KafkaSettings } from '../config/common-env';
import { topicName, TopicName } from '../contracts/topics';
import { ensureTopics } from './topic-admin';
import { withTraceContext } from './trace-headers';

export interface OutgoingMessage {
  key: string | null;
  value: string;
  headers?: Record<string, string>;
  partition?: number;
}

// The partitioner kafkajs uses by default, so an explicit partition lands where it always did.
const partitioner = Partitioners.DefaultPartitioner();

// Broker answers that blame the records of a request, not the broker or the producer: sent
// again, they fail again.
const RECORD_ERRORS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TIMESTAMP',
]);

export function refusedRecord(error: unknown): string | undefined {
  for (let e = error as { type?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e)
    if (typeof e.type === 'string' && RECORD_ERRORS.has(e.type)) return e.type;
  return undefined;
}

function kafkaMessage(m: OutgoingMessage): Message {
  return {
    key: m.key,
    value: m.value,
    headers: withTraceContext(m.headers),
    partition: m.partition,
  };
}

interface TopicFacts {
  partitions: number;
  maxMessageBytes: number;
}

interface Lease {
  producer: Producer;
  inflight: number;
  retired: boolean;
}

// One idempotent producer per process, acks=all: what must not be lost is not lost.
// After a failed send the producer is replaced: a produce request spanning partitions can fail
// on one partition after the others were written, and kafkajs then rewinds every partition's
// sequence, so the old producer would answer "out of order sequence number" forever.
export class KafkaProducer {
  private readonly logger = new Logger(KafkaProducer.name);
  private current?: Lease;
  private connecting?: Promise<Lease>;
  private topicsReady = false;
  private readonly facts = new Map<string, Promise<TopicFacts>>();

  constructor(
    private readonly kafka: Kafka,
    private readonly settings: KafkaSettings,
  ) {}

  // Topics are created lazily and once: a broker that is down at boot must not stop an app.
  async ensureTopics(): Promise<void> {
    if (this.topicsReady) return;
    await ensureTopics(this.kafka, this.settings);
    this.topicsReady = true;
  }

  private async ready(): Promise<Lease> {
    if (this.current) return this.current;
    if (!this.connecting) {
      await this.ensureTopics();
      const p = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5000 },
      });
      this.connecting = p
        .connect()
        .then(() => {
          const lease: Lease = { producer: p, inflight: 0, retired: false };
          this.current = lease;
          p.on(p.events.DISCONNECT, () => {
            if (this.current !== lease) return;
            this.current = undefined;
            this.connecting = undefined;
          });
          return lease;
        })
        .catch((error: unknown) => {
          this.connecting = undefined;
          throw error;
        });
    }
    return this.connecting;
  }

  fullTopic(base: TopicName): string {
    return topicName(base, this.settings.topicPrefix);
  }

  // The partition a key goes to, from the topic's partition count (cached until a send fails).
  async partitionOf(base: TopicName, key: string): Promise<number> {
    const topic = this.fullTopic(base);
    const { partitions: count } = await this.topicFacts(topic);
    const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
      partitionErrorCode: 0,
    }));
    return partitioner({ topic, partitionMetadata, message: { key, value: null } });
  }

  // The topic's max.message.bytes: the largest record batch the broker takes for one of its
  // partitions. 0 when it cannot be read (callers then send one partition per request).
  async batchLimitOf(base: TopicName): Promise<number> {
    return (await this.topicFacts(this.fullTopic(base))).maxMessageBytes;
  }

  // A topic's partition count and size limit, read in one admin session the first time either is
  // needed (a first publish waits for it: one connection, not one per fact), shared by concurrent
  // callers and kept until a send fails. A limit that cannot be read is 0; a partition count that
  // cannot be read fails the call and is asked again next time.
  private topicFacts(topic: string): Promise<TopicFacts> {
    let facts = this.facts.get(topic);
    if (!facts) {
      facts = this.readTopicFacts(topic);
      this.facts.set(topic, facts);
      facts.catch(() => {
        if (this.facts.get(topic) === facts) this.facts.delete(topic);
      });
    }
    return facts;
  }

  private async readTopicFacts(topic: string): Promise<TopicFacts> {
    await this.ensureTopics();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const [meta, configs] = await Promise.all([
        admin.fetchTopicMetadata({ topics: [topic] }),
        admin
          .describeConfigs({
            includeSynonyms: false,
            resources: [
              { type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['max.message.bytes'] },
            ],
          })
          .catch((error: unknown) => {
            this.logger.warn({
              msg: 'could not read the topic size limit',
              topic,
              error: String(error),
            });
            return undefined;
          }),
      ]);
      const entry = configs?.resources[0]?.configEntries.find(
        (e) => e.configName === 'max.message.bytes',
      );
      return {
        partitions: meta.topics[0].partitions.length,
        maxMessageBytes: Number(entry?.configValue ?? 0) || 0,
      };
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  async send(base: TopicName, messages: OutgoingMessage[]): Promise<void> {
    await this.sendRaw(this.fullTopic(base), messages);
  }

  // Several topics' messages in one produce request per broker (one round trip on one broker).
  // The broker answers for each partition, but a refusal fails the whole call: callers send
  // here only what no partition should refuse (see OutboxPublisher).
  async sendMany(batches: Array<{ topic: TopicName; messages: OutgoingMessage[] }>): Promise<void> {
    const topicMessages = batches
      .filter((b) => b.messages.length)
      .map((b) => ({ topic: this.fullTopic(b.topic), messages: b.messages.map(kafkaMessage) }));
    if (!topicMessages.length) return;
    await this.produce((producer) =>
      producer.sendBatch({ acks: -1, compression: CompressionTypes.None, topicMessages }),
    );
  }

  async sendRaw(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (!messages.length) return;
    await this.produce((producer) =>
      producer.send({
        topic,
        acks: -1,
        compression: CompressionTypes.None,
        messages: messages.map(kafkaMessage),
      }),
    );
  }

  private async produce(send: (producer: Producer) => Promise<unknown>): Promise<void> {
    const lease = await this.ready();
    lease.inflight++;
    try {
      await send(lease.producer);
    } catch (error) {
      // A broker that came back empty has lost our topics: check them again on the next send.
      if (!refusedRecord(error)) {
        this.topicsReady = false;
        this.facts.clear();
      }
      this.retire(lease, error);
      throw error;
    } finally {
      lease.inflight--;
      if (lease.retired && !lease.inflight) void this.disconnect(lease.producer);
    }
  }

  // The next send gets a new producer (a new producer id, sequences from 0); the old one is
  // closed once the sends still using it are done.
  private retire(lease: Lease, error: unknown): void {
    if (lease.retired) return;
    lease.retired = true;
    if (this.current === lease) {
      this.current = undefined;
      this.connecting = undefined;
    }
    this.logger.warn({ msg: 'producer replaced after a failed send', error: String(error) });
  }

  private async disconnect(p: Producer): Promise<void> {
    try {
      await p.disconnect();
    } catch (error) {
      this.logger.warn({ msg: 'producer disconnect failed', error: String(error) });
    }
  }

  async close(): Promise<void> {
    const lease = this.current;
    this.current = undefined;
    this.connecting = undefined;
    if (lease) await this.disconnect(lease.producer);
  }
}
