import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  FindOptionsWhere,
  In,
  IsNull,
  LessThanOrEqual,
  Not,
  QueryRunner,
} from 'typeorm';
import { encodeEvent, isCloudEvent, stableEventId } from '../contracts/cloud-event';
import { TOPICS, TopicName } from '../contracts/topics';
import { JobEntity, OutboxEntity } from '../database/entities';
import { ERROR_CODES } from '../domain/errors';
import { lifecycleMessageOf } from '../jobs/job-messages';
import { KafkaProducer, OutgoingMessage, refusedRecord } from '../kafka/kafka-producer.service';
import { withTraceContext } from '../kafka/trace-headers';
import { SetAside, setAsideRows } from './outbox-set-aside';

const BATCH = 500;

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
// A row the broker refuses for good is set aside with its reason and never blocks the others.
@Injectable()
export class OutboxPublisher implements BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxPublisher.name);
  private running?: Promise<number>;
  private again = false;
  private closed = false;
  // Transactions that wrote rows to publish once they commit (see kickAfterCommit).
  private readonly toKick = new WeakSet<QueryRunner>();
  private readonly commits: EntitySubscriberInterface = {
    afterTransactionCommit: ({ queryRunner }) => {
      // A savepoint released is not yet a commit: only the outermost level counts.
      if (!queryRunner.isTransactionActive && this.toKick.delete(queryRunner)) this.kick();
    },
    afterTransactionRollback: ({ queryRunner }) => {
      if (!queryRunner.isTransactionActive) this.toKick.delete(queryRunner);
    },
  };

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly producer: KafkaProducer,
  ) {
    ds.subscribers?.push(this.commits);
  }

  async add(manager: EntityManager, messages: OutboxMessage[], now: Date): Promise<void> {
    if (!messages.length) return;
    await manager.insert(OutboxEntity, rowsOf(messages, now));
  }

  // Publishes what `manager` wrote once its transaction commits (at once outside one); a rollback
  // drops the kick with the rows.
  kickAfterCommit(manager: EntityManager): void {
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) this.toKick.add(runner);
    else this.kick();
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
    const at = this.ds.subscribers?.indexOf(this.commits) ?? -1;
    if (at >= 0) this.ds.subscribers.splice(at, 1);
    await this.running?.catch(() => undefined);
  }

  private async flushOnce(minAgeMs: number): Promise<number> {
    let published = 0;
    for (;;) {
      const where: FindOptionsWhere<OutboxEntity> = { publishedAt: IsNull(), failedAt: IsNull() };
      if (minAgeMs > 0) where.createdAt = LessThanOrEqual(new Date(Date.now() - minAgeMs));
      const rows = await this.ds
        .getRepository(OutboxEntity)
        .find({ where, order: { id: 'ASC' }, take: BATCH });
      if (!rows.length) return published;
      const outcome: Outcome = { sent: [], refused: [] };
      try {
        await this.sendAll(await this.byPartition(rows), outcome);
      } catch (error) {
        outcome.error = error;
      }
      published += await this.record(outcome);
      if (outcome.error !== undefined) {
        const pending = rows.length - outcome.sent.length - outcome.refused.length;
        const first = rows.find((r) => !outcome.sent.includes(r) && !isRefused(outcome, r));
        if (first)
          await this.ds
            .getRepository(OutboxEntity)
            .update(
              { id: first.id },
              { attempts: first.attempts + 1, lastError: String(outcome.error) },
            )
            .catch(() => undefined);
        this.logger.warn({
          msg: 'outbox publish failed; rows stay for the relay',
          pending,
          error: String(outcome.error),
        });
        throw outcome.error;
      }
      if (rows.length < BATCH || this.closed) return published;
    }
  }

  // One produce request per partition: the broker takes or refuses it whole, so a refusal never
  // leaves half a request written (which a resend would duplicate). Id order within each.
  private async byPartition(rows: OutboxEntity[]): Promise<Array<Array<Pending>>> {
    const groups = new Map<string, Pending[]>();
    for (const row of rows) {
      const topic = row.topic as TopicName;
      const partition = await this.producer.partitionOf(topic, row.key);
      const id = `${topic}\u0000${partition}`;
      const group = groups.get(id) ?? [];
      group.push({ row, topic, partition });
      groups.set(id, group);
    }
    return [...groups.values()];
  }

  // Partitions whose rows fit well within their topic's limit go out together, one produce
  // request for the flush (one round trip instead of one per partition: the flush is what a
  // request's job waits for before its worker can see it). A partition near the limit, or any
  // when the limit is unknown, gets a request of its own as before. Should the shared request be
  // refused after all, its partitions are sent one by one: the ones it had written then carry
  // their rows twice, which consumers drop (a redelivery).
  private async sendAll(groups: Pending[][], outcome: Outcome): Promise<void> {
    const limits = new Map<TopicName, number>();
    for (const topic of new Set(groups.map((g) => g[0].topic)))
      limits.set(topic, await this.producer.batchLimitOf(topic));
    const shared: Pending[][] = [];
    const alone: Pending[][] = [];
    let sharedBytes = 0;
    for (const group of groups) {
      const bytes = batchBytes(group);
      const fits =
        bytes * 2 <= (limits.get(group[0].topic) ?? 0) && sharedBytes + bytes <= SHARED_BYTES;
      if (fits) sharedBytes += bytes;
      (fits ? shared : alone).push(group);
    }
    if (shared.length > 1) {
      try {
        // One entry per topic (kafkajs keeps only the last of a topic named twice).
        const byTopic = new Map<TopicName, OutgoingMessage[]>();
        for (const group of shared)
          byTopic.set(group[0].topic, [
            ...(byTopic.get(group[0].topic) ?? []),
            ...group.map(messageOf),
          ]);
        await this.producer.sendMany(
          [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        );
        for (const group of shared) outcome.sent.push(...group.map((p) => p.row));
      } catch (error) {
        if (!refusedRecord(error)) throw error;
        alone.unshift(...shared);
      }
    } else alone.unshift(...shared);
    for (const group of alone) await this.sendGroup(group, outcome);
  }

  // A refused request is split in halves until the refused rows stand alone; those are set
  // aside and the rest go out, still in id order. Any other error stops the flush.
  private async sendGroup(group: Pending[], outcome: Outcome): Promise<void> {
    try {
      await this.producer.send(group[0].topic, group.map(messageOf));
      outcome.sent.push(...group.map((p) => p.row));
    } catch (error) {
      const refusal = refusedRecord(error);
      if (!refusal) throw error;
      if (group.length === 1) {
        const bytes = Buffer.byteLength(group[0].row.payload, 'utf8');
        outcome.refused.push({
          row: group[0].row,
          reason: `the broker refused it (${refusal}, ${bytes} bytes): ${(error as Error).message}`,
        });
        return;
      }
      const half = Math.ceil(group.length / 2);
      await this.sendGroup(group.slice(0, half), outcome);
      await this.sendGroup(group.slice(half), outcome);
    }
  }

  private async record(outcome: Outcome): Promise<number> {
    if (outcome.sent.length)
      await this.ds
        .getRepository(OutboxEntity)
        .update({ id: In(outcome.sent.map((r) => r.id)) }, { publishedAt: new Date() });
    for (const { row, reason, job } of await setAsideRows(this.ds, outcome.refused)) {
      this.logger.error({
        msg: 'outbox row set aside: the broker refused it',
        outboxId: row.id,
        topic: row.topic,
        key: row.key,
        jobId: job?.id,
        errorCode: job ? ERROR_CODES.outboxUnpublishable : undefined,
        reason,
      });
      if (job) await this.announce(job);
    }
    return outcome.sent.length;
  }

  // Waiters (foreground requests) learn of the failure like of any other; best effort.
  private async announce(job: JobEntity): Promise<void> {
    await this.producer
      .send(TOPICS.syncLifecycle, [lifecycleMessageOf(job, new Date())])
      .catch((error: unknown) =>
        this.logger.warn({
          msg: 'lifecycle event not published',
          jobId: job.id,
          error: String(error),
        }),
      );
  }

  async backlog(): Promise<number> {
    return this.ds
      .getRepository(OutboxEntity)
      .count({ where: { publishedAt: IsNull(), failedAt: IsNull() } });
  }

  async setAside(): Promise<number> {
    return this.ds.getRepository(OutboxEntity).count({ where: { failedAt: Not(IsNull()) } });
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
    // The envelope (and so its id) is made once, here: a re-publish sends the very same event.
    payload: encodeEvent(m.topic, m.key, m.payload, { time: now }),
    // The trace of whoever wrote the row (a job's run, say), not of the relay that publishes it.
    headers: withTraceContext(m.headers),
    createdAt: now,
    publishedAt: null,
    attempts: 0,
    lastError: null,
    failedAt: null,
  }));
}

