import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, LessThanOrEqual, In, FindOptionsWhere } from 'typeorm';
import { TopicName } from '../contracts/topics';
import { OutboxEntity } from '../database/entities';
import { KafkaProducer } from '../kafka/kafka-producer.service';

export interface OutboxMessage {
  topic: TopicName;
  key: string;
  payload: object;
  headers?: Record<string, string>;
}

// Guarantee 1: a message is committed in the same transaction as the change that caused it and
// published right after; whatever a crash or a broker outage leaves behind, the relay publishes.
// Rows go out in id order, and every flush takes all older unpublished rows too, so a key's
// messages never overtake each other (a duplicate is possible and harmless: workers dedupe).
@Injectable()
export class OutboxPublisher implements BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxPublisher.name);
  private running?: Promise<number>;
  private again = false;
  private closed = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly producer: KafkaProducer,
  ) {}

  async add(manager: EntityManager, messages: OutboxMessage[], now: Date): Promise<void> {
    if (!messages.length) return;
    await manager.insert(OutboxEntity, rowsOf(messages, now));
  }

  // Fire and forget: several callers in a burst share one flush.
  kick(): void {
    void this.flush().catch(() => undefined);
  }

  flush(minAgeMs = 0): Promise<number> {
    if (this.closed) return Promise.resolve(0);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      try {
        do {
          this.again = false;
          total += await this.flushOnce(minAgeMs);
        } while (this.again && !this.closed);
      } finally {
        this.running = undefined;
      }
      return total;
    })();
    return this.running;
  }

  // Runs before the producer and the database close (both in onApplicationShutdown): no new
  // flush starts, and the one in flight finishes; what it leaves unpublished stays for the relay.
  async beforeApplicationShutdown(): Promise<void> {
    this.closed = true;
    await this.running?.catch(() => undefined);
  }

  private async flushOnce(minAgeMs: number): Promise<number> {
    let published = 0;
    for (;;) {
      const where: FindOptionsWhere<OutboxEntity> = { publishedAt: IsNull() };
      if (minAgeMs > 0) where.createdAt = LessThanOrEqual(new Date(Date.now() - minAgeMs));
      const rows = await this.ds
        .getRepository(OutboxEntity)
        .find({ where, order: { id: 'ASC' }, take: 500 });
      if (!rows.length) return published;
      try {
        for (const group of consecutiveByTopic(rows)) {
          await this.producer.send(
            group[0].topic as TopicName,
            group.map((r) => ({ key: r.key, value: r.payload, headers: r.headers ?? undefined })),
          );
        }
      } catch (error) {
        await this.ds
          .getRepository(OutboxEntity)
          .increment({ id: rows[0].id }, 'attempts', 1)
          .catch(() => undefined);
        this.logger.warn({
          msg: 'outbox publish failed; rows stay for the relay',
          pending: rows.length,
          error: String(error),
        });
        throw error;
      }
      await this.ds
        .getRepository(OutboxEntity)
        .update({ id: In(rows.map((r) => r.id)) }, { publishedAt: new Date() });
      published += rows.length;
      if (rows.length < 500 || this.closed) return published;
    }
  }

  async backlog(): Promise<number> {
    return this.ds.getRepository(OutboxEntity).count({ where: { publishedAt: IsNull() } });
  }

  async prune(olderThanMs: number): Promise<void> {
    await this.ds
      .createQueryBuilder()
      .delete()
      .from(OutboxEntity)
      .where('"publishedAt" IS NOT NULL AND "publishedAt" < :cutoff', {
        cutoff: new Date(Date.now() - olderThanMs),
      })
      .execute();
  }
}

export function rowsOf(messages: OutboxMessage[], now: Date): Array<Omit<OutboxEntity, 'id'>> {
  return messages.map((m) => ({
    topic: m.topic,
    key: m.key,
    payload: JSON.stringify(m.payload),
    headers: m.headers ?? null,
    createdAt: now,
    publishedAt: null,
    attempts: 0,
    lastError: null,
  }));
}

function consecutiveByTopic(rows: OutboxEntity[]): OutboxEntity[][] {
  const groups: OutboxEntity[][] = [];
  for (const row of rows) {
    const last = groups[groups.length - 1];
    if (last && last[0].topic === row.topic) last.push(row);
    else groups.push([row]);
  }
  return groups;
}
