import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { resolve } from 'node:path';
import { isTask, Task } from '@shopsync/shared';
import { WORKER_CONFIG, WorkerConfig } from '../config/worker-env';
import { CustomersHandler } from './customers/customers.handler';
import { ImagesHandler } from './images/images.handler';
import { InventoryHandler } from './inventory/inventory.handler';
import { OrdersHandler } from './orders/orders.handler';
import { PaymentsHandler } from './payments/payments.handler';
import { ProductsHandler } from './products/products.handler';
import { SalesOrdersHandler } from './sales-orders/sales-orders.handler';
import { ShipmentsHandler } from './shipments/shipments.handler';
import { HandlerModule, TaskHandler } from './task-handler';

export const TASK_HANDLERS = [
  ProductsHandler,
  InventoryHandler,
  ImagesHandler,
  CustomersHandler,
  OrdersHandler,
  SalesOrdersHandler,
  ShipmentsHandler,
  PaymentsHandler,
];

@Injectable()
export class TaskRegistry implements OnModuleInit {
  private readonly logger = new Logger(TaskRegistry.name);
  private readonly handlers = new Map<Task, TaskHandler>();

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    products: ProductsHandler,
    inventory: InventoryHandler,
    images: ImagesHandler,
    customers: CustomersHandler,
    orders: OrdersHandler,
    salesOrders: SalesOrdersHandler,
    shipments: ShipmentsHandler,
    payments: PaymentsHandler,
  ) {
    for (const h of [
      products,
      inventory,
      images,
      customers,
      orders,
      salesOrders,
      shipments,
      payments,
    ])
      this.handlers.set(h.task, h);
  }

  // A handler module replaces built-in handlers: tests drive the pipeline with their own.
  onModuleInit(): void {
    if (!this.config.handlerModule) return;
    const path = resolve(this.config.handlerModule);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path) as HandlerModule;
    for (const [task, run] of Object.entries(mod.handlers ?? {})) {
      if (!isTask(task) || typeof run !== 'function')
        throw new Error(`handler module ${path}: '${task}' is not a task handler`);
      this.handlers.set(task, { task, run });
    }
    this.logger.warn({
      msg: 'task handlers replaced by a handler module',
      module: path,
      tasks: Object.keys(mod.handlers ?? {}),
    });
  }

  register(handler: TaskHandler): void {
    this.handlers.set(handler.task, handler);
  }

  get(task: Task): TaskHandler {
    return this.handlers.get(task) as TaskHandler;
  }
}
