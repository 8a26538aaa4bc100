import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  Clock,
  CustomersSettingsV1,
  ErpCustomerEntity,
  OutboxMessage,
  OutboxPublisher,
  openDataSource,
  ShopCustomerEntity,
} from '@shopsync/shared';
import { createTestDatabase } from '@test/support/pg';
import type { CustomerImport } from './customer-matching';
import { CustomerStore } from './customer-store';

// The customer store against the real databases: two shops (two workers, each with its own
// connection pool) importing the same 200 customers at once make 200 ERP customers, on
// PostgreSQL and on SQLite; and the migration gives existing customers their identity without
// failing on duplicates.

const clock: Clock = { now: () => new Date() };
const settings = (over: Partial<CustomersSettingsV1> = {}) =>
  Object.assign(new CustomersSettingsV1(), over);

// An outbox that records what was written; nothing here publishes.
function recordingOutbox(sent: OutboxMessage[]): OutboxPublisher {
  return {
    add: async (_em: unknown, messages: OutboxMessage[]) => void sent.push(...messages),
    kick: () => undefined,
  } as unknown as OutboxPublisher;
}

// The same 200 people as two shops know them: each shop has its own Shopify ids; one in ten has
// only a phone number, written differently in each shop.
function people(shop: string, street = 'Street'): CustomerImport[] {
  return Array.from({ length: 200 }, (_, i) => ({
    snapshot: {
      id: `gid://shopify/Customer/${shop}${1000 + i}`,
      email: i % 10 === 9 ? null : `Person${i}@Example.com`,
      phone: i % 10 === 9 ? (shop === 'a' ? `+31 6 ${10000000 + i}` : `+316${10000000 + i}`) : null,
      firstName: `First${i}`,
      lastName: `Last${i}`,
      updatedAt: '2026-05-01T10:00:00Z',
    },
    billTo: {
      firstName: `First${i}`,
      lastName: `Last${i}`,
      address1: `${street} ${i}`,
      zip: '1000 AA',
      city: 'Amsterdam',
      countryCode: 'NL',
    },
  }));
}

async function importInPages(
  store: CustomerStore,
  shop: { id: string; code: string },
  list: CustomerImport[],
  options: { settings: CustomersSettingsV1 },
) {
  let created = 0;
  let matched = 0;
  for (let i = 0; i < list.length; i += 50) {
    const c = await store.importCustomers(shop, list.slice(i, i + 50), options);
    created += c.created;
    matched += c.matched;
  }
  return { created, matched };
}

