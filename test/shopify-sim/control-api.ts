import { FaultSpec } from './faults';
import { gid } from './gid';
import { SeedSummary } from './state/seed';
import { SimOrderEditInput, SimRefundInput, SimReturnInput } from './state/order-changes';
import { OrderPatch, SimOrderInput } from './state/orders';
import { CustomerFieldsInput } from './state/customers';
import { ShopState } from './state/shop-state';
import { shopifyPaymentsControl } from './state/shopify-payments';
import { CreateShopOptions, isRecord, SeedOptions, SHOP_PLANS, ShopPlan } from './types';
import { WebhookDelivery } from './webhooks';

// The simulator's own JSON API under /_sim, for tests in other processes, benchmarks and the
// demo: the same operations as the programmatic API.

export interface ProductPatch {
  title?: string;
  price?: string | number;
  status?: 'ACTIVE' | 'ARCHIVED' | 'DRAFT' | 'UNLISTED';
}

export interface InventoryPatch {
  inventoryItemId: string;
  locationId: string;
  name?: string;
  quantity: number;
}

export interface SimulatorConfig {
  // https origin → local base URL (see webhooks.ts); replaces the table.
  webhookRoutes?: Record<string, string> | null;
  emitWebhooks?: boolean;
}

// Implemented by ShopifySimulator; declared here so this module does not import the server.
export interface SimulatorControl {
  createShop(options: CreateShopOptions): ShopState;
  getShop(domain: string): ShopState | undefined;
  listShops(): ShopState[];
  removeShop(domain: string): boolean;
  seed(domain: string, options: SeedOptions): SeedSummary;
  addFaults(domain: string | null, faults: FaultSpec[]): void;
  clearFaults(domain: string | null): void;
  listFaults(domain: string | null): unknown[];
  sendWebhook(domain: string, topic: string, payload: unknown): Promise<WebhookDelivery[]>;
  webhookDeliveries(domain?: string): WebhookDelivery[];
  subscribeWebhook(domain: string, topic: string, uri: string, format?: 'JSON' | 'XML'): unknown;
  webhookSubscriptions(domain: string): unknown[];
  deleteWebhookSubscription(domain: string, id: string): boolean;
  createOrder(domain: string, input: SimOrderInput): unknown;
  updateOrder(domain: string, orderId: string, patch: OrderPatch): unknown;
  refundOrder(domain: string, orderId: string, input: SimRefundInput): unknown;
  returnOrder(domain: string, orderId: string, input: SimReturnInput): unknown;
  editOrder(domain: string, orderId: string, input: SimOrderEditInput): unknown;
  mutationCalls(domain: string, mutation?: string): unknown[];
  createCustomer(domain: string, input: CustomerFieldsInput): unknown;
  updateProduct(domain: string, productId: string, patch: ProductPatch): unknown;
  setInventory(domain: string, patch: InventoryPatch): unknown;
  idempotencyLedger(domain: string): unknown;
  snapshot(domain: string, collection: string): unknown[] | undefined;
  configure(config: SimulatorConfig): SimulatorConfig;
  reset(): void;
}

