import { randomBytes } from 'node:crypto';
import { ShopifySimulator, startShopifySimulator } from './shopify-sim';
import { setCustomerAddress } from './shopify-sim/state/customers';
import type { SimOrderInput } from './shopify-sim/state/orders';
import { eventually } from './support/eventually';
import { collect, Collected, dataOf, testKafka } from './support/kafka';
import { createTestDatabase, query } from './support/pg';
import { Job, runSync } from './support/jobs';
import { readFeed } from './support/feed';
import { Stack } from './support/stack';

// Issue 17 end to end, HTTP API + PostgreSQL + Kafka + the strict simulator: `import: all`
// imports customers with their default address and company, and two shops importing the same
// 200 customers at once make 200 ERP customers; `with-order-import` creates the customers of
// orders, and with `shopifyCanUpdateCustomer` the customers task refreshes only those; the
// `bill-to` mapping finds the ERP's B2B customer by name and address; a default-customer shop
// sends orders to its default customer per country; with auto-create off an unknown customer's
// order fails, naming the contact, and the others go on.

const TIME_SCALE = 20;
const KEY = randomBytes(32);

interface Shop {
  code: string;
  domain: string;
  token: string;
  secret: string;
}
interface CustomerDoc {
  id: string;
  updatedAt: string;
  number: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address: Record<string, string | null> | null;
  source: string;
  taxExempt: boolean | null;
  taxExemptions: string[];
  emailMarketingConsent: {
    state: string;
    optInLevel: string | null;
    consentUpdatedAt: string | null;
  } | null;
  smsMarketingConsent: {
    state: string;
    optInLevel: string | null;
    consentUpdatedAt: string | null;
  } | null;
  addresses: Array<Record<string, string | null>>;
}
interface SalesOrderDoc {
  shopifyOrderId: string;
  customer: { id: string; number: string };
  company: {
    shopifyCompanyId: string;
    name: string;
    location: {
      shopifyLocationId: string;
      name: string;
      externalId: string | null;
      shippingAddress: Record<string, string | null> | null;
    };
    shopifyContactId: string | null;
  } | null;
}

const shopOf = (code: string): Shop => ({
  code,
  domain: `${code}.myshopify.com`,
  token: `shpat_${randomBytes(16).toString('hex')}`,
  secret: `whsec_${randomBytes(16).toString('hex')}`,
});
const ALL_A = shopOf('cust-all-a');
const ALL_B = shopOf('cust-all-b');
const WITH_ORDERS = shopOf('cust-orders');
const BILL_TO = shopOf('cust-billto');
const DEFAULT = shopOf('cust-default');
const STRICT = shopOf('cust-strict');
const B2B = shopOf('cust-b2b');
const SHOPS = [ALL_A, ALL_B, WITH_ORDERS, BILL_TO, DEFAULT, STRICT, B2B];
const ORDERS = { unknownSku: 'create-item' };

