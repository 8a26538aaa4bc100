import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { scopeMap } from './access-scopes';
import { ApiVersionWindow, defaultWindow, servedVersion, VERSION_SEGMENT } from './api-versions';
import { BulkOperationRunner } from './bulk-operations';
import { allResolvers } from './resolvers/index';
import {
  ControlResponse,
  handleControl,
  InventoryPatch,
  ProductPatch,
  SimulatorConfig,
  SimulatorControl,
} from './control-api';
import { loadSimulatorSchema, SimulatorSchema } from './executable-schema';
import { defaultFaultBody, FaultInjector, FaultSpec } from './faults';
import { FileStore } from './file-store';
import { handleGraphql } from './graphql-handler';
import { parseJson, readBody, sendJson } from './http-util';
import { SimServices } from './resolvers/context';
import { formatMoney, setLevelQuantity, touchProduct, variantsOf } from './state/catalog';
import { CreatedCompany, createCompany, SimCompanyInput } from './state/companies';
import { createCustomer, CustomerFieldsInput, updateCustomer } from './state/customers';
import {
  createRefund,
  createReturn,
  editOrder,
  SimOrderEditInput,
  SimRefundInput,
  SimReturnInput,
} from './state/order-changes';
import { createOrder, OrderPatch, SimOrderInput, updateOrder } from './state/orders';
import {
  FulfillmentOrderRecord,
  FulfillmentServiceRecord,
  IdempotencyRecord,
  LedgerEntry,
  OrderRecord,
  QUANTITY_NAMES,
  QuantityName,
  RefundRecord,
  ReturnRecord,
  WebhookSubscriptionRecord,
} from './state/records';
import { seedShop, SeedSummary } from './state/seed';
import { MutationCallRecord, ShopCounters, ShopState } from './state/shop-state';
import { addFulfillmentService, submitFulfillmentRequest } from './state/fulfillment-services';
import {
  Clock,
  CreateShopOptions,
  DEFAULT_API_VERSION,
  isRecord,
  SeedOptions,
  systemClock,
} from './types';
import { WebhookDelivery, WebhookDispatcher } from './webhooks';
import { createSubscription, deleteSubscription } from './state/webhook-subscriptions';

const MODELED_MUTATIONS: ReadonlySet<string> = new Set(Object.keys(allResolvers().Mutation ?? {}));

// The Shopify Admin API simulator: a plain node:http server hosting any number of shops,
// each identified by its access token, in front of the real 2026-04 schema.

export interface ShopifySimulatorOptions {
  port?: number;
  host?: string;
  // 1 = real time; 10 = buckets refill ten times faster.
  timeScale?: number;
  // Where subscriptions' https addresses are delivered: origin → local base URL, e.g.
  // {'https://shopsync.webhooks.test': 'http://127.0.0.1:3000'}.
  webhookRoutes?: Record<string, string>;
  // Emit products/*, orders/*, customers/* webhooks on changes (default true); they go to
  // the shop's subscriptions of the topic only.
  emitWebhooks?: boolean;
  schemaPath?: string;
  clock?: Clock;
  // Delay before a bulk operation starts running (default 20 ms).
  bulkDelayMs?: number;
  // Bytes a staged upload of bulk mutation variables may hold (default and most: Shopify's
  // 20 MiB); lower stands in for a storage limit the app does not know beforehand.
  bulkVariablesMaxBytes?: number;
  apiVersion?: string;
  // The versions served (default SUPPORTED_API_VERSIONS); others fall forward to the oldest.
  apiVersions?: string[];
}

export const INVALID_TOKEN_BODY = {
  errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
};

// `/admin/api/<version>/graphql.json` on the shop's own host, or under `/shops/<domain>` on the
// simulator's address (what a per-shop SHOPIFY_ENDPOINT_OVERRIDES base URL produces).
const messages = (errors: { message: string }[]) => errors.map((e) => e.message).join('; ');

const GRAPHQL_PATH = /^(?:\/shops\/([^/]+))?\/admin\/api\/([^/]+)\/graphql\.json$/;
const NOT_FOUND_BODY = { errors: 'Not Found' };

export interface IdempotencyLedger {
  entries: LedgerEntry[];
  keys: Omit<IdempotencyRecord, 'payload'>[];
}

