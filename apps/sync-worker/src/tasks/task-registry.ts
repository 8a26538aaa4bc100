import { Inject, Injectable, Logger, OnModuleInit, Provider, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Task, TASKS } from '@shopsync/shared';
import { WORKER_CONFIG, WorkerConfig } from '../config/worker-env';
import { CustomersHandler } from './customers/customers.handler';
import { loadHandlerModule } from './handler-module';
import { ImageContent } from './images/image-content';
import { ImagesHandler } from './images/images.handler';
import { InventoryHandler } from './inventory/inventory.handler';
import { OrderStagingRepository } from './orders/order-staging.repository';
import { OrdersHandler } from './orders/orders.handler';
import { PaymentsHandler } from './payments/payments.handler';
import { PaymentsRepository } from './payments/payments.repository';
import { ShopifyPaymentsRepository } from './payments/shopify-payments.repository';
import { ShopifyPaymentsSync } from './payments/shopify-payments.sync';
import { ProductsHandler } from './products/products.handler';
import { ProductsBulkExport } from './products/products-bulk-export';
import { SalesOrdersHandler } from './sales-orders/sales-orders.handler';
import { SalesOrdersRepository } from './sales-orders/sales-orders.repository';
import { ErpItemSkuCatalog, SKU_CATALOG } from './sales-orders/sku-catalog';
import { ShipmentsHandler } from './shipments/shipments.handler';
import { ShipmentsRepository } from './shipments/shipments.repository';
import { TaskHandler } from './task-handler';

// A task plug-in: its handler and what only it needs (its repository, …).
export interface TaskPlugin {
  handler: Type<TaskHandler>;
  providers?: Provider[];
}

// One line per task of TASKS (libs/shared/src/domain/tasks.ts): a task without a line, or a line
// for something that is not a task, does not compile.
export const TASK_PLUGINS = {
  products: { handler: ProductsHandler, providers: [ProductsBulkExport] },
  inventory: { handler: InventoryHandler },
  images: { handler: ImagesHandler, providers: [ImageContent] },
  customers: { handler: CustomersHandler },
  orders: { handler: OrdersHandler, providers: [OrderStagingRepository] },
  'sales-orders': {
    handler: SalesOrdersHandler,
    providers: [
      SalesOrdersRepository,
      ErpItemSkuCatalog,
      { provide: SKU_CATALOG, useExisting: ErpItemSkuCatalog },
    ],
  },
  shipments: { handler: ShipmentsHandler, providers: [ShipmentsRepository] },
  payments: {
    handler: PaymentsHandler,
    providers: [PaymentsRepository, ShopifyPaymentsRepository, ShopifyPaymentsSync],
  },
} satisfies Record<Task, TaskPlugin>;

const plugins: Record<Task, TaskPlugin> = TASK_PLUGINS;

// The worker module's providers for every task.
export const TASK_PROVIDERS: Provider[] = TASKS.flatMap((task) => [
  plugins[task].handler,
  ...(plugins[task].providers ?? []),
]);

@Injectable()
export class TaskRegistry implements OnModuleInit {
  private readonly logger = new Logger(TaskRegistry.name);
  private readonly handlers = new Map<Task, TaskHandler>();

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  // At init every provider exists. A handler module replaces built-in handlers: tests drive the
  // pipeline with their own.
  onModuleInit(): void {
    for (const task of TASKS) {
      const handler = this.moduleRef.get(plugins[task].handler);
      if (handler.task !== task)
        throw new Error(`${plugins[task].handler.name} handles '${handler.task}', not '${task}'`);
      this.handlers.set(task, handler);
    }
    if (!this.config.handlerModule) return;
    const { path, handlers } = loadHandlerModule(this.config.handlerModule);
    for (const [task, run] of handlers) this.handlers.set(task, { task, run });
    this.logger.warn({
      msg: 'task handlers replaced by a handler module',
      module: path,
      tasks: [...handlers.keys()],
    });
  }

  register(handler: TaskHandler): void {
    this.handlers.set(handler.task, handler);
  }

  get(task: Task): TaskHandler {
    return this.handlers.get(task) as TaskHandler;
  }
}
