import { setMaxListeners } from 'node:events';
import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import {
  BaseRpcContext,
  CustomTransportStrategy,
  MessageHandler,
  Server,
} from '@nestjs/microservices';
import { SpanKind } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
import { isObservable, lastValueFrom, Observable, throwError } from 'rxjs';
import { sleep } from '../clock/sleep';
import { CloudEventAttributes, decodeEvent, encodeEvent } from '../contracts/cloud-event';
import { DeadLetterV1 } from '../contracts/dlq.v1';
import { TOPICS, topicName, TopicName } from '../contracts/topics';
import { DomainError, ERROR_CODES } from '../domain/errors';
import type { KafkaSettings } from '../config/common-env';
import { inSpan } from '../tracing/trace-context';
import { deleteEmptyGroups } from './group-admin';
import { KafkaProducer } from './kafka-producer.service';
import { ConsumedMessage, KeyedKafkaConsumer } from './keyed-kafka-consumer';
import { consumerSpanAttributes, traceContextOf } from './trace-headers';

export class KeyedKafkaContext extends BaseRpcContext<
  [ConsumedMessage, AbortSignal, CloudEventAttributes | undefined]
> {
  get message(): ConsumedMessage {
    return this.args[0];
  }
  // The CloudEvents attributes the payload came in (absent for a bare payload where allowed).
  get event(): CloudEventAttributes | undefined {
    return this.args[2];
  }
  // Aborted when the process shuts down: a handler may hand its message back.
  get signal(): AbortSignal {
    return this.args[1];
  }
}

// Thrown by a handler that gives its message back without finishing it (it is redelivered).
export class HandBack extends Error {
  constructor(reason: string) {
    super(reason);
  }
}

// Nest turns handler errors into plain objects for RPC replies; events need the real error so
// the transport can tell a bad message (DLQ) from a passing failure (retry).
@Catch()
export class RpcPassthroughFilter implements RpcExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

export interface KeyedKafkaServerOptions {
  kafka: Kafka;
  settings: KafkaSettings;
  producer: KafkaProducer;
  groupId: string;
  consumerName: string;
  concurrency: number;
  maxBufferedPerPartition: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  commitIntervalMs: number;
  joinTimeoutMs: number;
  shutdownGraceMs: number;
  maxHandlerRetries: number;
  fromBeginning?: boolean;
  // Nest hands every @EventPattern to every transport; this server consumes only these topics.
  topics?: TopicName[];
  // The group is this instance's alone, named `<instanceGroupPrefix><instance id>`: it is
  // deleted on a clean close, and empty ones under the prefix (instances that died) on start.
  instanceGroupPrefix?: string;
  // True when nothing here needs messages right now (every gateway reads every lifecycle event,
  // most with nobody waiting): they are acknowledged without being parsed or handled.
  unwanted?: () => boolean;
}