export interface ControlResponse {
  status: number;
  body: unknown;
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function requireShop(sim: SimulatorControl, domain: string): ShopState {
  const shop = sim.getShop(domain);
  if (!shop) throw new HttpProblem(404, `unknown shop ${domain}`);
  return shop;
}

function asObject(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw new HttpProblem(400, 'expected a JSON object');
  return body;
}

// Path ids may be numeric legacy ids or URL-encoded GIDs.
function toGid(type: string, raw: string): string {
  const decoded = decodeURIComponent(raw);
  return /^\d+$/.test(decoded) ? gid(type, Number(decoded)) : decoded;
}

function faultList(body: unknown): FaultSpec[] {
  if (Array.isArray(body)) return body as FaultSpec[];
  const obj = asObject(body);
  return Array.isArray(obj.faults) ? (obj.faults as FaultSpec[]) : [obj as FaultSpec];
}

function scopeList(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string' && /^[a-z_]+$/.test(s)))
    throw new HttpProblem(
      400,
      'accessScopes must be an array of scope handles (e.g. "read_products")',
    );
  return [...new Set(value as string[])];
}

function createShopOptions(body: unknown): CreateShopOptions {
  const obj = asObject(body);
  if (obj.accessScopes !== undefined) scopeList(obj.accessScopes);
  if (typeof obj.domain !== 'string' || typeof obj.accessToken !== 'string')
    throw new HttpProblem(400, 'domain and accessToken are required');
  if (obj.plan !== undefined && !SHOP_PLANS.includes(obj.plan as ShopPlan))
    throw new HttpProblem(400, `plan must be one of ${SHOP_PLANS.join(', ')}`);
  return obj as unknown as CreateShopOptions;
}

async function route(
  sim: SimulatorControl,
  method: string,
  parts: string[],
  body: unknown,
): Promise<ControlResponse> {
  const [head, domainRaw, sub, subId, action] = parts;
  const ok = (value: unknown, status = 200): ControlResponse => ({ status, body: value });
  if (head === 'health' && method === 'GET') return ok({ ok: true });
  if (head === 'reset' && method === 'POST') {
    sim.reset();
    return ok({ ok: true });
  }
  if (head === 'config') {
    if (method === 'GET') return ok(sim.configure({}));
    if (method === 'PUT' || method === 'POST')
      return ok(sim.configure(asObject(body) as SimulatorConfig));
  }
  if (head === 'counters' && method === 'GET')
    return ok(Object.fromEntries(sim.listShops().map((s) => [s.domain, s.counters])));
  if (head === 'faults') {
    if (method === 'GET') return ok(sim.listFaults(null));
    if (method === 'POST') {
      sim.addFaults(null, faultList(body));
      return ok(sim.listFaults(null), 201);
    }
    if (method === 'DELETE') {
      sim.clearFaults(null);
      return ok({ ok: true });
    }
  }
  if (head !== 'shops') throw new HttpProblem(404, 'unknown control route');
  if (!domainRaw) {
    if (method === 'GET') return ok(sim.listShops().map((s) => s.summary()));
    if (method === 'POST') return ok(sim.createShop(createShopOptions(body)).summary(), 201);
    throw new HttpProblem(405, 'method not allowed');
  }
  const domain = decodeURIComponent(domainRaw);
  if (!sub) {
    if (method === 'GET') return ok(requireShop(sim, domain).summary());
    if (method === 'DELETE') return ok({ removed: sim.removeShop(domain) });
    throw new HttpProblem(405, 'method not allowed');
  }
  const shop = requireShop(sim, domain);
  switch (`${method} ${sub}`) {
    case 'POST seed':
      return ok(sim.seed(domain, asObject(body) as SeedOptions), 201);
    case 'GET state': {
      const rows = sim.snapshot(domain, subId ?? '');
      if (!rows) throw new HttpProblem(404, `unknown collection ${subId ?? ''}`);
      return ok(rows);
    }
    case 'GET faults':
      return ok(sim.listFaults(domain));
    case 'POST faults':
      sim.addFaults(domain, faultList(body));
      return ok(sim.listFaults(domain), 201);
    case 'DELETE faults':
      sim.clearFaults(domain);
      return ok({ ok: true });
    case 'GET access-scopes':
      return ok({ accessScopes: shop.accessScopes });
    case 'PUT access-scopes':
      shop.accessScopes = scopeList(asObject(body).accessScopes);
      return ok({ accessScopes: shop.accessScopes });
    case 'GET idempotency':
      return ok(sim.idempotencyLedger(domain));
    case 'GET counters':
      return ok(shop.counters);
    case 'DELETE counters':
      shop.resetCounters();
      return ok(shop.counters);
    case 'GET bucket':
      return ok(shop.throttleStatus());
    case 'POST bucket': {
      const obj = asObject(body);
      if (typeof obj.plan === 'string' && SHOP_PLANS.includes(obj.plan as ShopPlan))
        shop.setPlan(obj.plan as ShopPlan);
      if (typeof obj.currentlyAvailable === 'number')
        shop.bucket.setAvailable(obj.currentlyAvailable);
      return ok(shop.throttleStatus());
    }
    case 'POST webhooks': {
      const obj = asObject(body);
      if (subId === undefined && typeof obj.topic === 'string')
        return ok(await sim.sendWebhook(domain, obj.topic, obj.payload ?? {}), 201);
      break;
    }
    case 'GET webhooks':
      return ok(sim.webhookDeliveries(domain));
    case 'GET webhook-subscriptions':
      return ok(sim.webhookSubscriptions(domain));
    case 'POST webhook-subscriptions': {
      const obj = asObject(body);
      if (typeof obj.topic !== 'string' || typeof obj.uri !== 'string')
        throw new HttpProblem(400, 'topic (e.g. ORDERS_CREATE) and uri are required');
      const format = obj.format === 'XML' ? 'XML' : 'JSON';
      return ok(sim.subscribeWebhook(domain, obj.topic, obj.uri, format), 201);
    }
    case 'DELETE webhook-subscriptions':
      if (subId) {
        const id = toGid('WebhookSubscription', subId);
        if (!sim.deleteWebhookSubscription(domain, id))
          throw new HttpProblem(404, `unknown webhook subscription ${id}`);
        return ok({ deleted: id });
      }
      break;
    case 'POST orders': {
      if (!subId)
        return ok(sim.createOrder(domain, asObject(body) as unknown as SimOrderInput), 201);
      const orderId = toGid('Order', subId);
      if (action === 'refunds')
        return ok(sim.refundOrder(domain, orderId, asObject(body) as SimRefundInput), 201);
      if (action === 'returns')
        return ok(
          sim.returnOrder(domain, orderId, asObject(body) as unknown as SimReturnInput),
          201,
        );
      if (action === 'edit')
        return ok(sim.editOrder(domain, orderId, asObject(body) as unknown as SimOrderEditInput));
      break;
    }
    case 'GET mutation-calls':
      return ok(sim.mutationCalls(domain, subId));
    case 'PATCH orders':
      if (subId)
        return ok(sim.updateOrder(domain, toGid('Order', subId), asObject(body) as OrderPatch));
      break;
    case 'POST customers':
      return ok(sim.createCustomer(domain, asObject(body) as CustomerFieldsInput), 201);
    case 'PATCH products':
      if (subId)
        return ok(
          sim.updateProduct(domain, toGid('Product', subId), asObject(body) as ProductPatch),
        );
      break;
    case 'POST inventory':
      return ok(sim.setInventory(domain, asObject(body) as unknown as InventoryPatch));
    default:
      if (sub === 'shopify-payments') {
        const answer = shopifyPaymentsControl(
          shop,
          method,
          subId,
          action,
          method === 'GET' ? {} : asObject(body),
        );
        if (answer) return answer;
      }
      break;
  }
  throw new HttpProblem(404, `unknown control route ${method} /_sim/${parts.join('/')}`);
}

export async function handleControl(
  sim: SimulatorControl,
  method: string,
  path: string,
  body: unknown,
): Promise<ControlResponse> {
  const parts = path
    .replace(/^\/_sim\/?/, '')
    .split('/')
    .filter(Boolean);
  try {
    return await route(sim, method, parts, body);
  } catch (error) {
    if (error instanceof HttpProblem)
      return { status: error.status, body: { error: error.message } };
    return { status: 422, body: { error: error instanceof Error ? error.message : String(error) } };
  }
}
