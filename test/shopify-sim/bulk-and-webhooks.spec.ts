import { timingSafeEqual, createHmac } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { simControl, simGraphql } from './sim-client';
import { ShopifySimulator, startShopifySimulator } from './simulator';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('bulk operations and webhooks', () => {
  let sim: ShopifySimulator;
  let receiver: Server;
  let receiverUrl: string;
  // Subscriptions are HTTPS on a public host; the simulator routes this origin to the receiver.
  const PUBLIC = 'https://receiver.shopsync.test';
  const hooks = `${PUBLIC}/webhooks`;
  const received: Received[] = [];
  const domain = 'bulk.myshopify.com';
  const token = 'shpat_bulk';
  const secret = 'app-secret-bulk';
  const gql = <T>(query: string, variables?: Record<string, unknown>) =>
    simGraphql<T>(sim.url, token, query, variables);

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    sim = await startShopifySimulator({ webhookRoutes: { [PUBLIC]: receiverUrl }, bulkDelayMs: 5 });
  });

  afterAll(async () => {
    await sim.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  beforeEach(async () => {
    // Deliveries still in flight from the previous test must not land in this one.
    await sim.flushWebhooks();
    sim.reset();
    received.length = 0;
    sim.configure({ webhookRoutes: { [PUBLIC]: receiverUrl }, emitWebhooks: true });
    sim.createShop({
      domain,
      accessToken: token,
      appSecret: secret,
      seed: { products: 3, variantsPerProduct: 2, locations: 2, seed: 11 },
    });
    for (const topic of ['ORDERS_CREATE', 'PRODUCTS_UPDATE', 'CUSTOMERS_UPDATE'])
      sim.subscribeWebhook(domain, topic, hooks);
  });

  it('runs a bulk query and serves the JSONL with __parentId links', async () => {
    const query = `{ products { edges { node { id title variants { edges { node { sku inventoryItem { id inventoryLevels { edges { node { location { id } quantities(names: ["available"]) { name quantity } } } } } } } } } } } }`;
    const started = await gql<{
      bulkOperationRunQuery: {
        bulkOperation: { id: string; status: string };
        userErrors: unknown[];
      };
    }>(
      'mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id status } userErrors { field message } } }',
      { q: query },
    );
    expect(started.body.data?.bulkOperationRunQuery).toMatchObject({
      bulkOperation: { status: 'CREATED' },
      userErrors: [],
    });
    const id = started.body.data?.bulkOperationRunQuery.bulkOperation.id;

    type Poll = {
      node: { status: string; url: string | null; objectCount: string; rootObjectCount: string };
    };
    const done = await eventually(async () => {
      const poll = await gql<Poll>(
        'query($id: ID!) { node(id: $id) { ... on BulkOperation { status url objectCount rootObjectCount } } }',
        { id },
      );
      return poll.body.data?.node.status === 'COMPLETED' ? poll.body.data.node : undefined;
    });
    expect(done).toMatchObject({ objectCount: '21', rootObjectCount: '3' });
    const current = await gql<{ currentBulkOperation: { id: string; status: string } }>(
      '{ currentBulkOperation { id status } }',
    );
    expect(current.body.data?.currentBulkOperation).toEqual({ id, status: 'COMPLETED' });

    const text = await (await fetch(done.url ?? '')).text();
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const products = lines.filter((l) => String(l.id).includes('/Product/'));
    const variants = lines.filter((l) => typeof l.sku === 'string');
    const levels = lines.filter((l) => Array.isArray(l.quantities));
    expect([products.length, variants.length, levels.length]).toEqual([3, 6, 12]);
    expect(products.every((p) => p.__parentId === undefined)).toBe(true);
    const productIds = new Set(products.map((p) => p.id));
    expect(variants.every((v) => productIds.has(v.__parentId))).toBe(true);
    const variantIds = new Set(variants.map((v) => v.id));
    expect(levels.every((l) => variantIds.has(l.__parentId))).toBe(true);
    expect(levels[0]).toMatchObject({
      location: { id: expect.stringContaining('/Location/') },
      quantities: [{ name: 'available', quantity: expect.any(Number) }],
    });
  });

  it('rejects an invalid bulk query with a user error', async () => {
    const reply = await gql<{
      bulkOperationRunQuery: { bulkOperation: null; userErrors: { code: string }[] };
    }>(
      'mutation { bulkOperationRunQuery(query: "{ products { edges { node { nope } } } }") { bulkOperation { id } userErrors { field message code } } }',
    );
    expect(reply.body.data?.bulkOperationRunQuery).toMatchObject({
      bulkOperation: null,
      userErrors: [{ code: 'INVALID' }],
    });
  });

  it('runs a bulk mutation from a staged upload', async () => {
    const staged = await gql<{
      stagedUploadsCreate: {
        stagedTargets: {
          url: string;
          resourceUrl: string;
          parameters: { name: string; value: string }[];
        }[];
      };
    }>(
      'mutation { stagedUploadsCreate(input: [{resource: BULK_MUTATION_VARIABLES, filename: "vars.jsonl", mimeType: "text/jsonl", httpMethod: POST}]) { stagedTargets { url resourceUrl parameters { name value } } userErrors { message } } }',
    );
    const target = staged.body.data?.stagedUploadsCreate.stagedTargets[0];
    if (!target) throw new Error('no staged target');
    const form = new FormData();
    for (const p of target.parameters) form.append(p.name, p.value);
    const jsonl = ['Bulk One', 'Bulk Two']
      .map((title) => JSON.stringify({ input: { title } }))
      .join('\n');
    form.append('file', new Blob([jsonl], { type: 'text/jsonl' }), 'vars.jsonl');
    expect((await fetch(target.url, { method: 'POST', body: form })).status).toBe(201);

    const key = target.parameters.find((p) => p.name === 'key')?.value;
    const run = await gql<{
      bulkOperationRunMutation: { bulkOperation: { id: string } | null; userErrors: unknown[] };
    }>(
      'mutation($m: String!, $path: String!) { bulkOperationRunMutation(mutation: $m, stagedUploadPath: $path) { bulkOperation { id } userErrors { message code } } }',
      {
        m: 'mutation($input: ProductSetInput!) { productSet(input: $input) { product { id title } userErrors { message } } }',
        path: key,
      },
    );
    expect(run.body.data?.bulkOperationRunMutation.userErrors).toEqual([]);
    const op = await eventually(() => {
      const record = [...sim.shop(domain).bulkOperations.values()].find(
        (b) => b.type === 'MUTATION',
      );
      return record?.status === 'COMPLETED' ? record : undefined;
    });
    const results = (await (await fetch(op.url ?? '')).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { __lineNumber: number });
    expect(results.map((r) => r.__lineNumber)).toEqual([0, 1]);
    expect([...sim.shop(domain).products.values()].map((p) => p.title)).toEqual(
      expect.arrayContaining(['Bulk One', 'Bulk Two']),
    );
  });

  it('signs webhooks with the app secret (HMAC-SHA256, base64) and sends Shopify’s headers', async () => {
    const deliveries = await sim.sendWebhook(domain, 'orders/create', { id: 1, name: '#1001' });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].status).toBe(200);
    const hit = received[0];
    expect(hit.headers).toMatchObject({
      'x-shopify-topic': 'orders/create',
      'x-shopify-shop-domain': domain,
      'x-shopify-api-version': '2026-04',
      'x-shopify-webhook-id': expect.any(String),
      'x-shopify-event-id': expect.any(String),
    });
    const expected = createHmac('sha256', secret).update(hit.body, 'utf8').digest();
    const given = Buffer.from(String(hit.headers['x-shopify-hmac-sha256']), 'base64');
    expect(given.length === expected.length && timingSafeEqual(given, expected)).toBe(true);
    expect(JSON.parse(hit.body)).toEqual({ id: 1, name: '#1001' });
  });

  it('triggers a webhook through the control API', async () => {
    const reply = await simControl<{ status: number; topic: string }[]>(
      sim.url,
      'POST',
      `/shops/${domain}/webhooks`,
      { topic: 'customers/update', payload: { id: 7 } },
    );
    expect(reply).toMatchObject({
      status: 201,
      body: [{ status: 200, topic: 'customers/update' }],
    });
    expect(received.map((r) => r.body)).toEqual(['{"id":7}']);
    const log = await simControl<unknown[]>(sim.url, 'GET', `/shops/${domain}/webhooks`);
    expect(log.body).toHaveLength(1);
  });

  it('emits orders/create for control-API orders and products/update for product changes', async () => {
    const variant = [...sim.shop(domain).variants.values()][0];
    const created = await simControl<{ id: string }>(sim.url, 'POST', `/shops/${domain}/orders`, {
      lineItems: [{ variantId: variant.id, quantity: 2 }],
      email: 'buyer@example.com',
    });
    expect(created.status).toBe(201);
    await gql(
      'mutation($p: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $p, variants: $v) { userErrors { message } } }',
      {
        p: variant.productId,
        v: [{ id: variant.id, price: '99.00' }],
      },
    );
    await sim.flushWebhooks();
    const topics = received.map((r) => r.headers['x-shopify-topic']);
    expect(topics).toEqual(expect.arrayContaining(['orders/create', 'products/update']));
    const order = JSON.parse(
      received.find((r) => r.headers['x-shopify-topic'] === 'orders/create')?.body ?? '{}',
    ) as Record<string, unknown>;
    expect(order).toMatchObject({
      admin_graphql_api_id: created.body.id,
      email: 'buyer@example.com',
      line_items: [{ quantity: 2, sku: variant.sku }],
    });

    received.length = 0;
    sim.configure({ emitWebhooks: false });
    sim.createOrder(domain, { lineItems: [{ variantId: variant.id, quantity: 1 }] });
    await sim.flushWebhooks();
    expect(received).toHaveLength(0);
  });

  type Created = {
    webhookSubscriptionCreate: {
      webhookSubscription: { id: string; topic: string; uri: string } | null;
      userErrors: { field: string[]; message: string }[];
    };
  };
  const create = (topic: string, uri: string) =>
    gql<Created>(
      `mutation($uri: String!) { webhookSubscriptionCreate(topic: ${topic}, webhookSubscription: {uri: $uri, format: JSON}) { webhookSubscription { id topic uri } userErrors { field message } } }`,
      { uri },
    );

  it('delivers only to the subscriptions of the topic, made with webhookSubscriptionCreate', async () => {
    for (const s of sim.webhookSubscriptions(domain)) sim.deleteWebhookSubscription(domain, s.id);
    const sku = [...sim.shop(domain).variants.values()][0].sku ?? '';
    sim.createOrder(domain, { lineItems: [{ sku, quantity: 1 }] });
    await sim.flushWebhooks();
    expect(received).toEqual([]);

    const created = await create('ORDERS_CREATE', `${hooks}/orders`);
    expect(created.body.data?.webhookSubscriptionCreate).toMatchObject({
      webhookSubscription: { topic: 'ORDERS_CREATE', uri: `${hooks}/orders` },
      userErrors: [],
    });
    sim.createOrder(domain, { lineItems: [{ sku, quantity: 1 }] });
    await sim.sendWebhook(domain, 'customers/update', { id: 1 });
    await sim.flushWebhooks();
    expect(received.map((r) => r.headers['x-shopify-topic'])).toEqual(['orders/create']);

    const id = created.body.data?.webhookSubscriptionCreate.webhookSubscription?.id ?? '';
    const deleted = await gql<{
      webhookSubscriptionDelete: { deletedWebhookSubscriptionId: string };
    }>(
      'mutation($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { message } } }',
      { id },
    );
    expect(deleted.body.data?.webhookSubscriptionDelete.deletedWebhookSubscriptionId).toBe(id);
    received.length = 0;
    sim.createOrder(domain, { lineItems: [{ sku, quantity: 1 }] });
    await sim.flushWebhooks();
    expect(received).toEqual([]);
  });

  it('lists subscriptions by uri and topics', async () => {
    await create('ORDERS_UPDATED', `${hooks}/other`);
    const listed = await gql<{ webhookSubscriptions: { nodes: { topic: string; uri: string }[] } }>(
      'query($uri: String) { webhookSubscriptions(first: 10, uri: $uri) { nodes { topic uri } } }',
      { uri: hooks },
    );
    expect(listed.body.data?.webhookSubscriptions.nodes.map((n) => n.topic).sort()).toEqual([
      'CUSTOMERS_UPDATE',
      'ORDERS_CREATE',
      'PRODUCTS_UPDATE',
    ]);
    const byTopic = await gql<{ webhookSubscriptions: { nodes: { uri: string }[] } }>(
      '{ webhookSubscriptions(first: 10, topics: [ORDERS_UPDATED]) { nodes { uri } } }',
    );
    expect(byTopic.body.data?.webhookSubscriptions.nodes).toEqual([{ uri: `${hooks}/other` }]);
  });

  it.each([
    ['http://receiver.shopsync.test/hooks', 'Address protocol http:// is not supported'],
    ['https://localhost/hooks', 'Address is invalid'],
    ['https://127.0.0.1/hooks', 'Address is invalid'],
    ['https://hooks.example.com/x', 'Address is invalid'],
    ['https://shop.myshopify.com/x', 'Address is invalid'],
    ['https://api.internal', 'Address is invalid'],
    ['not a url', 'Address is invalid'],
    ['', "Address can't be blank"],
  ])('refuses the address %j: %s, and makes nothing', async (uri, message) => {
    const reply = await create('ORDERS_CREATE', uri);
    expect(reply.body.data?.webhookSubscriptionCreate).toEqual({
      webhookSubscription: null,
      userErrors: [{ field: ['webhookSubscription', 'uri'], message }],
    });
    expect(sim.webhookSubscriptions(domain)).toHaveLength(3);
  });

  it('refuses a second subscription of one topic to one address, as Shopify does', async () => {
    const reply = await create('ORDERS_CREATE', hooks);
    expect(reply.body.data?.webhookSubscriptionCreate.userErrors).toEqual([
      {
        field: ['webhookSubscription', 'uri'],
        message: 'Address for this topic has already been taken',
      },
    ]);
    expect(
      (await create('ORDERS_UPDATED', hooks)).body.data?.webhookSubscriptionCreate.userErrors,
    ).toEqual([]);
  });

  it('refuses a topic that is not in the schema, and one whose scope the app lacks', async () => {
    const bad = await create('ORDERS_EXPLODED', hooks);
    expect(bad.body.errors?.[0].message).toContain('ORDERS_EXPLODED');
    sim.shop(domain).accessScopes = ['read_products'];
    const denied = await create('ORDERS_UPDATED', hooks);
    expect(denied.body.data?.webhookSubscriptionCreate).toMatchObject({
      webhookSubscription: null,
      userErrors: [{ field: ['topic'], message: expect.stringContaining('read_orders') }],
    });
    expect(
      (await create('PRODUCTS_CREATE', hooks)).body.data?.webhookSubscriptionCreate.userErrors,
    ).toEqual([]);
  });

  it('never calls an address no route covers, and records why', async () => {
    sim.subscribeWebhook(domain, 'ORDERS_UPDATED', 'https://elsewhere.shopsync.test/hooks');
    const [delivery] = await sim.sendWebhook(domain, 'orders/updated', { id: 3 });
    expect(delivery).toMatchObject({
      status: null,
      error: expect.stringContaining('no webhookRoutes entry'),
    });
    expect(received).toEqual([]);
  });

  it('subscribes and deletes through the control API', async () => {
    const made = await simControl<{ id: string; topic: string }>(
      sim.url,
      'POST',
      `/shops/${domain}/webhook-subscriptions`,
      { topic: 'ORDERS_UPDATED', uri: hooks },
    );
    expect(made).toMatchObject({ status: 201, body: { topic: 'ORDERS_UPDATED' } });
    const refused = await simControl<{ error: string }>(
      sim.url,
      'POST',
      `/shops/${domain}/webhook-subscriptions`,
      { topic: 'ORDERS_UPDATED', uri: hooks },
    );
    expect(refused).toMatchObject({
      status: 422,
      body: { error: 'shopify-sim: Address for this topic has already been taken' },
    });
    const gone = await simControl(
      sim.url,
      'DELETE',
      `/shops/${domain}/webhook-subscriptions/${encodeURIComponent(made.body.id)}`,
    );
    expect(gone).toMatchObject({ status: 200, body: { deleted: made.body.id } });
    const listed = await simControl<{ topic: string }[]>(
      sim.url,
      'GET',
      `/shops/${domain}/webhook-subscriptions`,
    );
    expect(listed.body.map((s) => s.topic).sort()).toEqual([
      'CUSTOMERS_UPDATE',
      'ORDERS_CREATE',
      'PRODUCTS_UPDATE',
    ]);
    expect(
      (await simControl(sim.url, 'DELETE', `/shops/${domain}/webhook-subscriptions/999999`)).status,
    ).toBe(404);
  });
});
