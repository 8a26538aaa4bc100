import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ERROR_CODES,
  JobEntity,
  JobStore,
  missingTaskScopes,
  ShopsRepository,
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
  constructor(
    private readonly registry: TaskRegistry,
    private readonly store: JobStore,
    private readonly shops: ShopsRepository,
    private readonly clients: ShopifyClientFactory,
  ) {}

  contextFor(
    job: JobEntity,
    signal: AbortSignal,
    onProgress: RunResources['onProgress'],
  ): RunContext {
    return new RunContext(job, signal, {
      store: this.store,
      onProgress,
      loadShop: (id) => this.shops.getById(id),
      clientFor: (shop, scope) => this.clients.forLoadedShop(shop, { ...scope, task: job.task }),
    });
  }

  async run(ctx: RunContext): Promise<TaskResult | void> {
    await ctx.open();
    assertScopes(ctx.job.task, ctx.shop);
    return this.registry.get(ctx.job.task).run(ctx);
  }
}

// A task whose scopes the shop's grant lacks fails before its first call, naming them. An
// unknown grant (a shop verified before scopes were read) is not blocked: Shopify's own
// ACCESS_DENIED still names the scope, and the next verification reads the grant.
function assertScopes(task: Task, shop: { code: string; accessScopes: string[] | null }): void {
  const missing = missingTaskScopes(task, shop.accessScopes ?? null);
  if (!missing.length) return;
  throw new DomainError(
    ERROR_CODES.shopifyScopeMissing,
    `the app lacks ${missing.join(', ')} for task ${task} on shop '${shop.code}'; grant ${missing.length > 1 ? 'them' : 'it'} in the app's configuration and re-verify the shop (POST /v1/shops/${shop.code}/verify)`,
    'permanent',
  );
}