// Rows written before envelopes existed hold the bare payload: wrapped on the way out, with an
// id that the row decides, so a re-publish still dedupes.
function valueOf(row: OutboxEntity): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.payload);
  } catch {
    return row.payload;
  }
  if (isCloudEvent(parsed)) return row.payload;
  const time = new Date(row.createdAt ?? 0);
  return encodeEvent(row.topic as TopicName, row.key, parsed, {
    id: stableEventId(`outbox/${row.id}/${time.getTime()}`),
    time,
  });
}

// A shared request stays well below the broker's request size limit (100 MiB by default).
const SHARED_BYTES = 8 * 1024 * 1024;

function messageOf({ row, partition }: Pending): OutgoingMessage {
  return { key: row.key, value: valueOf(row), headers: row.headers ?? undefined, partition };
}

// A partition's record batch, estimated from above: payload, key and headers, plus a record's
// and a batch's framing.
function batchBytes(group: Pending[]): number {
  let bytes = 61;
  for (const { row } of group) {
    bytes += 32 + Buffer.byteLength(row.payload, 'utf8') + Buffer.byteLength(row.key ?? '', 'utf8');
    for (const [k, v] of Object.entries(row.headers ?? {}))
      bytes += 8 + Buffer.byteLength(k, 'utf8') + Buffer.byteLength(String(v), 'utf8');
  }
  return bytes;
}

interface Pending {
  row: OutboxEntity;
  topic: TopicName;
  partition: number;
}

interface Outcome {
  sent: OutboxEntity[];
  refused: SetAside[];
  error?: unknown;
}

function isRefused(outcome: Outcome, row: OutboxEntity): boolean {
  return outcome.refused.some((r) => r.row === row);
}
