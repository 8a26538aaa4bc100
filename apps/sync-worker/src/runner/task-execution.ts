import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ERROR_CODES,
  JobEntity,
  JobStore,
  MicroBatcher,
  missingTaskScopes,
  ShopEntity,
  ShopNotFound,
  ShopsRepository,
  shopSettings,
  Task,
} from '@shopsync/shared';
import { ShopifyClientFactory } from '../shopify/shopify-client.factory';
import { TaskResult } from '../tasks/task-handler';
import { TaskRegistry } from '../tasks/task-registry';
import { RunContext, RunResources } from './run-context';

// The handler's side of a run: its context (the shop read once, the Shopify client built from
// it) and the call of the task's handler.
@Injectable()
export class TaskExecution {
  // Jobs that start together read their shops in one query: a round trip costs far more than
  // the read, and every run needs its shop fresh (settings, credentials, scopes).
  private readonly shopReads: MicroBatcher<string, ShopEntity | undefined>;

  constructor(
    private readonly registry: TaskRegistry,
    private readonly store: JobStore,
    shops: ShopsRepository,
    private readonly clients: ShopifyClientFactory,
  ) {
    this.shopReads = new MicroBatcher(
      MicroBatcher.mapping(async (ids: string[]) => {
        const rows = await shops.findByIds([...new Set(ids)]);
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => byId.get(id));
      }),
    );
  }

  // Shops that came with their job's claim (JobStore.claim, PostgreSQL): read in the claim's
  // statement, as fresh as a read of their own right after it.
  private readonly primed = new WeakMap<JobEntity, ShopEntity>();

  prime(job: JobEntity, shop: ShopEntity): void {
    this.primed.set(job, shop);
  }

  private async loadShop(id: string): Promise<ShopEntity> {
    const shop = await this.shopReads.add(id);
    if (!shop) throw new ShopNotFound(id);
    return shop;
  }

  contextFor(
    job: JobEntity,
    signal: AbortSignal,
    onProgress: RunResources['onProgress'],
  ): RunContext {
    const primed = this.primed.get(job);
    this.primed.delete(job);
    return new RunContext(job, signal, {
      store: this.store,
      onProgress,
      loadShop: (id) => (primed?.id === id ? Promise.resolve(primed) : this.loadShop(id)),
      clientFor: (shop, scope) => this.clients.forLoadedShop(shop, { ...scope, task: job.task }),
    });
  }

  // `opened`: called with the shop once it is read, before the handler (the run's timeout).
  async run(ctx: RunContext, opened?: (shop: ShopEntity) => void): Promise<TaskResult | void> {
    await ctx.open();
    opened?.(ctx.shop);
    assertScopes(ctx.job.task, ctx.shop);
    return this.registry.get(ctx.job.task).run(ctx);
  }
}

// A task whose scopes the shop's grant lacks fails before its first call, naming them. An
// unknown grant (a shop verified before scopes were read) is not blocked: Shopify's own
// ACCESS_DENIED still names the scope, and the next verification reads the grant.
function assertScopes(task: Task, shop: ShopEntity): void {
  const missing = missingTaskScopes(task, shop.accessScopes ?? null, shopSettings(shop));
  if (!missing.length) return;
  throw new DomainError(
    ERROR_CODES.shopifyScopeMissing,
    `the app lacks ${missing.join(', ')} for task ${task} on shop '${shop.code}'; grant ${missing.length > 1 ? 'them' : 'it'} in the app's configuration and re-verify the shop (POST /v1/shops/${shop.code}/verify)`,
    'permanent',
  );
}