describe('Customers (import modes, mapping types, default customers, updates, no duplicates)', () => {
  let sim: ShopifySimulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  let outbound: { messages: Collected[]; consumer: { disconnect(): Promise<void> } };
  const skus = new Map<string, string>();
  // The with-order-import shop's buyer: its Shopify id and its ERP customer.
  let buyerId = '';
  let buyerErp: CustomerDoc;

  const api = <T>(method: string, path: string, body?: unknown) => stack.api<T>(method, path, body);
  const sync = async (shop: Shop, task: string): Promise<Job> => {
    const job = await runSync(stack, shop.code, task, {}, 180_000);
    expect({ task, status: job.status, error: job.error }).toEqual({
      task,
      status: 'succeeded',
      error: null,
    });
    return job;
  };
  const feed = <T>(path: string) => readFeed<T>(stack, path);
  const customers = () => feed<CustomerDoc>('/v1/erp/customers');
  const erpCount = async () =>
    Number((await query<{ n: string }>(db.url, 'SELECT count(*) AS n FROM erp_customers'))[0].n);
  const documentOf = async (shop: Shop, orderId: string) =>
    (await feed<SalesOrderDoc>(`/v1/erp/sales-orders?shop=${shop.code}`)).find(
      (d) => d.shopifyOrderId === orderId,
    );
  const order = (shop: Shop, input: Partial<SimOrderInput>) =>
    sim.createOrder(shop.domain, {
      lineItems: [{ sku: skus.get(shop.code)!, quantity: 1, price: '10.00' }],
      ...input,
    } as SimOrderInput);
  const postErpCustomers = async (list: unknown[]) => {
    const res = await api('PUT', '/v1/erp/customers', { customers: list });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    sim = await startShopifySimulator({ timeScale: TIME_SCALE });
    for (const shop of SHOPS) {
      sim.createShop({
        domain: shop.domain,
        plan: 'standard',
        accessToken: shop.token,
        appSecret: shop.secret,
        seed: {
          products: 1,
          variantsPerProduct: 1,
          locations: 1,
          customers: 0,
          orders: 0,
          seed: 17,
        },
      });
      skus.set(shop.code, [...sim.shop(shop.domain).variants.values()][0].sku!);
    }
    db = await createTestDatabase('customers');
    stack = new Stack({
      name: 'customers',
      databaseUrl: db.url,
      env: {
        SHOPSYNC_ENCRYPTION_KEY: KEY.toString('base64'),
        SHOPIFY_ENDPOINT_OVERRIDES: `*.myshopify.com=${sim.url}/shops/{shop}`,
        FEED_SETTLE_MS: '0',
      },
      workerEnv: { SHOPIFY_LIMITER_TIME_SCALE: String(TIME_SCALE) },
    });
    await stack.start();
    outbound = await collect(testKafka(), `${stack.topicPrefix}shopsync.erp.outbound.v1`);
    const settings: Record<string, unknown> = {
      [ALL_A.code]: { customers: { import: 'all' } },
      [ALL_B.code]: { customers: { import: 'all' } },
      [WITH_ORDERS.code]: {
        customers: { import: 'with-order-import', shopifyCanUpdateCustomer: true },
        orders: ORDERS,
      },
      [BILL_TO.code]: { customers: { mapping: 'bill-to' }, orders: ORDERS },
      [DEFAULT.code]: {
        customers: {
          mapping: 'default-customer',
          defaultCustomerNo: 'GUEST',
          defaultCustomerByCountry: { BE: 'GUEST-BE' },
        },
        orders: ORDERS,
      },
      [STRICT.code]: { customers: { autoCreateUnknown: false }, orders: ORDERS },
      [B2B.code]: { orders: ORDERS },
    };
    for (const shop of SHOPS) {
      const created = await api('POST', '/v1/shops', {
        code: shop.code,
        domain: shop.domain,
        accessToken: shop.token,
        appSecret: shop.secret,
        settings: settings[shop.code],
      });
      expect(created.status).toBe(201);
    }
  }, 240_000);

  afterAll(async () => {
    await outbound?.consumer.disconnect();
    await stack?.stop();
    await sim?.close();
    await db?.drop();
  });

  it('refuses a default-customer mapping without a default customer', async () => {
    const res = await api<{ errors?: Array<{ field: string }> }>(
      'PATCH',
      `/v1/shops/${DEFAULT.code}`,
      {
        settings: { customers: { mapping: 'default-customer' } },
      },
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('settings.customers.defaultCustomerNo');
  });

  it('imports all customers with their address and company; two shops at once make one each', async () => {
    for (const shop of [ALL_A, ALL_B])
      for (let i = 0; i < 200; i++)
        sim.createCustomer(shop.domain, {
          // The same people; shop B knows their email in capitals.
          email: shop === ALL_A ? `person${i}@example.com` : `PERSON${i}@Example.com`,
          firstName: `First${i}`,
          lastName: `Last${i}`,
          addresses: [
            {
              address1: `Canal ${i}`,
              city: 'Amsterdam',
              zip: '1015 AA',
              countryCode: 'NL',
              company: i === 0 ? 'Zero BV' : null,
            },
          ],
        });
    const [a, b] = await Promise.all([sync(ALL_A, 'customers'), sync(ALL_B, 'customers')]);
    const imported = (j: Job) => (j.summary as { imported: Record<string, number> }).imported;
    expect(imported(a).created + imported(b).created).toBe(200);
    expect(imported(a).matched + imported(b).matched).toBe(200);
    expect(await erpCount()).toBe(200);
    const zero = (await customers()).find((c) => c.email === 'person0@example.com');
    expect(zero).toMatchObject({
      company: 'Zero BV',
      source: 'shopify',
      address: expect.objectContaining({
        address1: 'Canal 0',
        city: 'Amsterdam',
        countryCode: 'NL',
      }),
    });
    // Again: nothing new.
    const again = await sync(ALL_A, 'customers');
    expect(imported(again).created).toBe(0);
    expect(await erpCount()).toBe(200);
  }, 300_000);

  it('with-order-import: creates the customers of orders; the customers task refreshes only those', async () => {
    const before = await erpCount();
    const buyer = sim.createCustomer(WITH_ORDERS.domain, {
      email: 'buyer@example.com',
      firstName: 'Bo',
      lastName: 'Buyer',
    });
    sim.createCustomer(WITH_ORDERS.domain, { email: 'browser@example.com', firstName: 'Never' });
    const placed = order(WITH_ORDERS, {
      customerId: buyer.id,
      billingAddress: {
        firstName: 'Bo',
        lastName: 'Buyer',
        address1: 'Dam 1',
        city: 'Amsterdam',
        countryCode: 'NL',
      },
    });
    await sync(WITH_ORDERS, 'orders');
    expect(await erpCount()).toBe(before + 1);
    await sync(WITH_ORDERS, 'sales-orders');
    const doc = await documentOf(WITH_ORDERS, placed.id);
    const erp = (await customers()).find((c) => c.email === 'buyer@example.com')!;
    expect(doc?.customer.number).toBe(erp.number);
    expect(erp.address).toMatchObject({ address1: 'Dam 1' });

    sim.updateCustomer(WITH_ORDERS.domain, buyer.id, {
      lastName: 'Buyer-Jansen',
      phone: '+31 6 5555 0000',
      addresses: [
        {
          address1: 'Rokin 5',
          city: 'Amsterdam',
          zip: '1012',
          countryCode: 'NL',
          company: 'Jansen BV',
        },
      ],
    });
    const job = await sync(WITH_ORDERS, 'customers');
    expect((job.summary as { imported: Record<string, unknown> }).imported).toMatchObject({
      refreshed: 1,
      updated: 1,
      created: 0,
      only: 'customers already mapped',
    });
    expect(await erpCount()).toBe(before + 1);
    buyerId = buyer.id;
    const updated = (await customers()).find((c) => c.id === erp.id)!;
    buyerErp = updated;
    expect(updated).toMatchObject({
      lastName: 'Buyer-Jansen',
      phone: '+31655550000',
      company: 'Jansen BV',
      address: expect.objectContaining({ address1: 'Rokin 5', zip: '1012' }),
    });
    await eventually(async () => {
      const published = outbound.messages
        .map((m) => dataOf<{ docType: string; document: CustomerDoc }>(m))
        .filter((m) => m.docType === 'customer' && m.document.id === erp.id);
      // The outbox publishes at least once: a record may come twice, the same version each time.
      const versions = new Map(published.map((m) => [JSON.stringify(m.document), m.document]));
      expect([...versions.values()].map((d) => d.lastName)).toEqual(['Buyer', 'Buyer-Jansen']);
    }, 30_000);
  }, 300_000);

  it('bill-to: an order billed to the ERP’s B2B customer is theirs, whatever the email', async () => {
    await postErpCustomers([
      {
        number: 'B2B-ACME',
        email: 'accounts@acme.example',
        company: 'Acme Trading BV',
        address: {
          address1: 'Havenstraat 12',
          zip: '3011 AB',
          city: 'Rotterdam',
          countryCode: 'NL',
        },
      },
    ]);
    const before = await erpCount();
    const placed = order(BILL_TO, {
      email: 'jan.buyer@gmail.example',
      billingAddress: {
        firstName: 'Jan',
        lastName: 'Buyer',
        company: 'ACME trading b.v.',
        address1: 'Havenstraat 12',
        zip: '3011AB',
        city: 'ROTTERDAM',
        countryCode: 'NL',
      },
    });
    await sync(BILL_TO, 'orders');
    expect(await erpCount()).toBe(before);
    await sync(BILL_TO, 'sales-orders');
    expect((await documentOf(BILL_TO, placed.id))?.customer.number).toBe('B2B-ACME');
  }, 300_000);

  it('default customer: every order goes to the default customer of its country', async () => {
    await postErpCustomers([
      { number: 'GUEST', lastName: 'Web shop guests' },
      { number: 'GUEST-BE', lastName: 'Web shop guests Belgium' },
    ]);
    const before = await erpCount();
    const belgian = order(DEFAULT, {
      email: 'belgian@example.com',
      billingAddress: { address1: 'Meir 1', city: 'Antwerpen', countryCode: 'BE' },
    });
    const dutch = order(DEFAULT, {
      email: 'dutch@example.com',
      billingAddress: { address1: 'Dam 2', city: 'Amsterdam', countryCode: 'NL' },
    });
    await sync(DEFAULT, 'orders');
    expect(await erpCount()).toBe(before);
    const job = await sync(DEFAULT, 'sales-orders');
    expect(job.summary).toMatchObject({ created: 2, failed: 0 });
    expect((await documentOf(DEFAULT, belgian.id))?.customer.number).toBe('GUEST-BE');
    expect((await documentOf(DEFAULT, dutch.id))?.customer.number).toBe('GUEST');
  }, 300_000);

  it('auto-create off: the unknown customer’s order fails naming the contact; the others go on', async () => {
    await postErpCustomers([{ number: 'KNOWN-1', email: 'known@example.com', lastName: 'Known' }]);
    const before = await erpCount();
    const stranger = order(STRICT, { email: 'stranger@example.com' });
    const known = order(STRICT, { email: 'Known@Example.com' });
    await sync(STRICT, 'orders');
    expect(await erpCount()).toBe(before);
    const job = await sync(STRICT, 'sales-orders');
    expect(job.summary).toMatchObject({ created: 1, failed: 1 });
    const errors = (job.summary as { errors: Array<{ order: string; error: string }> }).errors;
    expect(errors).toEqual([
      {
        order: stranger.name,
        error: expect.stringMatching(
          /^no ERP customer for this order \(contact: stranger@example\.com, Shopify customer gid:\/\/shopify\/Customer\/\d+; mapping email-phone\); customers\.autoCreateUnknown is off/,
        ),
      },
    ]);
    expect((await documentOf(STRICT, known.id))?.customer.number).toBe('KNOWN-1');
    expect(await documentOf(STRICT, stranger.id)).toBeUndefined();
  }, 300_000);

  it('a customer changed on both sides: the winner stays, the conflict is logged', async () => {
    const patched = await api('PATCH', `/v1/shops/${WITH_ORDERS.code}`, {
      settings: {
        customers: {
          import: 'with-order-import',
          shopifyCanUpdateCustomer: true,
          canUpdateShopifyCustomer: true,
          conflictWinner: 'erp',
        },
        orders: ORDERS,
      },
    });
    expect(patched.status).toBe(200);
    const erpRecord = {
      number: buyerErp.number,
      email: buyerErp.email,
      phone: buyerErp.phone,
      firstName: buyerErp.firstName,
      company: buyerErp.company,
      address: { address1: 'Rokin 5', city: 'Amsterdam', zip: '1012', countryCode: 'NL' },
    };
    const changeBoth = async (erpName: string, shopifyName: string) => {
      await postErpCustomers([{ ...erpRecord, lastName: erpName }]);
      sim.updateCustomer(WITH_ORDERS.domain, buyerId, { lastName: shopifyName });
    };
    const conflictsOf = (job: Job) =>
      (job.summary as { imported: { conflicts: number } }).imported.conflicts;

    await changeBoth('ERP-Name', 'Shopify-Name');
    const erpWins = await sync(WITH_ORDERS, 'customers');
    expect(conflictsOf(erpWins)).toBe(1);
    expect((erpWins.summary as { pushed: Record<string, number> }).pushed).toMatchObject({
      updated: 1,
      failed: 0,
    });
    expect((await customers()).find((c) => c.id === buyerErp.id)?.lastName).toBe('ERP-Name');
    expect(sim.shop(WITH_ORDERS.domain).customers.get(buyerId)?.lastName).toBe('ERP-Name');
    const logged = await api<{ items: Array<{ level: string; message: string }> }>(
      'GET',
      `/v1/jobs/${erpWins.id}/logs`,
    );
    expect(logged.status).toBe(200);
    expect(logged.body.items.map((l) => l.message)).toContain(
      'customer changed in the ERP and in Shopify',
    );

    await api('PATCH', `/v1/shops/${WITH_ORDERS.code}`, {
      settings: {
        customers: {
          import: 'with-order-import',
          shopifyCanUpdateCustomer: true,
          canUpdateShopifyCustomer: true,
          conflictWinner: 'shopify',
        },
        orders: ORDERS,
      },
    });
    await changeBoth('ERP-Again', 'Shopify-Wins');
    const shopifyWins = await sync(WITH_ORDERS, 'customers');
    expect(conflictsOf(shopifyWins)).toBe(1);
    expect((await customers()).find((c) => c.id === buyerErp.id)?.lastName).toBe('Shopify-Wins');
    expect(sim.shop(WITH_ORDERS.domain).customers.get(buyerId)?.lastName).toBe('Shopify-Wins');
  }, 300_000);

  it('ERP → Shopify: a new ERP address becomes the default address, nothing else is sent', async () => {
    const updates = sim.mutationCalls(WITH_ORDERS.domain, 'customerUpdate').length;
    const before = sim.shop(WITH_ORDERS.domain).customers.get(buyerId)!;
    const addressCount = before.addresses.length;
    await postErpCustomers([
      {
        number: buyerErp.number,
        email: buyerErp.email,
        phone: buyerErp.phone,
        firstName: buyerErp.firstName,
        lastName: 'Shopify-Wins',
        company: 'Jansen BV',
        address: {
          address1: 'Keizersgracht 1',
          zip: '1015 CJ',
          city: 'Amsterdam',
          countryCode: 'NL',
          company: 'Jansen BV',
        },
      },
    ]);
    const job = await sync(WITH_ORDERS, 'customers');
    expect((job.summary as { pushed: Record<string, number> }).pushed).toMatchObject({
      updated: 1,
      failed: 0,
    });
    const after = sim.shop(WITH_ORDERS.domain).customers.get(buyerId)!;
    const address = after.addresses.find((a) => a.id === after.defaultAddressId);
    expect(address).toMatchObject({
      address1: 'Keizersgracht 1',
      zip: '1015 CJ',
      company: 'Jansen BV',
    });
    expect(after.addresses).toHaveLength(addressCount);
    expect(after.lastName).toBe('Shopify-Wins');
    expect(sim.mutationCalls(WITH_ORDERS.domain, 'customerUpdate')).toHaveLength(updates);
    expect(sim.mutationCalls(WITH_ORDERS.domain, 'customerAddressUpdate').length).toBeGreaterThan(
      0,
    );
    // Reconciled: the next run sends nothing.
    const again = await sync(WITH_ORDERS, 'customers');
    expect((again.summary as { pushed: Record<string, number> }).pushed).toMatchObject({
      updated: 0,
    });
  }, 300_000);

  it('Shopify → ERP: tax exemption, marketing consent and every address reach the ERP customer', async () => {
    const warehouse = setCustomerAddress(
      sim.shop(WITH_ORDERS.domain),
      buyerId,
      null,
      { address1: 'Warehouse 7', city: 'Zaandam', zip: '1501', countryCode: 'NL' },
      false,
    ).address!;
    sim.updateCustomer(WITH_ORDERS.domain, buyerId, {
      taxExempt: true,
      taxExemptions: ['CA_STATUS_CARD_EXEMPTION'],
      emailMarketingConsent: {
        marketingState: 'SUBSCRIBED',
        marketingOptInLevel: 'CONFIRMED_OPT_IN',
      },
    });
    const job = await sync(WITH_ORDERS, 'customers');
    expect((job.summary as { imported: Record<string, number> }).imported).toMatchObject({
      updated: 1,
      conflicts: 0,
    });
    const erp = (await customers()).find((c) => c.id === buyerErp.id)!;
    expect(erp).toMatchObject({
      taxExempt: true,
      taxExemptions: ['CA_STATUS_CARD_EXEMPTION'],
      emailMarketingConsent: {
        state: 'SUBSCRIBED',
        optInLevel: 'CONFIRMED_OPT_IN',
        consentUpdatedAt: expect.any(String),
      },
      smsMarketingConsent: { state: 'NOT_SUBSCRIBED' },
      // The default address stays `address`; the others come under their codes.
      address: expect.objectContaining({ address1: 'Keizersgracht 1' }),
    });
    const code = `S${/\/(\d+)/.exec(warehouse.id)![1]}`;
    expect(erp.addresses).toEqual([
      expect.objectContaining({ code, address1: 'Warehouse 7', city: 'Zaandam' }),
    ]);
    buyerErp = erp;
  }, 300_000);

  it('ERP → Shopify: a second address and the tax-exempt flag, only the fields that differ', async () => {
    const shop = sim.shop(WITH_ORDERS.domain);
    const calls = (m: string) => sim.mutationCalls(WITH_ORDERS.domain, m);
    const before = {
      updates: calls('customerUpdate').length,
      creates: calls('customerAddressCreate').length,
      addressUpdates: calls('customerAddressUpdate').length,
      addresses: shop.customers.get(buyerId)!.addresses.length,
    };
    const { id: _id, updatedAt: _at, source: _source, ...record } = buyerErp;
    const {
      taxExemptions: _t,
      emailMarketingConsent: _e,
      smsMarketingConsent: _s,
      ...owned
    } = record;
    const depot = {
      code: 'DEPOT',
      address1: 'Depot 3',
      city: 'Utrecht',
      zip: '3511',
      countryCode: 'NL',
    };
    await postErpCustomers([
      { ...owned, taxExempt: false, addresses: [...owned.addresses, depot] },
    ]);
    const job = await sync(WITH_ORDERS, 'customers');
    expect((job.summary as { pushed: Record<string, number> }).pushed).toMatchObject({
      updated: 1,
      failed: 0,
    });
    const after = shop.customers.get(buyerId)!;
    expect(after.taxExempt).toBe(false);
    expect(after.addresses).toHaveLength(before.addresses + 1);
    expect(after.addresses).toContainEqual(
      expect.objectContaining({ address1: 'Depot 3', city: 'Utrecht', countryCode: 'NL' }),
    );
    expect(after.addresses.find((a) => a.id === after.defaultAddressId)?.address1).toBe(
      'Keizersgracht 1',
    );
    // One customerUpdate with the tax exemption alone, one address created, none updated.
    expect(
      calls('customerUpdate')
        .slice(before.updates)
        .map((c) => c.input),
    ).toEqual([['taxExempt']]);
    expect(calls('customerAddressCreate')).toHaveLength(before.creates + 1);
    expect(calls('customerAddressUpdate')).toHaveLength(before.addressUpdates);
    // Reconciled: the next run sends nothing, and the ERP keeps its codes.
    const again = await sync(WITH_ORDERS, 'customers');
    expect((again.summary as { pushed: Record<string, number> }).pushed).toMatchObject({
      updated: 0,
    });
    expect(calls('customerUpdate')).toHaveLength(before.updates + 1);
    const erp = (await customers()).find((c) => c.id === buyerErp.id)!;
    expect(erp.taxExempt).toBe(false);
    expect(erp.addresses.map((a) => a.code)).toEqual([
      ...owned.addresses.map((a) => a.code),
      'DEPOT',
    ]);
  }, 300_000);

  it('B2B: a company order’s document has its company and location, and the location’s customer', async () => {
    await postErpCustomers([{ number: 'B2B-HQ', company: 'Noord Trading BV' }]);
    const contact = sim.createCustomer(B2B.domain, {
      email: 'inkoop@noord.example',
      firstName: 'Ina',
      lastName: 'Koop',
    });
    const address = {
      address1: 'Industrieweg 4',
      city: 'Groningen',
      zip: '9700',
      countryCode: 'NL',
    };
    const { company, locations, contacts } = sim.createCompany(B2B.domain, {
      name: 'Noord Trading BV',
      locations: [
        { name: 'Noord HQ', externalId: 'B2B-HQ', billingAddress: address },
        {
          name: 'Noord depot',
          billingAddress: address,
          shippingAddress: { address1: 'Havenkade 9', city: 'Delfzijl', countryCode: 'NL' },
        },
      ],
      contactCustomerIds: [contact.id],
    });
    const other = sim.createCompany(B2B.domain, {
      name: 'Zuid Handel BV',
      locations: [{ name: 'Zuid', billingAddress: { ...address, city: 'Maastricht' } }],
      contactCustomerIds: [],
    });
    const before = await erpCount();
    const atHq = order(B2B, {
      purchasingCompany: { locationId: locations[0].id, contactId: contacts[0].id },
    });
    const atDepot = order(B2B, { purchasingCompany: { locationId: locations[1].id } });
    const atZuid = order(B2B, { purchasingCompany: { locationId: other.locations[0].id } });
    await sync(B2B, 'orders');
    // Zuid (no external id, no ERP customer by that name) is created; the contact is not.
    expect(await erpCount()).toBe(before + 1);
    expect((await customers()).some((c) => c.email === 'inkoop@noord.example')).toBe(false);
    const job = await sync(B2B, 'sales-orders');
    expect(job.summary).toMatchObject({ created: 3, failed: 0 });

    const hq = await documentOf(B2B, atHq.id);
    expect(hq?.customer.number).toBe('B2B-HQ');
    expect(hq?.company).toEqual({
      shopifyCompanyId: company.id,
      name: 'Noord Trading BV',
      externalId: null,
      location: expect.objectContaining({
        shopifyLocationId: locations[0].id,
        name: 'Noord HQ',
        externalId: 'B2B-HQ',
        billingAddress: expect.objectContaining({ address1: 'Industrieweg 4', countryCode: 'NL' }),
      }),
      shopifyContactId: contacts[0].id,
    });
    // No external id: the ERP customer of the company's name.
    const depot = await documentOf(B2B, atDepot.id);
    expect(depot?.customer.number).toBe('B2B-HQ');
    expect(depot?.company?.location).toMatchObject({
      name: 'Noord depot',
      externalId: null,
      shippingAddress: expect.objectContaining({ address1: 'Havenkade 9', city: 'Delfzijl' }),
    });
    const zuid = await documentOf(B2B, atZuid.id);
    const created = (await customers()).find((c) => c.company === 'Zuid Handel BV')!;
    expect(created).toMatchObject({
      source: 'shopify',
      address: expect.objectContaining({ city: 'Maastricht' }),
    });
    expect(zuid?.customer.number).toBe(created.number);
    expect(zuid?.company?.name).toBe('Zuid Handel BV');
  }, 300_000);
});
