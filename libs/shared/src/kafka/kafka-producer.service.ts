import { Logger } from '@nestjs/common';
import { CompressionTypes, Kafka, Message, Producer } from 'kafkajs';
import type { KafkaSettings } from '../config/common-env';
import { topicName, TopicName } from '../contracts/topics';
import { ensureTopics } from './topic-admin';

export interface OutgoingMessage {
  key: string | null;
  value: string;
  headers?: Record<string, string>;
}

// One idempotent producer per process, acks=all: what must not be lost is not lost.
export class KafkaProducer {
  private readonly logger = new Logger(KafkaProducer.name);
  private producer?: Producer;
  private connecting?: Promise<Producer>;
  private topicsReady = false;

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

  private async ready(): Promise<Producer> {
    if (this.producer) return this.producer;
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
          this.producer = p;
          p.on(p.events.DISCONNECT, () => {
            if (this.producer === p) this.producer = undefined;
            this.connecting = undefined;
          });
          return p;
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

  async send(base: TopicName, messages: OutgoingMessage[]): Promise<void> {
    await this.sendRaw(this.fullTopic(base), messages);
  }

  async sendRaw(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (!messages.length) return;
    const producer = await this.ready();
    const kafkaMessages: Message[] = messages.map((m) => ({
      key: m.key,
      value: m.value,
      headers: m.headers,
    }));
    try {
      await producer.send({
        topic,
        acks: -1,
        compression: CompressionTypes.None,
        messages: kafkaMessages,
      });
    } catch (error) {
      // A broker that came back empty has lost our topics: check them again on the next send.
      this.topicsReady = false;
      throw error;
    }
  }

  async close(): Promise<void> {
    const p = this.producer;
    this.producer = undefined;
    this.connecting = undefined;
    if (p) {
      try {
        await p.disconnect();
      } catch (error) {
        this.logger.warn({ msg: 'producer disconnect failed', error: String(error) });
      }
    }
  }
}
