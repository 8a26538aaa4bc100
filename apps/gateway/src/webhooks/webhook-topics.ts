import { JsonObject, syncDirection, Task } from '@shopsync/shared';

// Webhooks only trigger syncs: the task then reads what changed from Shopify itself, and the
// scheduled incremental sync is what guarantees convergence when a delivery is lost.
export function taskForWebhook(topic: string, settings: JsonObject): Task | null {
  switch (topic.trim().toLowerCase()) {
    case 'orders/create':
    case 'orders/updated':
      return 'orders';
    case 'products/update':
      return syncDirection(settings, 'products') === 'from-shopify' ? 'products' : null;
    case 'customers/create':
    case 'customers/update':
      return 'customers';
    default:
      return null;
  }
}
