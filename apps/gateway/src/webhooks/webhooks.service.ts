import {
  Inject,
  Injectable,
  Logger,
  OnApplicationShutdown,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import {
  CLOCK,
  Clock,
  DomainError,
  ERROR_CODES,
  FieldError,
  ShopCredentials,
  ShopEntity,
  ShopifyWebhookEntity,
  ShopsRepository,
  sleep,
  Ticker,
  ValidationFailed,
  WebhookOutcome,
} from '@shopsync/shared';
import { SyncRequestsService } from '../syncs/sync-requests.service';
import { WebhookReceiptsRepository } from './webhook-receipts.repository';
import { isValidShopifySignature } from './webhook-signature';
import { taskForWebhook } from './webhook-topics';

export interface WebhookDelivery {
  rawBody: Buffer;
  signature?: string;
  shopDomain?: string;
  topic?: string;
  webhookId?: string;
  eventId?: string;
}

export interface WebhookReceipt {
  received: true;
  duplicate: boolean;
}

export const WEBHOOK_RETENTION_DAYS = Symbol('WEBHOOK_RETENTION_DAYS');
const PURGE_INTERVAL_MS = 3600_000;
const ATTEMPTS = 3;

// Stored whole, never cut: two ids sharing a prefix stay two deliveries. Shopify's ids are
// UUIDs and its topics short, so the bounds only refuse garbage.
export const WEBHOOK_ID_MAX = 255;
export const WEBHOOK_TOPIC_MAX = 100;

function checkHeaders(delivery: WebhookDelivery): {
  topic: string;
  webhookId: string;
  eventId: string | null;
} {
  const errors: FieldError[] = [];
  const check = (field: string, value: string | undefined, max: number, required: boolean) => {
    if (!value) {
      if (required) errors.push({ field, message: 'is required' });
    } else if (value.length > max)
      errors.push({ field, message: `must be at most ${max} characters` });
  };
  check('X-Shopify-Topic', delivery.topic, WEBHOOK_TOPIC_MAX, true);
  check('X-Shopify-Webhook-Id', delivery.webhookId, WEBHOOK_ID_MAX, true);
  check('X-Shopify-Event-Id', delivery.eventId, WEBHOOK_ID_MAX, false);
  if (errors.length) throw new ValidationFailed(errors, 'the webhook headers are not valid');
  return {
    topic: delivery.topic!,
    webhookId: delivery.webhookId!,
    eventId: delivery.eventId || null,
  };
}

// Shopify expects a fast 200: the signature is checked and the delivery recorded (deduplicated
// per shop on X-Shopify-Webhook-Id) while Shopify waits; turning it into a job happens afterwards.
@Injectable()
export class WebhooksService implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(WebhooksService.name);
  private readonly pending = new Set<Promise<void>>();
  private readonly purgeTicker = new Ticker(
    'webhook-receipt-purge',
    PURGE_INTERVAL_MS,
    () => this.purge(),
    { firstDelayMs: PURGE_INTERVAL_MS, unref: true },
  );

  constructor(
    private readonly shops: ShopsRepository,
    private readonly credentials: ShopCredentials,
    private readonly receipts: WebhookReceiptsRepository,
    private readonly requests: SyncRequestsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WEBHOOK_RETENTION_DAYS) private readonly retentionDays: number,
  ) {}

  onModuleInit(): void {
    this.purgeTicker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.purgeTicker.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  async receive(delivery: WebhookDelivery): Promise<WebhookReceipt> {
    const shop = await this.verifiedShop(delivery);
    const { topic, webhookId, eventId } = checkHeaders(delivery);
    const receipt: ShopifyWebhookEntity = {
      webhookId,
      eventId,
      shopId: shop.id,
      topic,
      receivedAt: this.clock.now(),
      outcome: 'received',
      jobId: null,
      detail: null,
    };
    if (!(await this.receipts.insertOnce(receipt))) {
      this.logger.log({
        msg: 'webhook already received',
        webhookId: receipt.webhookId,
        shop: shop.code,
      });
      return { received: true, duplicate: true };
    }
    const work = this.process(receipt, shop).finally(() => this.pending.delete(work));
    this.pending.add(work);
    return { received: true, duplicate: false };
  }

  private async verifiedShop(delivery: WebhookDelivery): Promise<ShopEntity> {
    const candidates = delivery.shopDomain
      ? await this.shops.findByDomain(delivery.shopDomain.trim())
      : [];
    for (const shop of candidates) {
      let secret: string | null = null;
      try {
        secret = this.credentials.appSecret(shop);
      } catch (error) {
        this.logger.error({ msg: 'app secret unreadable', shop: shop.code, error: String(error) });
      }
      if (secret && isValidShopifySignature(delivery.rawBody, delivery.signature, secret))
        return shop;
    }
    this.logger.warn({
      msg: 'webhook refused: signature not verified',
      shopDomain: delivery.shopDomain,
      topic: delivery.topic,
      webhookId: delivery.webhookId,
      knownShop: candidates.length > 0,
    });
    throw new DomainError(
      ERROR_CODES.webhookUnverified,
      candidates.some((s) => s.appSecretEnc)
        ? 'the X-Shopify-Hmac-Sha256 signature does not match the body'
        : 'no shop with an app secret is registered for this X-Shopify-Shop-Domain',
    );
  }

  private async process(receipt: ShopifyWebhookEntity, shop: ShopEntity): Promise<void> {
    const task = taskForWebhook(receipt.topic, shop.settings);
    const ignore = !task
      ? `topic ${receipt.topic} does not trigger a sync for this shop`
      : !shop.enabled
        ? 'the shop is disabled'
        : null;
    for (let attempt = 1; ; attempt++) {
      try {
        if (ignore || !task) {
          await this.record(receipt, 'ignored', null, ignore);
          return;
        }
        const outcome = await this.requests.request({
          shopCode: shop.code,
          task,
          trigger: 'webhook',
        });
        await this.record(
          receipt,
          outcome.coalesced ? 'coalesced' : 'requested',
          outcome.job.id,
          null,
        );
        return;
      } catch (error) {
        const final =
          attempt >= ATTEMPTS || (error instanceof DomainError && error.kind === 'permanent');
        this.logger.warn({
          msg: final ? 'webhook not turned into a job' : 'webhook processing failed; retrying',
          webhookId: receipt.webhookId,
          shop: shop.code,
          topic: receipt.topic,
          error: error instanceof Error ? error.message : String(error),
        });
        if (final) {
          await this.record(receipt, 'failed', null, String(error)).catch(() => undefined);
          return;
        }
        await sleep(500 * attempt);
      }
    }
  }

  private async record(
    receipt: ShopifyWebhookEntity,
    outcome: WebhookOutcome,
    jobId: string | null,
    detail: string | null,
  ): Promise<void> {
    await this.receipts.update(receipt.shopId, receipt.webhookId, { outcome, jobId, detail });
    this.logger.log({
      msg: `webhook ${outcome}`,
      webhookId: receipt.webhookId,
      topic: receipt.topic,
      shopId: receipt.shopId,
      jobId,
      detail,
    });
  }

  // Receipts outlive Shopify's retry window (4 hours) by far; older ones only take space.
  private async purge(): Promise<void> {
    const cutoff = new Date(this.clock.now().getTime() - this.retentionDays * 86_400_000);
    try {
      const deleted = await this.receipts.deleteReceivedBefore(cutoff);
      if (deleted) this.logger.log({ msg: 'old webhook receipts deleted', deleted });
    } catch (error) {
      this.logger.warn({ msg: 'webhook receipt purge failed', error: String(error) });
    }
  }
}
