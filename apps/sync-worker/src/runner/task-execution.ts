import { Injectable } from '@nestjs/common';
import { JobEntity, JobStore, ShopsRepository, Task } from '@shopsync/shared';
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
      clientFor: (shop, scope) => this.clients.forLoadedShop(shop, scope),
    });
  }

  async run(ctx: RunContext): Promise<TaskResult | void> {
    await ctx.open();
    return this.registry.get(ctx.job.task as Task).run(ctx);
  }
}
