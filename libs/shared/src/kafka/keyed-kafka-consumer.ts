import { Logger } from '@nestjs/common';
import { Consumer, Kafka } from 'kafkajs';
import { KeyedDispatcher } from './keyed-dispatcher';
import { TRANSIENT_KAFKA_ERRORS } from './kafkajs-log-level';

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

export interface KeyedConsumerOptions {
  groupId: string;
  topics: string[];
  concurrency: number;
  maxBufferedPerPartition: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  commitIntervalMs: number;
  fromBeginning: boolean;
  joinTimeoutMs: number;
  // Resolves false to hand the message back (it stays uncommitted and is redelivered).
  handle: (message: ConsumedMessage) => Promise<boolean | void>;
}

// kafkajs heartbeats only between callbacks, so eachBatch never waits for a handler: it hands
// messages to per-key queues and returns. Fetching (and heartbeating) goes on while jobs run;
// offsets are committed only up to the first message that is not done.
export class KeyedKafkaConsumer {
  private readonly logger = new Logger(KeyedKafkaConsumer.name);
  private readonly consumer: Consumer;
  private readonly dispatcher: KeyedDispatcher;
  private commitTimer?: NodeJS.Timeout;
  private committing = Promise.resolve();
  private joined = false;
  private joins = 0;
  private joinWaiters: Array<() => void> = [];
  private stopped = false;
  private readonly lag = new Map<
    string,
    { partition: number; topic: string; high: string; offset: string }
  >();

  constructor(
    kafka: Kafka,
    private readonly opts: KeyedConsumerOptions,
  ) {
    this.consumer = kafka.consumer({
      groupId: opts.groupId,
      sessionTimeout: opts.sessionTimeoutMs,
      heartbeatInterval: opts.heartbeatIntervalMs,
      rebalanceTimeout: Math.max(opts.sessionTimeoutMs * 2, 60000),
      allowAutoTopicCreation: false,
      // A resumed partition is fetched only when the fetch in flight returns: keep that short.
      maxWaitTimeInMs: 100,
      retry: { retries: 20, initialRetryTime: 300, maxRetryTime: 10000 },
    });
    this.dispatcher = new KeyedDispatcher({
      concurrency: opts.concurrency,
      maxBufferedPerPartition: opts.maxBufferedPerPartition,
      pause: (topic, partition) => this.consumer.pause([{ topic, partitions: [partition] }]),
      resume: (topic, partition) => this.consumer.resume([{ topic, partitions: [partition] }]),
    });
  }

  get isJoined(): boolean {
    return this.joined;
  }

  stats() {
    return {
      ...this.dispatcher.stats(),
      joined: this.joined,
      joins: this.joins,
      partitions: [...this.lag.values()],
    };
  }

  async start(): Promise<void> {
    const { GROUP_JOIN, CRASH, REBALANCING } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, (event) => this.onJoin(event.payload.memberAssignment));
    this.consumer.on(REBALANCING, () => {
      this.joined = false;
    });
    this.consumer.on(CRASH, (event) => {
      this.joined = false;
      const error = String(event.payload.error);
      const line = {
        msg: 'kafka consumer crashed',
        groupId: this.opts.groupId,
        error,
        restart: event.payload.restart,
      };
      // A group coordinator still loading, a leader moving: routine on a fresh broker, and
      // kafkajs restarts the consumer. Anything else, or no restart, is an error.
      if (event.payload.restart && TRANSIENT_KAFKA_ERRORS.some((t) => t.test(error)))
        this.logger.warn(line);
      else this.logger.error(line);
    });
    await this.consumer.connect();
    for (const topic of this.opts.topics) {
      await this.consumer.subscribe({ topic, fromBeginning: this.opts.fromBeginning });
    }
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (const m of batch.messages) {
          if (!isRunning() || isStale()) break;
          const message: ConsumedMessage = {
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key ? m.key.toString() : null,
            value: m.value,
            headers: decodeHeaders(m.headers),
            timestamp: m.timestamp,
          };
          this.dispatcher.enqueue({
            topic: batch.topic,
            partition: batch.partition,
            offset: Number(m.offset),
            key: message.key ?? `(no key)/${batch.partition}`,
            run: () => this.opts.handle(message),
          });
          // Only moves kafkajs's fetch position; commits are ours (autoCommit is off).
          resolveOffset(m.offset);
        }
        this.lag.set(`${batch.topic}:${batch.partition}`, {
          topic: batch.topic,
          partition: batch.partition,
          high: batch.highWatermark,
          offset: batch.lastOffset(),
        });
        await heartbeat();
      },
    });
    this.commitTimer = setInterval(() => void this.commit(), this.opts.commitIntervalMs);
    await this.waitJoined(this.opts.joinTimeoutMs);
  }

  private onJoin(assignment: Record<string, number[]>): void {
    const now = new Set<string>();
    for (const [topic, partitions] of Object.entries(assignment))
      for (const p of partitions) now.add(`${topic}:${p}`);
    for (const { topic, partition } of this.dispatcher.assigned()) {
      if (!now.has(`${topic}:${partition}`)) this.dispatcher.revoke(topic, partition);
    }
    this.joined = true;
    this.joins++;
    const waiters = this.joinWaiters;
    this.joinWaiters = [];
    waiters.forEach((w) => w());
    this.logger.log({
      msg: 'consumer joined group',
      groupId: this.opts.groupId,
      partitions: now.size,
    });
  }

  waitJoined(timeoutMs: number): Promise<void> {
    if (this.joined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`consumer group ${this.opts.groupId} did not join within ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
      this.joinWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  commit(): Promise<void> {
    this.committing = this.committing.then(async () => {
      const commits = this.dispatcher.takeCommits();
      if (!commits.length) return;
      try {
        await this.consumer.commitOffsets(commits);
        for (const c of commits) this.dispatcher.markCommitted(c.topic, c.partition, c.offset);
      } catch (error) {
        // A rebalance in progress: the next join tells us what is still ours.
        this.logger.warn({
          msg: 'offset commit failed',
          groupId: this.opts.groupId,
          error: String(error),
        });
      }
    });
    return this.committing;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const assigned = this.dispatcher.assigned();
    const byTopic = new Map<string, number[]>();
    for (const a of assigned) byTopic.set(a.topic, [...(byTopic.get(a.topic) ?? []), a.partition]);
    if (byTopic.size)
      this.consumer.pause([...byTopic].map(([topic, partitions]) => ({ topic, partitions })));
    await this.dispatcher.drain();
    if (this.commitTimer) clearInterval(this.commitTimer);
    await this.commit();
    await this.consumer.disconnect();
  }
}

function decodeHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined || v === null) continue;
    out[k] = Buffer.isBuffer(v) ? v.toString() : Array.isArray(v) ? String(v[0]) : String(v);
  }
  return out;
}
