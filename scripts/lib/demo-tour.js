// The demo tour `npm start` runs once, when it has just registered the demo shop: the initial
// import from the demo store (products → ERP items, images, customers), then every other task
// with real work to do — orders → sales orders in the ERP feed, a new ERP item exported to
// Shopify, ERP stock sent to a Shopify location, an ERP shipment fulfilled, Shopify Payments
// read — each run in the foreground through the public API, as an integrator would. It prints
// one line per job and where to look next.
'use strict';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled', 'skipped', 'expired']);

// The demo shop's settings for the tour: the ERP starts empty, so the first products and images
// runs import from Shopify (unknown products become ERP items) and customers are imported whole;
// the order side turns unknown SKUs into ERP items and refunds into credit memos.
const IMPORT_SETTINGS = {
  apiLogMode: 'all',
  directions: { products: 'from-shopify', images: 'from-shopify' },
  products: { autoCreateUnknownItems: true, canUpdateShopifyProducts: true },
  customers: { import: 'all' },
  orders: { unknownSku: 'create-item', refunds: 'credit-memo' },
};
// After the import the catalog flows the usual way again: ERP → Shopify.
const EXPORT_DIRECTIONS = { products: 'to-shopify', images: 'to-shopify' };

const DEMO_ITEM = {
  itemNo: 'TOUR-MUG',
  title: 'shopsync tour mug',
  description: '<p>Made in the ERP by the demo tour, exported to Shopify by the products task.</p>',
  vendor: 'shopsync',
  productType: 'Mugs',
  tags: ['demo'],
  options: ['Colour'],
  variants: [
    { sku: 'TOUR-MUG-WHITE', options: ['White'], price: 12.5 },
    { sku: 'TOUR-MUG-BLACK', options: ['Black'], price: 12.5 },
  ],
};

