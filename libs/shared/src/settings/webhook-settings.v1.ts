import { ArrayMaxSize, ArrayUnique, IsArray, IsIn } from 'class-validator';

// The tasks that Shopify webhooks trigger (see TASK_WEBHOOK_TOPICS).
export const WEBHOOK_TASKS = ['orders', 'products', 'customers'] as const;
export type WebhookTask = (typeof WEBHOOK_TASKS)[number];

// settings.webhooks: which tasks shopsync subscribes Shopify's webhooks for (a task is
// subscribed only while its own settings read Shopify's changes).
export class WebhooksSettingsV1 {
  // Checked bottom-up: the shape first, then the values.
  @ArrayUnique({ message: 'must not repeat a task' })
  @IsIn(WEBHOOK_TASKS, {
    each: true,
    message: `values must be among ${WEBHOOK_TASKS.join(', ')}`,
  })
  @ArrayMaxSize(WEBHOOK_TASKS.length, {
    message: `must have at most ${WEBHOOK_TASKS.length} values`,
  })
  @IsArray({ message: 'must be an array' })
  tasks: WebhookTask[] = [...WEBHOOK_TASKS];
}