describe.each([
  ['PostgreSQL', 'pg'],
  ['SQLite', 'sqlite'],
] as const)('CustomerStore on %s', (_label, kind) => {
  let drop: () => Promise<void> = async () => undefined;
  let open: () => Promise<DataSource>;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    if (kind === 'pg') {
      const db = await createTestDatabase('customer_store');
      drop = db.drop;
      open = () => openDataSource({ url: db.url, sqlitePath: '', poolSize: 4 });
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'customer-store-'));
      drop = async () => rmSync(dir, { recursive: true, force: true });
      const path = join(dir, 'shopsync.sqlite');
      open = () => openDataSource({ url: '', sqlitePath: path, poolSize: 1 });
    }
    sources.push(await open());
    sources.push(await open());
  });

  afterAll(async () => {
    for (const ds of sources) await ds.destroy();
    await drop();
  });

  const count = (ds: DataSource) => ds.getRepository(ErpCustomerEntity).count();

  it('makes one ERP customer per person when two shops import the same 200 at once', async () => {
    const sent: OutboxMessage[] = [];
    const [one, two] = sources.map((ds) => new CustomerStore(ds, recordingOutbox(sent), clock));
    const shopA = { id: randomUUID(), code: 'A' };
    const shopB = { id: randomUUID(), code: 'B' };
    const options = { settings: settings() };
    // Shop B reads its customers in the other order: the two imports cross.
    const [a, b] = await Promise.all([
      importInPages(one, shopA, people('a'), options),
      importInPages(two, shopB, people('b').reverse(), options),
    ]);
    expect(a.created + b.created).toBe(200);
    expect(a.matched + b.matched).toBe(200);
    expect(await count(sources[0])).toBe(200);
    expect(sent).toHaveLength(200);
    const mappings = await sources[0].getRepository(ShopCustomerEntity).find();
    expect(mappings).toHaveLength(400);
    const byPerson = new Map<string, Set<string>>();
    for (const m of mappings) {
      const person = m.shopifyCustomerId.slice(-4);
      byPerson.set(person, (byPerson.get(person) ?? new Set()).add(m.erpCustomerId));
    }
    expect([...byPerson.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(byPerson.size).toBe(200);
  });

  it('does the same by bill-to, and a third run changes nothing', async () => {
    // Other people: the bill-to of the 200 above would match them.
    const before = await count(sources[0]);
    const [one, two] = sources.map((ds) => new CustomerStore(ds, recordingOutbox([]), clock));
    const shopC = { id: randomUUID(), code: 'C' };
    const shopD = { id: randomUUID(), code: 'D' };
    const options = { settings: settings({ mapping: 'bill-to' }) };
    const [c, d] = await Promise.all([
      importInPages(one, shopC, people('c', 'Lane'), options),
      importInPages(two, shopD, people('d', 'Lane').reverse(), options),
    ]);
    expect(c.created + d.created).toBe(200);
    expect(await count(sources[0])).toBe(before + 200);
    const again = await importInPages(one, shopC, people('c', 'Lane'), options);
    expect(again).toEqual({ created: 0, matched: 0 });
    expect(await count(sources[0])).toBe(before + 200);
  });

  it('never lets a buyer rewrite the ERP customer several buyers share by bill-to', async () => {
    const store = new CustomerStore(sources[0], recordingOutbox([]), clock);
    const shop = { id: randomUUID(), code: 'E' };
    const options = { settings: settings({ mapping: 'bill-to', shopifyCanUpdateCustomer: true }) };
    const billTo = {
      firstName: null,
      lastName: null,
      company: 'Acme BV',
      address1: 'Dock 1',
      zip: '3000 AA',
      city: 'Rotterdam',
      countryCode: 'NL',
    };
    const buyer = (n: number, name: string, updatedAt: string): CustomerImport => ({
      snapshot: {
        id: `gid://shopify/Customer/e${n}`,
        email: `buyer${n}@acme.example`,
        phone: null,
        firstName: name,
        lastName: 'Buyer',
        updatedAt,
      },
      billTo,
    });
    await store.importCustomers(
      shop,
      [buyer(1, 'Ann', '2026-05-01T10:00:00Z'), buyer(2, 'Bob', '2026-05-01T10:00:00Z')],
      options,
    );
    const mapped = await sources[0]
      .getRepository(ShopCustomerEntity)
      .find({ where: { shopId: shop.id } });
    expect(new Set(mapped.map((m) => m.erpCustomerId)).size).toBe(1);
    const before = await sources[0]
      .getRepository(ErpCustomerEntity)
      .findOneByOrFail({ id: mapped[0].erpCustomerId });
    // Bob changes his name in Shopify: the shared customer stays as it was.
    const again = await store.importCustomers(
      shop,
      [buyer(2, 'Robert', '2026-05-02T10:00:00Z')],
      options,
    );
    expect(again).toMatchObject({ refreshed: 1, updated: 0 });
    const after = await sources[0]
      .getRepository(ErpCustomerEntity)
      .findOneByOrFail({ id: before.id });
    expect(after).toEqual(before);
  });

  it('keeps existing duplicates through the migrations: the oldest takes the identity; company keys are filled', async () => {
    const ds = sources[0];
    const existing = await count(ds);
    // Back to before CustomerIdentity (later migrations first).
    const applied = async () =>
      (await ds.query('SELECT name FROM migrations')).map((r: { name: string }) => r.name);
    while ((await applied()).includes('CustomerIdentity1765500000000'))
      await ds.undoLastMigration({ transaction: 'each' });
    const at = (s: string) => new Date(`2026-01-0${s}T00:00:00Z`);
    const row = (n: string, email: string | null, phone: string | null, day: string) => ({
      id: randomUUID(),
      number: `OLD-${n}`,
      email,
      phone,
      firstName: 'Old',
      lastName: n,
      company: n === '4' ? 'Acme' : null,
      address: JSON.stringify({ address1: `Road ${n}`, city: 'Utrecht', countryCode: 'NL' }),
      source: 'erp',
      createdAt: at(day),
      updatedAt: at(day),
    });
    const rows = [
      row('1', 'dup@example.com', null, '2'),
      row('2', 'dup@example.com', null, '1'),
      row('3', null, '+3161234', '1'),
      row('4', null, '+3161234', '2'),
    ];
    const pg = ds.options.type === 'postgres';
    const columns = Object.keys(rows[0]);
    for (const r of rows)
      await ds.query(
        `INSERT INTO erp_customers (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns
          .map((_, i) => (pg ? `$${i + 1}` : '?'))
          .join(', ')})`,
        Object.values(r).map((v) =>
          v instanceof Date && !pg ? v.toISOString().replace('T', ' ').replace('Z', '') : v,
        ),
      );
    await ds.runMigrations({ transaction: 'each' });
    const keyOf = async (n: string) =>
      await ds.getRepository(ErpCustomerEntity).findOneByOrFail({ number: `OLD-${n}` });
    expect((await keyOf('2')).identityKey).toBe('email:dup@example.com');
    expect((await keyOf('1')).identityKey).toBeNull();
    expect((await keyOf('3')).identityKey).toBe('phone:+3161234');
    expect((await keyOf('4')).identityKey).toBeNull();
    expect((await keyOf('4')).billToKey).toBe('acme|road4||utrecht|nl');
    expect((await keyOf('3')).billToKey).toBe('old3|road3||utrecht|nl');
    // 1765600000000: the company key of a customer with a company; new columns empty.
    expect(await keyOf('4')).toMatchObject({
      companyKey: 'acme',
      taxExempt: null,
      addresses: null,
    });
    expect((await keyOf('3')).companyKey).toBeNull();
    // The customers from before the rollback kept working: nothing else changed.
    expect(await count(ds)).toBe(existing + 4);
  });
});
