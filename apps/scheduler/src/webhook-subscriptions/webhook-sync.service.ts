import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import {
  CLOCK,
  Clock,
  DomainError,
  ShopCredentials,
  ShopEntity,
  ShopifyTarget,
  ShopsRepository,
  shopSettings,
  SHOPSYNC_PUBLIC_URL,
  ShopWebhookSubscriptionEntity,
  ShopWebhookSyncEntity,
  wantedWebhookTopics,
  webhookCallbackUri,
} from '@shopsync/shared';
import { Ticker } from '../common/ticker';
import { SCHEDULER_CONFIG, SchedulerConfig, WebhookSyncSettings } from '../config/scheduler-env';
import { planSubscriptions } from './subscription-plan';
import { WebhookSubscriptionsClient } from './webhook-subscriptions.client';
import { WebhookSyncsRepository } from './webhook-syncs.repository';

const BATCH = 20;
const CLAIM_MS = 5 * 60_000;
const RETRY_BASE_MS = 5_000;
// A removed shop's subscriptions are given up on after this many failed attempts (Shopify
// deletes an uninstalled app's subscriptions itself).
const REMOVE_ATTEMPTS = 8;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
const isTransient = (error: unknown) =>
  !(error instanceof DomainError) || error.kind === 'transient';

// Keeps each shop's Shopify webhook subscriptions what its settings want, pointing at
// SHOPSYNC_PUBLIC_URL: requested work (the gateway commits it with the shop change) at once,
// and every shop again each check interval, which repairs drift (a subscription deleted in
// Shopify is made again; one of ours no longer wanted is deleted; others are never touched).
@Injectable()
export class WebhookSyncService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookSyncService.name);
  private readonly ticker: Ticker;
  private readonly settings: WebhookSyncSettings;
  private readonly holder: string;

  constructor(
    private readonly syncs: WebhookSyncsRepository,
    private readonly shops: ShopsRepository,
    private readonly credentials: ShopCredentials,
    private readonly client: WebhookSubscriptionsClient,
    @Inject(SHOPSYNC_PUBLIC_URL) private readonly publicUrl: string | null,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SCHEDULER_CONFIG) config: SchedulerConfig,
  ) {
    this.settings = config.webhooks;
    this.holder = config.instanceId;
    this.ticker = new Ticker('webhook-subscriptions', this.settings.tickMs, () => this.runDue(), {
      unref: true,
    });
  }

  onApplicationBootstrap(): void {
    this.ticker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ticker.stop();
  }

  // One tick: the due rows this scheduler manages to claim, one after the other.
  async runDue(): Promise<number> {
    const now = this.clock.now();
    const checkedBefore = new Date(now.getTime() - this.settings.checkIntervalMs);
    let worked = 0;
    for (const row of await this.syncs.due(now, checkedBefore, BATCH)) {
      const until = new Date(now.getTime() + CLAIM_MS);
      if (!(await this.syncs.claim(row, this.holder, now, until))) continue;
      worked++;
      if (row.kind === 'remove') await this.removeAll(row);
      else await this.sync(row);
    }
    return worked;
  }

  private async sync(row: ShopWebhookSyncEntity): Promise<void> {
    const shop = await this.shops.findById(row.shopId);
    if (!shop) return this.syncs.forgetShop(row.shopId);
    // Without a public URL (or a token) there is nothing to ask Shopify: what is recorded stays.
    if (!this.publicUrl || !shop.accessTokenEnc)
      return this.syncs.finish(row, this.done(null, 0, null));
    try {
      await this.reconcile(shop, this.publicUrl);
      await this.syncs.finish(row, this.done(null, 0, null));
    } catch (error) {
      const attempts = row.attempts + 1;
      const transient = isTransient(error);
      this.logger.warn({
        msg: 'webhook subscriptions not brought in line',
        shop: shop.code,
        attempts,
        retry: transient ? 'soon' : 'at the next check',
        error: errorText(error),
      });
      await this.syncs.finish(
        row,
        transient
          ? { error: errorText(error), attempts, retryAt: this.retryAt(attempts) }
          : this.done(errorText(error), attempts, null),
      );
    }
  }

  private async reconcile(shop: ShopEntity, publicUrl: string): Promise<void> {
    const uri = webhookCallbackUri(publicUrl, shop.code);
    const target = this.target(shop);
    const wanted = wantedWebhookTopics(
      { enabled: shop.enabled, hasToken: true, hasAppSecret: Boolean(shop.appSecretEnc) },
      shopSettings(shop),
    );
    const existing = (await this.client.list(target, uri)).filter((s) => s.uri === uri);
    const plan = planSubscriptions(wanted, existing, uri);
    const now = this.clock.now();
    const record = (
      topic: string,
      state: ShopWebhookSubscriptionEntity['state'],
      subscriptionId: string | null,
      error: string | null = null,
    ): ShopWebhookSubscriptionEntity => ({
      shopId: shop.id,
      topic,
      subscriptionId,
      uri,
      state,
      error,
      updatedAt: now,
    });
    const rows = plan.keep.map((s) => record(s.topic, 'active', s.id));
    for (const topic of plan.create) {
      const made = await this.client.create(target, topic, uri);
      rows.push(
        made.ok ? record(topic, 'active', made.id) : record(topic, 'failed', null, made.error),
      );
    }
    for (const subscription of plan.remove) {
      const gone = await this.client.delete(target, subscription.id);
      if (!gone.ok)
        rows.push(
          record(subscription.topic, 'failed', subscription.id, `not deleted: ${gone.error}`),
        );
    }
    await this.syncs.replaceSubscriptions(shop.id, rows);
    if (plan.create.length || plan.remove.length)
      this.logger.log({
        msg: 'webhook subscriptions brought in line',
        shop: shop.code,
        kept: plan.keep.map((s) => s.topic),
        created: plan.create,
        deleted: plan.remove.map((s) => s.topic),
        refused: rows.filter((r) => r.state === 'failed').map((r) => r.topic),
      });
  }

  // A removed shop: every subscription pointing at its URI is deleted, then the row.
  private async removeAll(row: ShopWebhookSyncEntity): Promise<void> {
    const context = { shop: row.shopCode, domain: row.domain };
    if (!this.publicUrl || !row.domain || !row.accessTokenEnc || !row.shopCode) {
      this.logger.log({ msg: 'removed shop: no webhook subscriptions to delete', ...context });
      return this.syncs.remove(row.id);
    }
    const attempts = row.attempts + 1;
    try {
      const uri = webhookCallbackUri(this.publicUrl, row.shopCode);
      const target = this.target({
        id: row.shopId,
        code: row.shopCode,
        domain: row.domain,
        apiVersion: row.apiVersion ?? '2026-04',
        accessTokenEnc: row.accessTokenEnc,
      });
      const existing = (await this.client.list(target, uri)).filter((s) => s.uri === uri);
      const refused: string[] = [];
      for (const subscription of existing) {
        const gone = await this.client.delete(target, subscription.id);
        if (!gone.ok) refused.push(`${subscription.topic}: ${gone.error}`);
      }
      if (refused.length) throw new Error(`Shopify did not delete ${refused.join('; ')}`);
      this.logger.log({
        msg: 'removed shop: webhook subscriptions deleted',
        ...context,
        deleted: existing.map((s) => s.topic),
      });
      await this.syncs.remove(row.id);
    } catch (error) {
      const retry = isTransient(error) && attempts < REMOVE_ATTEMPTS;
      this.logger.warn({
        msg: retry
          ? 'removed shop: webhook subscriptions not deleted yet; retrying'
          : 'removed shop: webhook subscriptions not deleted; given up (delete them in Shopify)',
        ...context,
        attempts,
        error: errorText(error),
      });
      if (retry)
        await this.syncs.finish(row, {
          error: errorText(error),
          attempts,
          retryAt: this.retryAt(attempts),
        });
      else await this.syncs.remove(row.id);
    }
  }

  private target(
    shop: Pick<ShopEntity, 'id' | 'code' | 'domain' | 'apiVersion' | 'accessTokenEnc'>,
  ): ShopifyTarget {
    return {
      domain: shop.domain,
      apiVersion: shop.apiVersion,
      accessToken: this.credentials.accessToken(shop),
    };
  }

  private done(error: string | null, attempts: number, retryAt: Date | null) {
    return { checkedAt: this.clock.now(), error, attempts, retryAt };
  }

  // 5 s, 10 s, 20 s … never later than the next check.
  private retryAt(attempts: number): Date {
    const wait = Math.min(this.settings.checkIntervalMs, RETRY_BASE_MS * 2 ** (attempts - 1));
    return new Date(this.clock.now().getTime() + wait);
  }
}