function operationNameFrom(payload: unknown): string | null {
  if (!isRecord(payload)) return null;
  if (typeof payload.operationName === 'string') return payload.operationName;
  const match =
    typeof payload.query === 'string'
      ? /\b(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(payload.query)
      : null;
  return match?.[1] ?? null;
}

export class ShopifySimulator implements SimulatorControl {
  url = '';
  port = 0;
  readonly schemaInfo: SimulatorSchema;
  readonly faults = new FaultInjector();
  readonly files: FileStore;
  readonly webhooks: WebhookDispatcher;
  readonly bulk: BulkOperationRunner;
  private readonly shopsByDomain = new Map<string, ShopState>();
  private readonly shopsByToken = new Map<string, ShopState>();
  private readonly services: SimServices;
  private readonly server: Server;
  private readonly clock: Clock;
  private readonly apiVersion: string;
  readonly apiVersions: ApiVersionWindow;
  private webhookRoutes: Record<string, string>;
  private emitWebhooks: boolean;

  constructor(private readonly options: ShopifySimulatorOptions = {}) {
    this.schemaInfo = loadSimulatorSchema(options.schemaPath);
    this.clock = options.clock ?? systemClock;
    this.apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
    this.apiVersions = options.apiVersions ? { supported: options.apiVersions } : defaultWindow();
    this.webhookRoutes = checkedRoutes(options.webhookRoutes ?? {});
    this.emitWebhooks = options.emitWebhooks ?? true;
    this.files = new FileStore(() => this.url, options.bulkVariablesMaxBytes);
    this.webhooks = new WebhookDispatcher({
      routes: () => this.webhookRoutes,
      emitEvents: () => this.emitWebhooks,
      apiVersion: this.apiVersion,
      clock: this.clock,
    });
    this.services = {
      baseUrl: () => this.url,
      apiVersions: this.apiVersions,
      bulk: null as unknown as BulkOperationRunner,
      uploads: this.files,
      events: this.webhooks,
    };
    this.bulk = new BulkOperationRunner({
      schema: this.schemaInfo.schema,
      files: this.files,
      services: () => this.services,
      apiVersion: this.apiVersion,
      delayMs: options.bulkDelayMs ?? 20,
      modeledMutations: () => MODELED_MUTATIONS,
    });
    this.services.bulk = this.bulk;
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    this.port = address.port;
    this.url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  }

  async close(): Promise<void> {
    this.bulk.dispose();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  graphqlUrl(version: string = this.apiVersion): string {
    return `${this.url}/admin/api/${version}/graphql.json`;
  }

  // The base URL that addresses one shop by its domain (for SHOPIFY_ENDPOINT_OVERRIDES).
  shopBaseUrl(domain: string): string {
    return `${this.url}/shops/${encodeURIComponent(domain)}`;
  }

  // ---- shops ----------------------------------------------------------------------------------

  createShop(options: CreateShopOptions): ShopState {
    if (this.shopsByDomain.has(options.domain))
      throw new Error(`shopify-sim: shop ${options.domain} exists`);
    if (this.shopsByToken.has(options.accessToken))
      throw new Error('shopify-sim: access token already in use');
    const accessScopes = options.accessScopes ?? [...scopeMap(this.schemaInfo.schema).all];
    const shop = new ShopState(
      { ...options, accessScopes },
      this.clock,
      this.options.timeScale ?? 1,
    );
    this.shopsByDomain.set(shop.domain, shop);
    this.shopsByToken.set(shop.accessToken, shop);
    if (options.seed) seedShop(shop, options.seed);
    return shop;
  }

  getShop(domain: string): ShopState | undefined {
    return this.shopsByDomain.get(domain);
  }

  shop(domain: string): ShopState {
    const shop = this.shopsByDomain.get(domain);
    if (!shop) throw new Error(`shopify-sim: unknown shop ${domain}`);
    return shop;
  }

  listShops(): ShopState[] {
    return [...this.shopsByDomain.values()];
  }

  removeShop(domain: string): boolean {
    const shop = this.shopsByDomain.get(domain);
    if (!shop) return false;
    this.shopsByDomain.delete(domain);
    this.shopsByToken.delete(shop.accessToken);
    this.faults.clear(domain);
    return true;
  }

  seed(domain: string, options: SeedOptions): SeedSummary {
    return seedShop(this.shop(domain), options);
  }

  counters(domain: string): ShopCounters {
    return this.shop(domain).counters;
  }

  resetCounters(domain?: string): void {
    for (const shop of domain ? [this.shop(domain)] : this.listShops()) shop.resetCounters();
  }

  // ---- faults ---------------------------------------------------------------------------------

  addFaults(domain: string | null, faults: FaultSpec[]): void {
    this.faults.add(domain, faults);
  }

  setFaults(domain: string | null, faults: FaultSpec[]): void {
    this.faults.clear(domain);
    this.faults.add(domain, faults);
  }

  clearFaults(domain: string | null = null): void {
    this.faults.clear(domain);
  }

  listFaults(domain: string | null): unknown[] {
    return this.faults.list(domain);
  }

  // ---- webhooks and outside events --------------------------------------------------------------

  sendWebhook(domain: string, topic: string, payload: unknown): Promise<WebhookDelivery[]> {
    return this.webhooks.send(this.shop(domain), topic, payload);
  }

  // An app's subscription, made the way webhookSubscriptionCreate makes it (same rules); a
  // refusal throws with Shopify's message.
  subscribeWebhook(
    domain: string,
    topic: string,
    uri: string,
    format: 'JSON' | 'XML' = 'JSON',
  ): WebhookSubscriptionRecord {
    const result = createSubscription(this.shop(domain), this.schemaInfo.schema, topic, {
      uri,
      format,
    });
    if (!result.webhookSubscription)
      throw new Error(`shopify-sim: ${result.userErrors.map((e) => e.message).join('; ')}`);
    return result.webhookSubscription;
  }

  webhookSubscriptions(domain: string): WebhookSubscriptionRecord[] {
    return [...this.shop(domain).webhookSubscriptions.values()];
  }

  // Deleted behind the app's back (a merchant, a support agent, Shopify after failures).
  deleteWebhookSubscription(domain: string, id: string): boolean {
    return deleteSubscription(this.shop(domain), id).deletedWebhookSubscriptionId !== null;
  }

  webhookDeliveries(domain?: string): WebhookDelivery[] {
    return this.webhooks.deliveries.filter((d) => !domain || d.domain === domain);
  }

  flushWebhooks(): Promise<void> {
    return this.webhooks.flush();
  }

  createOrder(domain: string, input: SimOrderInput): OrderRecord {
    const shop = this.shop(domain);
    const order = createOrder(shop, input);
    this.webhooks.orderCreated(shop, order);
    return order;
  }

  updateOrder(domain: string, orderId: string, patch: OrderPatch): OrderRecord {
    const shop = this.shop(domain);
    const order = shop.orders.get(orderId);
    if (!order) throw new Error(`shopify-sim: unknown order ${orderId}`);
    updateOrder(shop, order, patch);
    this.webhooks.orderUpdated(shop, order);
    return order;
  }

  // Refunds, returns and edits as they happen outside the app (the merchant in the admin).
  // A user error (e.g. refunding more than was bought) throws, like a bad createOrder input.
  refundOrder(domain: string, orderId: string, input: SimRefundInput): RefundRecord {
    const shop = this.shop(domain);
    const result = createRefund(shop, this.orderOf(shop, orderId), input);
    if (!result.refund) throw new Error(`shopify-sim: ${messages(result.userErrors)}`);
    this.webhooks.orderUpdated(shop, this.orderOf(shop, orderId));
    return result.refund;
  }

  returnOrder(domain: string, orderId: string, input: SimReturnInput): ReturnRecord {
    const shop = this.shop(domain);
    const result = createReturn(shop, this.orderOf(shop, orderId), input);
    if (!result.return) throw new Error(`shopify-sim: ${messages(result.userErrors)}`);
    return result.return;
  }

  editOrder(domain: string, orderId: string, input: SimOrderEditInput): OrderRecord {
    const shop = this.shop(domain);
    const result = editOrder(shop, this.orderOf(shop, orderId), input);
    if (!result.order) throw new Error(`shopify-sim: ${messages(result.userErrors)}`);
    this.webhooks.orderUpdated(shop, result.order);
    return result.order;
  }

  // A fulfillment service with its location (orders placed with `locationId` there get their
  // fulfillment orders assigned to it), and the merchant's request to it.
  addFulfillmentService(domain: string, serviceName: string): FulfillmentServiceRecord {
    return addFulfillmentService(this.shop(domain), serviceName);
  }

  submitFulfillmentRequest(domain: string, fulfillmentOrderId: string): FulfillmentOrderRecord {
    return submitFulfillmentRequest(this.shop(domain), fulfillmentOrderId);
  }

  mutationCalls(domain: string, mutation?: string): MutationCallRecord[] {
    return this.shop(domain).mutationCalls.filter((c) => !mutation || c.mutation === mutation);
  }

  private orderOf(shop: ShopState, orderId: string): OrderRecord {
    const order = shop.orders.get(orderId);
    if (!order) throw new Error(`shopify-sim: unknown order ${orderId}`);
    return order;
  }

  createCustomer(domain: string, input: CustomerFieldsInput) {
    const shop = this.shop(domain);
    const result = createCustomer(shop, input);
    if (!result.customer)
      throw new Error(`shopify-sim: ${result.userErrors.map((e) => e.message).join('; ')}`);
    this.webhooks.customerChanged(shop, result.customer, true);
    return result.customer;
  }

  // A merchant setting up a B2B company with its locations and contacts (see state/companies.ts).
  createCompany(domain: string, input: SimCompanyInput): CreatedCompany {
    return createCompany(this.shop(domain), input);
  }

  // A merchant editing a customer in the admin (addresses, when given, replace the old ones; the
  // first is the default): bumps updatedAt and sends customers/update.
  updateCustomer(domain: string, customerId: string, input: CustomerFieldsInput) {
    const shop = this.shop(domain);
    const result = updateCustomer(shop, customerId, input);
    if (!result.customer)
      throw new Error(`shopify-sim: ${result.userErrors.map((e) => e.message).join('; ')}`);
    this.webhooks.customerChanged(shop, result.customer, false);
    return result.customer;
  }

  // A merchant editing a product in the admin: bumps updatedAt and sends products/update.
  updateProduct(domain: string, productId: string, patch: ProductPatch) {
    const shop = this.shop(domain);
    const product = shop.products.get(productId);
    if (!product) throw new Error(`shopify-sim: unknown product ${productId}`);
    if (patch.title) product.title = patch.title;
    if (patch.status) product.status = patch.status;
    for (const variant of variantsOf(shop, product)) {
      if (patch.price !== undefined) variant.price = formatMoney(patch.price) ?? variant.price;
      variant.updatedAt = shop.now();
    }
    touchProduct(shop, product);
    this.webhooks.productChanged(shop, product, false);
    return product;
  }

  setInventory(domain: string, patch: InventoryPatch) {
    const shop = this.shop(domain);
    const name = (patch.name ?? 'available') as QuantityName;
    if (!QUANTITY_NAMES.includes(name))
      throw new Error(`shopify-sim: unknown quantity name ${name}`);
    if (!shop.inventoryItems.has(patch.inventoryItemId) || !shop.locations.has(patch.locationId))
      throw new Error('shopify-sim: unknown inventory item or location');
    setLevelQuantity(shop, patch.inventoryItemId, patch.locationId, name, patch.quantity);
    return shop.getLevel(patch.inventoryItemId, patch.locationId);
  }

  idempotencyLedger(domain: string): IdempotencyLedger {
    const shop = this.shop(domain);
    return {
      entries: [...shop.ledger],
      keys: [...shop.idempotency.values()].map(({ payload: _payload, ...rest }) => rest),
    };
  }

  snapshot(domain: string, collection: string): unknown[] | undefined {
    const shop = this.shop(domain);
    const collections: Record<string, () => unknown[]> = {
      locations: () => [...shop.locations.values()],
      products: () =>
        [...shop.products.values()].map((p) => ({ ...p, variants: variantsOf(shop, p) })),
      variants: () => [...shop.variants.values()],
      'inventory-items': () => [...shop.inventoryItems.values()],
      'inventory-levels': () => [...shop.inventoryLevels.values()],
      media: () => [...shop.media.values()],
      customers: () => [...shop.customers.values()],
      orders: () => [...shop.orders.values()],
      'mutation-calls': () => [...shop.mutationCalls],
      'webhook-subscriptions': () => [...shop.webhookSubscriptions.values()],
      'bulk-operations': () => [...shop.bulkOperations.values()],
      'adjustment-groups': () => [...shop.adjustmentGroups.values()],
    };
    return collections[collection]?.();
  }

  configure(config: SimulatorConfig): SimulatorConfig {
    if (config.webhookRoutes !== undefined)
      this.webhookRoutes = checkedRoutes(config.webhookRoutes ?? {});
    if (config.emitWebhooks !== undefined) this.emitWebhooks = config.emitWebhooks;
    return { webhookRoutes: { ...this.webhookRoutes }, emitWebhooks: this.emitWebhooks };
  }

  reset(): void {
    this.shopsByDomain.clear();
    this.shopsByToken.clear();
    this.faults.clearAll();
    this.files.clear();
    this.bulk.dispose();
    this.webhooks.deliveries.length = 0;
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    try {
      const graphql = GRAPHQL_PATH.exec(path);
      if (graphql && VERSION_SEGMENT.test(graphql[2])) {
        if (req.method !== 'POST') return sendJson(res, 405, { errors: 'Method Not Allowed' });
        const domain = graphql[1] ? decodeURIComponent(graphql[1]) : this.shopHost(req);
        return await this.handleGraphqlRequest(req, res, domain, graphql[2], requestId);
      }
      if (path === '/_sim/staged-uploads' && req.method === 'POST')
        return await this.files.handleUpload(req, res, null);
      if (path.startsWith('/_sim/staged-uploads/') && req.method === 'PUT')
        return await this.files.handleUpload(req, res, path.slice('/_sim/staged-uploads/'.length));
      if (path.startsWith('/_sim/files/') && req.method === 'GET')
        return this.files.serve(res, path.slice('/_sim/files/'.length));
      if (path === '/_sim' || path.startsWith('/_sim/')) {
        let body: unknown = {};
        try {
          body = parseJson(await readBody(req));
        } catch {
          return sendJson(res, 400, { error: 'invalid JSON body' });
        }
        const result: ControlResponse = await handleControl(this, req.method ?? 'GET', path, body);
        return sendJson(res, result.status, result.body);
      }
      sendJson(res, 404, { errors: 'Not Found' });
    } catch (error) {
      if (!res.headersSent)
        sendJson(res, 500, {
          errors: 'Internal Server Error',
          message: error instanceof Error ? error.message : String(error),
        });
    }
  }

  // The shop a Host header names (port dropped), or null for the simulator's own address
  // (127.0.0.1, localhost): then the request carries no shop domain.
  private shopHost(req: IncomingMessage): string | null {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    if (this.shopsByDomain.has(host) || host.endsWith('.myshopify.com')) return host;
    return null;
  }

  private async handleGraphqlRequest(
    req: IncomingMessage,
    res: ServerResponse,
    domain: string | null,
    requested: string,
    requestId: string,
  ): Promise<void> {
    const token = req.headers['x-shopify-access-token'];
    const raw = await readBody(req);
    const addressed = domain === null ? undefined : this.shopsByDomain.get(domain);
    if (domain !== null && !addressed) return sendJson(res, 404, NOT_FOUND_BODY);
    const owner = typeof token === 'string' ? this.shopsByToken.get(token) : undefined;
    // A token works on its own shop only; a request without a shop domain is for the token's.
    const shop = owner && (!addressed || addressed === owner) ? owner : undefined;
    if (!shop) return sendJson(res, 401, INVALID_TOKEN_BODY);
    const version = servedVersion(this.apiVersions, requested);
    let payload: unknown;
    try {
      payload = (req.headers['content-type'] ?? '').includes('application/graphql')
        ? { query: raw.toString('utf8') }
        : parseJson(raw);
    } catch {
      return sendJson(res, 400, { errors: 'Invalid JSON in request body' });
    }
    const headers = { 'X-Shopify-API-Version': version };
    const fault = this.faults.decide(shop.domain, operationNameFrom(payload));
    if (fault) shop.counters.faultsInjected += 1;
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    const failNow = (): void => {
      if (!fault) return;
      if (fault.drop) {
        req.socket.destroy();
        return;
      }
      const status = fault.status ?? 500;
      const retryAfter = fault.retryAfter ?? (status === 429 ? 2 : undefined);
      sendJson(
        res,
        status,
        fault.body ?? defaultFaultBody(status, requestId),
        retryAfter !== undefined ? { ...headers, 'Retry-After': retryAfter.toFixed(1) } : headers,
      );
    };
    const fails = fault !== null && (fault.drop || fault.status !== undefined);
    if (fails && fault.phase === 'before') {
      shop.counters.calls += 1;
      return failNow();
    }
    const result = await handleGraphql(
      this.schemaInfo.schema,
      shop,
      this.services,
      version,
      payload,
    );
    if (fails) return failNow();
    sendJson(res, result.status, result.body, headers);
  }
}

// Keys are https origins (what a subscription's address starts with), values http(s) URLs.
function checkedRoutes(routes: Record<string, string>): Record<string, string> {
  const checked: Record<string, string> = {};
  for (const [origin, base] of Object.entries(routes)) {
    const parsed = URL.canParse(origin) ? new URL(origin) : null;
    if (!parsed || parsed.protocol !== 'https:' || parsed.origin !== origin)
      throw new Error(`shopify-sim: webhook route ${origin} must be an https origin (no path)`);
    if (!/^https?:\/\/\S+$/.test(base))
      throw new Error(`shopify-sim: webhook route ${origin} must lead to an http(s) URL`);
    checked[origin] = base;
  }
  return checked;
}

export async function startShopifySimulator(
  options: ShopifySimulatorOptions = {},
): Promise<ShopifySimulator> {
  const simulator = new ShopifySimulator(options);
  await simulator.listen();
  return simulator;
}
