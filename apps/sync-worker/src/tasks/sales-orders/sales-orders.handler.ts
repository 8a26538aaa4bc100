import { Injectable } from '@nestjs/common';
import { TaskNotImplemented } from '@shopsync/shared';
import { TaskContext, TaskHandler } from '../task-handler';

// Until this task's part lands it fails its jobs clearly, never with a fake success.
@Injectable()
export class SalesOrdersHandler implements TaskHandler {
  readonly task = 'sales-orders' as const;

  async run(_ctx: TaskContext): Promise<void> {
    throw new TaskNotImplemented(this.task);
  }
}
