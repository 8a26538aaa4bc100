import { JsonObject, readShopSettings, Task, taskForWebhookTopic } from '@shopsync/shared';

// Webhooks only trigger syncs: the task then reads what changed from Shopify itself, and the
// scheduled incremental sync is what guarantees convergence when a delivery is lost. The
// topics are those shopsync subscribes to (TASK_WEBHOOK_TOPICS), for a task whose settings
// read Shopify's changes.
export function taskForWebhook(topic: string, settings: JsonObject): Task | null {
  return taskForWebhookTopic(topic, readShopSettings(settings).settings);
}