// A Nest transport on kafkajs that keeps per-key order while running keys concurrently. Handlers
// are ordinary @EventPattern(TOPICS.x) methods with dependency injection as usual.
export class KeyedKafkaServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(KeyedKafkaServer.name);
  private consumer?: KeyedKafkaConsumer;
  private closing = false;
  private readonly shutdown = new AbortController();
  // Handlers by topic, found once: Nest's lookup JSON-parses the pattern first, which throws for
  // a topic name on every message (a thrown SyntaxError each time, a few % of the CPU).
  private readonly handlers = new Map<TopicName, MessageHandler>();

  constructor(private readonly opts: KeyedKafkaServerOptions) {
    super();
    // Every running handler listens for shutdown on this one signal.
    setMaxListeners(0, this.shutdown.signal);
  }

  get ready(): boolean {
    return this.consumer?.isJoined ?? false;
  }

  stats() {
    return this.consumer?.stats();
  }

  // Answers at once and connects in the background, retrying: an app whose broker is down
  // still starts (the gateway keeps accepting requests into the outbox); readiness tells.
  listen(callback: (err?: unknown) => void): void {
    const prefix = this.opts.settings.topicPrefix;
    const byFullName = new Map<string, TopicName>();
    for (const pattern of this.messageHandlers.keys()) {
      if (this.opts.topics && !this.opts.topics.includes(pattern as TopicName)) continue;
      byFullName.set(topicName(pattern as TopicName, prefix), pattern as TopicName);
    }
    void this.connectLoop(byFullName);
    callback();
  }

  private async connectLoop(byFullName: Map<string, TopicName>): Promise<void> {
    for (let attempt = 1; !this.shutdown.signal.aborted && !this.closing; attempt++) {
      const consumer = new KeyedKafkaConsumer(this.opts.kafka, {
        groupId: this.opts.groupId,
        topics: [...byFullName.keys()],
        concurrency: this.opts.concurrency,
        maxBufferedPerPartition: this.opts.maxBufferedPerPartition,
        sessionTimeoutMs: this.opts.sessionTimeoutMs,
        heartbeatIntervalMs: this.opts.heartbeatIntervalMs,
        commitIntervalMs: this.opts.commitIntervalMs,
        joinTimeoutMs: this.opts.joinTimeoutMs,
        fromBeginning: this.opts.fromBeginning ?? true,
        handle: (message) =>
          this.opts.unwanted?.()
            ? Promise.resolve(true)
            : this.dispatch(byFullName.get(message.topic) as TopicName, message),
      });
      this.consumer = consumer;
      try {
        if (attempt === 1) await this.sweepInstanceGroups();
        await this.opts.producer.ensureTopics();
        await consumer.start();
        return;
      } catch (error) {
        this.log.warn({
          msg: 'kafka consumer could not start, retrying',
          groupId: this.opts.groupId,
          attempt,
          error: String(error),
        });
        await consumer.stop().catch(() => undefined);
        await sleep(Math.min(10000, 500 * attempt), this.shutdown.signal);
      }
    }
  }

  private async sweepInstanceGroups(): Promise<void> {
    const prefix = this.opts.instanceGroupPrefix;
    if (!prefix) return;
    try {
      const deleted = await deleteEmptyGroups(this.opts.kafka, prefix);
      if (deleted.length)
        this.log.log({ msg: 'deleted consumer groups of gone instances', groups: deleted });
    } catch (error) {
      this.log.warn({ msg: 'could not sweep instance groups', prefix, error: String(error) });
    }
  }

  // Each message is handled in a consumer span continuing the trace its headers carry.
  private dispatch(pattern: TopicName, message: ConsumedMessage): Promise<boolean> {
    return inSpan(
      `process ${pattern}`,
      { kind: SpanKind.CONSUMER, attributes: consumerSpanAttributes(message, this.opts.groupId) },
      () => this.handleMessage(pattern, message),
      traceContextOf(message.headers),
    );
  }

  private async handleMessage(pattern: TopicName, message: ConsumedMessage): Promise<boolean> {
    let handler = this.handlers.get(pattern) ?? null;
    if (!handler) {
      handler = this.getHandlerByPattern(pattern);
      if (handler) this.handlers.set(pattern, handler);
    }
    if (!handler) {
      await this.deadLetter(message, ERROR_CODES.contractViolation, `no handler for ${pattern}`);
      return true;
    }
    let value: unknown;
    try {
      value = message.value ? JSON.parse(message.value.toString('utf8')) : null;
    } catch (error) {
      await this.deadLetter(
        message,
        ERROR_CODES.contractViolation,
        `value is not JSON: ${(error as Error).message}`,
      );
      return true;
    }
    let decoded: ReturnType<typeof decodeEvent>;
    try {
      decoded = decodeEvent(pattern, value);
    } catch (error) {
      const e = error as DomainError;
      await this.deadLetter(message, e.code, e.message);
      return true;
    }
    const { data, event } = decoded;
    const ctx = new KeyedKafkaContext([message, this.shutdown.signal, event]);
    for (let attempt = 1; ; attempt++) {
      try {
        const result: unknown = await handler(data, ctx);
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        return true;
      } catch (error) {
        if (error instanceof HandBack) return false;
        if (error instanceof DomainError && error.kind === 'permanent') {
          await this.deadLetter(message, error.code, error.message);
          return true;
        }
        if (this.shutdown.signal.aborted) return false;
        if (attempt > this.opts.maxHandlerRetries) {
          await this.deadLetter(
            message,
            ERROR_CODES.internal,
            `handler failed ${attempt} times: ${describe(error)}`,
          );
          return true;
        }
        const delay = Math.min(30000, 250 * 2 ** (attempt - 1));
        this.log.warn({
          msg: 'handler failed, retrying',
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
          attempt,
          delayMs: delay,
          error: describe(error),
        });
        await sleep(delay, this.shutdown.signal);
      }
    }
  }

  private async deadLetter(message: ConsumedMessage, code: string, reason: string): Promise<void> {
    const letter: DeadLetterV1 = {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      value: message.value ? message.value.toString('utf8') : null,
      reason,
      code,
      consumer: this.opts.consumerName,
      at: new Date().toISOString(),
    };
    this.log.warn({
      msg: 'message sent to the DLQ',
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      code,
      reason,
    });
    // Keep trying (one event, one id): a dead letter that cannot be written must not let the
    // offset move on.
    const value = encodeEvent(TOPICS.dlq, message.key, letter);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.opts.producer.send(TOPICS.dlq, [
          { key: message.key, value, headers: message.headers },
        ]);
        return;
      } catch (error) {
        if (this.shutdown.signal.aborted) throw error;
        await sleep(Math.min(10000, 200 * 2 ** attempt), this.shutdown.signal);
      }
    }
  }

  on(): void {
    throw new Error('KeyedKafkaServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (!this.consumer) return;
    const consumer = this.consumer;
    this.consumer = undefined;
    // Let running jobs finish within the grace period, then ask them to hand their work back.
    const timer = setTimeout(() => this.shutdown.abort(), this.opts.shutdownGraceMs);
    try {
      await consumer.stop();
    } finally {
      clearTimeout(timer);
      this.shutdown.abort();
    }
    if (this.opts.instanceGroupPrefix) await this.deleteOwnGroup();
  }

  // After the consumer left, its group is empty: deleting it is what keeps restarts from piling
  // groups up. A failure only leaves it for the next instance's sweep.
  private async deleteOwnGroup(): Promise<void> {
    const admin = this.opts.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([this.opts.groupId]);
    } catch (error) {
      this.log.warn({
        msg: 'could not delete the instance consumer group',
        groupId: this.opts.groupId,
        error: String(error),
      });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error);
}
