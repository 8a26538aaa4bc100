import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import type { Counter } from 'prom-client';
import {
  CLOCK,
  Clock,
  CredentialCipher,
  DELIVERY_HEADER,
  EVENT_HEADER,
  MetricsService,
  notificationBackoffMs,
  NotificationDeliveryEntity,
  notificationSecretContext,
  SIGNATURE_HEADER,
  signNotification,
  TIMESTAMP_HEADER,
} from '@shopsync/shared';
import { Ticker } from '../common/ticker';
import { SCHEDULER_CONFIG, SchedulerConfig } from '../config/scheduler-env';
import { NotificationDeliveriesRepository } from './notification-deliveries.repository';
import { sendNotification } from './notification-sender';

// Attempts one endpoint may have in flight: a hanging receiver holds at most this many slots.
const PER_ENDPOINT = 2;
// A claim outlasts its attempt's deadline by this much before another scheduler may retry it.
const CLAIM_MARGIN_MS = 30_000;
const KEEP_FINISHED_MS = 30 * 24 * 3600_000;

// Delivers the notification outbox: due deliveries are claimed and POSTed, signed, with bounded
// concurrency and a timeout per attempt; a failed attempt is retried with exponential backoff up
// to a cap, and every attempt is recorded. It runs in the scheduler, beside (never inside) the
// job pipeline: a slow or failing receiver delays only its own deliveries.
@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationDispatcher.name);
  private readonly ticker: Ticker;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly perEndpoint = new Map<string, number>();
  private lastPrune = 0;
  private readonly outcomes?: Counter<'outcome'>;

  constructor(
    private readonly deliveries: NotificationDeliveriesRepository,
    private readonly cipher: CredentialCipher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerConfig,
    @Optional() metrics?: MetricsService,
  ) {
    this.ticker = new Ticker('notifications', config.notifications.pollMs, () => this.tick());
    this.outcomes = metrics?.counter(
      'shopsync_notification_attempts_total',
      'Notification delivery attempts, by outcome',
      ['outcome'],
    );
  }

  onApplicationBootstrap(): void {
    this.ticker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ticker.stop();
    await Promise.allSettled(this.inFlight.values());
  }

  // Starts the attempts there are slots for and returns how many; does not wait for them.
  async tick(): Promise<number> {
    const { concurrency, timeoutMs } = this.config.notifications;
    const free = concurrency - this.inFlight.size;
    if (free <= 0) return 0;
    const now = this.clock.now();
    let started = 0;
    for (const delivery of await this.deliveries.due(now, free * 4)) {
      if (started >= free) break;
      if (this.inFlight.has(delivery.id)) continue;
      if ((this.perEndpoint.get(delivery.endpointId) ?? 0) >= PER_ENDPOINT) continue;
      const until = new Date(now.getTime() + timeoutMs + CLAIM_MARGIN_MS);
      if (!(await this.deliveries.claim(delivery, until))) continue;
      this.start(delivery);
      started++;
    }
    if (now.getTime() - this.lastPrune > 3600_000) {
      this.lastPrune = now.getTime();
      await this.deliveries.prune(new Date(now.getTime() - KEEP_FINISHED_MS));
    }
    return started;
  }

  // Resolves when nothing is in flight (tests).
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled(this.inFlight.values());
  }

  private start(delivery: NotificationDeliveryEntity): void {
    const endpointId = delivery.endpointId;
    this.perEndpoint.set(endpointId, (this.perEndpoint.get(endpointId) ?? 0) + 1);
    const run = this.attempt(delivery)
      .catch((error: unknown) =>
        // The attempt stays claimed and comes due again after its claim runs out.
        this.logger.error({
          msg: 'notification attempt not recorded',
          deliveryId: delivery.id,
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() => {
        this.inFlight.delete(delivery.id);
        const left = (this.perEndpoint.get(endpointId) ?? 1) - 1;
        if (left > 0) this.perEndpoint.set(endpointId, left);
        else this.perEndpoint.delete(endpointId);
      });
    this.inFlight.set(delivery.id, run);
  }

  private async attempt(delivery: NotificationDeliveryEntity): Promise<void> {
    const settings = this.config.notifications;
    const endpoint = await this.deliveries.endpoint(delivery.endpointId);
    const at = this.clock.now();
    const result = endpoint
      ? await sendNotification(
          endpoint.url,
          this.headers(
            delivery,
            this.cipher.decrypt(endpoint.secretEnc, notificationSecretContext(endpoint.id)),
            at,
          ),
          delivery.body,
          { timeoutMs: settings.timeoutMs, policy: settings.callbacks },
        )
      : { statusCode: null, durationMs: 0, error: 'the endpoint no longer exists' };
    const ok = result.error === null;
    const attempts = delivery.attempts + 1;
    const last = !ok && (attempts >= settings.maxAttempts || !endpoint);
    const nextAttemptAt =
      ok || last
        ? null
        : new Date(this.clock.now().getTime() + notificationBackoffMs(attempts, settings.backoff));
    const status = ok ? 'delivered' : last ? 'failed' : 'pending';
    await this.deliveries.record(delivery, { at, ...result }, { status, nextAttemptAt });
    this.outcomes?.inc({ outcome: ok ? 'delivered' : last ? 'failed' : 'retry' });
    if (ok) return;
    // The endpoint is named by id: its URL may carry a token of the receiver's.
    this.logger.warn({
      msg: last
        ? 'notification delivery failed for good'
        : 'notification delivery failed; will retry',
      deliveryId: delivery.id,
      endpointId: delivery.endpointId,
      shopId: delivery.shopId,
      eventType: delivery.eventType,
      attempt: attempts,
      statusCode: result.statusCode,
      durationMs: result.durationMs,
      error: result.error,
      nextAttemptAt: nextAttemptAt?.toISOString(),
    });
  }

  private headers(
    delivery: NotificationDeliveryEntity,
    secret: string,
    at: Date,
  ): Record<string, string> {
    const timestamp = Math.floor(at.getTime() / 1000);
    return {
      'content-type': 'application/json',
      'user-agent': 'shopsync-notifications/1',
      [EVENT_HEADER]: delivery.eventType,
      [DELIVERY_HEADER]: delivery.id,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signNotification(secret, timestamp, delivery.body),
    };
  }
}
