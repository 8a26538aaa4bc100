import { createHmac, randomUUID } from 'node:crypto';
import { EventService } from './resolvers/context';
import { CustomerRecord, OrderRecord, ProductRecord } from './state/records';
import { isoSeconds, ShopState } from './state/shop-state';
import { Clock } from './types';
import { customerPayload, orderPayload, productPayload } from './webhook-payloads';
import { topicToHeader } from './webhook-topics';

// Signed webhook deliveries, with Shopify's headers and HMAC: like Shopify, only to the shop's
// subscriptions of the topic. A subscription's address is HTTPS on a public host; where it is
// actually sent is the simulator's routing table (`webhookRoutes`: https origin → local base
// URL, the stand-in for DNS and the tunnel in front of the receiver). An address no route
// covers is never called (the simulator does not reach the internet): the delivery is recorded
// with that error. Deliveries are fire-and-forget for the caller (like Shopify) but recorded,
// and `flush()` lets tests wait for them.

export interface WebhookDelivery {
  webhookId: string;
  eventId: string;
  topic: string;
  domain: string;
  url: string;
  status: number | null;
  error: string | null;
  at: string;
  body: string;
  headers: Record<string, string>;
}

export interface WebhookOptions {
  routes: () => Readonly<Record<string, string>>;
  emitEvents: () => boolean;
  apiVersion: string;
  clock: Clock;
}

export function signWebhook(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

export class WebhookDispatcher implements EventService {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly options: WebhookOptions) {}

  private targets(shop: ShopState, topic: string): string[] {
    return [
      ...new Set(
        [...shop.webhookSubscriptions.values()]
          .filter((s) => topicToHeader(s.topic) === topic)
          .map((s) => s.uri),
      ),
    ];
  }

  // The local URL an address is delivered to, or null when no route covers its origin.
  route(uri: string): string | null {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return null;
    }
    const base = this.options.routes()[url.origin];
    return base ? `${base.replace(/\/+$/, '')}${url.pathname}${url.search}` : null;
  }

  private async deliver(
    shop: ShopState,
    topic: string,
    url: string,
    body: string,
    eventId: string,
  ): Promise<WebhookDelivery> {
    const webhookId = randomUUID();
    const at = isoSeconds(this.options.clock());
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-Shopify-Topic': topic,
      'X-Shopify-Shop-Domain': shop.domain,
      'X-Shopify-Hmac-Sha256': signWebhook(body, shop.appSecret),
      'X-Shopify-Webhook-Id': webhookId,
      'X-Shopify-Event-Id': eventId,
      'X-Shopify-API-Version': this.options.apiVersion,
      'X-Shopify-Triggered-At': at,
    };
    const delivery: WebhookDelivery = {
      webhookId,
      eventId,
      topic,
      domain: shop.domain,
      url,
      status: null,
      error: null,
      at,
      body,
      headers,
    };
    this.deliveries.push(delivery);
    const routed = this.route(url);
    if (!routed) {
      delivery.error = `no webhookRoutes entry for ${new URL(url).origin}: not delivered (the simulator never calls the internet)`;
      return delivery;
    }
    try {
      const response = await fetch(routed, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(5000),
      });
      delivery.status = response.status;
      await response.arrayBuffer();
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
    }
    return delivery;
  }

  // One event, one X-Shopify-Event-Id; each target gets its own X-Shopify-Webhook-Id.
  send(shop: ShopState, topic: string, payload: unknown): Promise<WebhookDelivery[]> {
    const headerTopic = topicToHeader(topic);
    const body = JSON.stringify(payload);
    const eventId = randomUUID();
    const all = Promise.all(
      this.targets(shop, headerTopic).map((url) =>
        this.deliver(shop, headerTopic, url, body, eventId),
      ),
    );
    this.pending.add(all);
    void all.finally(() => this.pending.delete(all));
    return all;
  }

  async flush(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private emit(shop: ShopState, topic: string, payload: unknown): void {
    if (this.options.emitEvents()) void this.send(shop, topic, payload);
  }

  productChanged(shop: ShopState, product: ProductRecord, created: boolean): void {
    this.emit(shop, created ? 'products/create' : 'products/update', productPayload(shop, product));
  }

  productDeleted(shop: ShopState, productId: string): void {
    this.emit(shop, 'products/delete', { id: Number(productId.split('/').pop()) });
  }

  orderCreated(shop: ShopState, order: OrderRecord): void {
    this.emit(shop, 'orders/create', orderPayload(shop, order));
  }

  orderUpdated(shop: ShopState, order: OrderRecord): void {
    this.emit(shop, 'orders/updated', orderPayload(shop, order));
  }

  customerChanged(shop: ShopState, customer: CustomerRecord, created: boolean): void {
    this.emit(shop, created ? 'customers/create' : 'customers/update', customerPayload(customer));
  }
}