function client(gatewayUrl, apiKey) {
  const headers = { 'content-type': 'application/json' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return async (method, path, body) => {
    const res = await fetch(`${gatewayUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (res.status >= 300)
      throw new Error(`${method} ${path} → ${res.status}: ${json?.message ?? text.slice(0, 200)}`);
    return json;
  };
}

// Runs one task in the foreground; a job still going when the request returns is polled.
async function runTask(call, shop, task, params) {
  let job = await call('POST', `/v1/shops/${shop}/syncs`, {
    task,
    wait: true,
    ...(params ? { params } : {}),
  });
  const deadline = Date.now() + 180_000;
  while (!TERMINAL.has(job.status) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    job = await call('GET', `/v1/jobs/${job.id}`);
  }
  return job;
}

const n = (value) => (typeof value === 'number' ? value : 0);

// One readable line of what a job did, from its summary.
function describe(job) {
  const s = job.summary ?? {};
  switch (job.task) {
    case 'products':
      return s.direction === 'from-shopify'
        ? `${n(s.created)} ERP items created from Shopify products, ${n(s.mapped)} mapped`
        : `${n(s.created)} created in Shopify, ${n(s.updated)} updated, ${n(s.unchanged)} unchanged`;
    case 'images':
      return s.direction === 'from-shopify'
        ? `${n(s.total)} products' images read from Shopify (${n(s.recorded)} new to the ERP, ${n(s.unchanged)} already there)`
        : `${n(s.updated)} products' images sent, ${n(s.unchanged)} unchanged`;
    case 'customers':
      return `${n(s.imported?.created)} ERP customers created, ${n(s.imported?.matched)} matched`;
    case 'orders':
      return `${n(s.created) + n(s.updated)} orders read from Shopify`;
    case 'sales-orders':
      return `${n(s.created)} sales orders in the ERP feed, ${n(s.failed)} failed`;
    case 'inventory':
      return `${n(s.changed)} stock levels changed in Shopify`;
    case 'shipments':
      return `${n(s.fulfilled)} of ${n(s.pending)} pending ERP shipments fulfilled in Shopify`;
    case 'payments': {
      const p = s.shopifyPayments ?? {};
      return p.available
        ? `${n(s.recorded)} order transactions recorded; Shopify Payments: ${n(p.payouts?.created)} payouts, ${n(
            p.balanceTransactions?.recorded,
          )} balance transactions, ${n(p.disputes?.created)} disputes`
        : `${n(s.recorded)} order transactions recorded; Shopify Payments not available`;
    }
    default:
      return '';
  }
}

async function runDemoTour({ gatewayUrl, apiKey, shop, simUrl, domain, say }) {
  const call = client(gatewayUrl, apiKey);
  const results = [];
  const step = async (label, task, params) => {
    const job = await runTask(call, shop, task, params);
    const flag =
      job.recordsOutcome && job.recordsOutcome !== 'complete' ? ` (${job.recordsOutcome})` : '';
    say(
      `tour  ${job.status === 'succeeded' ? 'ok  ' : 'FAIL'} ${label.padEnd(24)} ${
        job.status === 'succeeded' ? describe(job) : job.error
      }${flag}  [job ${job.id}]`,
    );
    results.push(job);
    return job;
  };

  await call('PATCH', `/v1/shops/${shop}`, { settings: IMPORT_SETTINGS });
  await step('products from Shopify', 'products');
  await step('images from Shopify', 'images');
  await step('customers', 'customers');
  await step('orders', 'orders');
  const salesOrders = await step('sales-orders', 'sales-orders');

  // The catalog back the usual way: a new item made in the ERP becomes a Shopify product.
  const current = await call('GET', `/v1/shops/${shop}`);
  await call('PATCH', `/v1/shops/${shop}`, {
    settings: {
      ...current.settings,
      directions: { ...(current.settings?.directions ?? {}), ...EXPORT_DIRECTIONS },
    },
  });
  await call('PUT', '/v1/erp/items', { items: [DEMO_ITEM] });
  await call('POST', `/v1/shops/${shop}/products`, {
    skus: DEMO_ITEM.variants.map((v) => v.sku),
  });
  await step('products to Shopify', 'products');

  // ERP stock at location MAIN, sent to the store's first location.
  const { items: locations } = await call('GET', `/v1/shops/${shop}/locations`);
  if (locations.length) {
    await call('PUT', `/v1/shops/${shop}/locations`, {
      locations: [
        {
          shopifyLocationId: locations[0].shopifyLocationId,
          erpLocationCode: 'MAIN',
          stockSync: true,
        },
      ],
    });
    const { items: products } = await call('GET', `/v1/shops/${shop}/products?limit=1000`);
    const skus = products.flatMap((p) => p.variants.map((v) => v.sku)).slice(0, 1000);
    if (skus.length)
      await call('PUT', '/v1/erp/stock', {
        stock: skus.map((sku, i) => ({ sku, locationCode: 'MAIN', quantity: 5 + (i % 7) * 3 })),
      });
  }
  await step('inventory', 'inventory');

  // The ERP ships in full a sales order whose Shopify order is still open for fulfilment (the
  // demo store has some fulfilled already; its simulator says which).
  const orders = await fetch(`${simUrl}/_sim/shops/${domain}/state/orders`).then((r) => r.json());
  const open = new Set(
    orders
      .filter((o) => !o.cancelledAt && o.fulfillmentOrders.some((f) => f.status === 'OPEN'))
      .map((o) => o.id),
  );
  const itemLines = (d) => d.lines.filter((l) => l.kind === 'item' && l.quantity > 0);
  // The documents reach the feed through the outbox, a moment after the job.
  let document;
  for (let tries = 0; !document && tries < 60; tries++) {
    if (tries) await new Promise((r) => setTimeout(r, 500));
    const feed = await call('GET', `/v1/erp/sales-orders?shop=${shop}&limit=100`);
    document = (feed.items ?? []).find(
      (d) => open.has(d.shopifyOrderId) && itemLines(d).length > 0,
    );
  }
  const lines = document ? itemLines(document) : [];
  if (document && lines.length) {
    await call('POST', '/v1/erp/shipments', {
      shipments: [
        {
          shop,
          number: `TOUR-SHIP-${String(document.shopifyOrderId).split('/').pop()}`,
          shopifyOrderId: document.shopifyOrderId,
          lines: lines.map((l) => ({
            sku: l.sku,
            quantity: l.quantity,
            shopifyOrderLineId: l.shopifyOrderLineId,
          })),
          trackingCompany: 'DHL Express',
          trackingNumber: '1Z999AA10123456784',
        },
      ],
    });
  }
  await step('shipments', 'shipments');
  await step('payments', 'payments');

  const failed = results.filter((j) => j.status !== 'succeeded');
  say(
    failed.length
      ? `tour  ${failed.length} of ${results.length} jobs did not succeed: see their errors on the page`
      : `tour  done: ${results.length} jobs succeeded`,
  );
  say(
    `look  the jobs page: ${gatewayUrl}/ui (open the sales-orders job ${salesOrders.id} for its log)`,
  );
  say(
    `read  the ERP feed: curl -H "Authorization: Bearer <key>" ${gatewayUrl}/v1/erp/sales-orders?limit=5`,
  );
  return results;
}

module.exports = { runDemoTour, IMPORT_SETTINGS };
