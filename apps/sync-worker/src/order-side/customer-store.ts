import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  CLOCK,
  Clock,
  companyKey,
  customerBillToKey,
  customerDocument,
  CustomerFields,
  CustomersSettingsV1,
  erpOutboundKey,
  ErpCustomerEntity,
  normalizeEmail,
  normalizePhone,
  OutboxMessage,
  OutboxPublisher,
  ShopCustomerEntity,
  StagedCompany,
  TOPICS,
} from '@shopsync/shared';
import {
  addressCodesFor,
  CustomerImport,
  erpCustomerChanges,
  identityOf,
  matchCustomer,
  shopifyFields,
  toConsent,
} from './customer-matching';
import { isUniqueViolation } from './task-support';

export interface ImportCounts {
  created: number;
  matched: number;
  refreshed: number;
  unchanged: number;
  // ERP customers changed from Shopify (shopifyCanUpdateCustomer).
  updated: number;
  // Customers changed in the ERP and in Shopify since the last sync (customers.conflictWinner).
  conflicts: number;
  // Shopify customers left without an ERP customer (auto-create off, nothing to match by, or
  // the 'default-customer' mapping, which maps no one).
  unmapped: number;
}

export const noCounts = (): ImportCounts => ({
  created: 0,
  matched: 0,
  refreshed: 0,
  unchanged: 0,
  updated: 0,
  conflicts: 0,
  unmapped: 0,
});

export function addCounts(into: ImportCounts, more: ImportCounts): void {
  for (const key of Object.keys(into) as Array<keyof ImportCounts>) into[key] += more[key];
}

export interface ImportOptions {
  settings: CustomersSettingsV1;
  // Refresh the customers already mapped and map no new one (customers task, 'with-order-import').
  knownOnly?: boolean;
  onConflict?: (conflict: CustomerConflict) => void;
}

export interface CustomerConflict {
  shopifyCustomerId: string;
  customer: string;
  winner: CustomersSettingsV1['conflictWinner'];
}

export interface PushCandidate {
  mapping: ShopCustomerEntity;
  customer: ErpCustomerEntity;
}

type Contact = { email: string | null; phone: string | null; billToKey: string | null };

const legacyId = (gid: string): string => gid.split('/').pop() ?? gid;
// Another shop created the same customer (unique identity) or the transactions deadlocked: the
// import is tried again and then finds the other shop's customer.
const ATTEMPTS = 5;
const isDeadlock = (e: unknown) =>
  ((e as { driverError?: { code?: unknown } })?.driverError?.code ??
    (e as { code?: unknown })?.code) === '40P01';

// ERP customers and their mapping to one shop's Shopify customers. Used by the customers task
// and by the orders task (customers imported with their orders).
@Injectable()
export class CustomerStore {
  private readonly logger = new Logger(CustomerStore.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxPublisher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // Maps every given Shopify customer: an existing mapping is refreshed (and, with
  // shopifyCanUpdateCustomer, the ERP customer updated); otherwise the ERP customer the mapping
  // rule finds is taken, or (autoCreateUnknown) a new one is created under a unique identity.
  // New and updated customers are published on shopsync.erp.outbound.v1 in the same transaction.
  async importCustomers(
    shop: { id: string; code: string },
    imports: CustomerImport[],
    options: ImportOptions,
  ): Promise<ImportCounts> {
    const unique = [...new Map(imports.map((i) => [i.snapshot.id, i])).values()];
    if (!unique.length) return noCounts();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.importOnce(shop, unique, options);
      } catch (error) {
        if (attempt >= ATTEMPTS || !(isUniqueViolation(error) || isDeadlock(error))) throw error;
        this.logger.log({ event: 'customer import retried', shopId: shop.id, attempt });
      }
    }
  }

  private async importOnce(
    shop: { id: string; code: string },
    unique: CustomerImport[],
    options: ImportOptions,
  ): Promise<ImportCounts> {
    const { settings } = options;
    const counts = noCounts();
    const now = this.clock.now();
    const messages: OutboxMessage[] = [];
    await this.ds.transaction(async (em) => {
      const mappings = new Map(
        (
          await em.getRepository(ShopCustomerEntity).find({
            where: { shopId: shop.id, shopifyCustomerId: In(unique.map((i) => i.snapshot.id)) },
          })
        ).map((m) => [m.shopifyCustomerId, m]),
      );
      const update = async (
        erpCustomerId: string,
        input: CustomerImport,
        reconciledAt: Date | null,
        codes: Record<string, string> | undefined,
      ) => {
        if (!settings.shopifyCanUpdateCustomer) return;
        // By bill-to, many Shopify customers (the buyers of one company) share one ERP
        // customer: none of them may rewrite it. Nor may anyone rewrite a default customer.
        if (settings.mapping !== 'email-phone') return;
        const customer = await em
          .getRepository(ErpCustomerEntity)
          .findOne({ where: { id: erpCustomerId } });
        if (!customer) return;
        const defaults = [
          settings.defaultCustomerNo,
          ...Object.values(settings.defaultCustomerByCountry ?? {}),
        ];
        if (defaults.includes(customer.number)) return;
        // Changed on both sides since the last sync (and pushed both ways): the winner's values
        // stay; with the ERP winning, the customers task pushes them to Shopify.
        if (
          reconciledAt &&
          settings.canUpdateShopifyCustomer &&
          customer.updatedAt.getTime() > reconciledAt.getTime()
        ) {
          counts.conflicts++;
          const winner = settings.conflictWinner;
          this.logger.warn({
            event: 'customer conflict',
            shopId: shop.id,
            shopifyCustomerId: input.snapshot.id,
            customer: customer.number,
            winner,
          });
          options.onConflict?.({
            shopifyCustomerId: input.snapshot.id,
            customer: customer.number,
            winner,
          });
          if (winner === 'erp') return;
        }
        const message = await this.updateFromShopify(em, shop.id, customer, input, codes, now);
        if (!message) return;
        messages.push(message);
        counts.updated++;
      };
      for (const input of unique) {
        const known = mappings.get(input.snapshot.id);
        if (!known) continue;
        const shopifyUpdatedAt = updatedAtOf(input);
        // What this read did not cover (the orders task reads no addresses) stays as known.
        const fields = withCodes({ ...known.shopify, ...shopifyFields(input.snapshot) });
        // Shopify keeps whole seconds: a change in the second of the last read shows in the fields.
        if (
          sameTime(known.shopifyUpdatedAt, shopifyUpdatedAt) &&
          sameFields(known.shopify, fields)
        ) {
          counts.unchanged++;
          continue;
        }
        // Only what Shopify holds; `updatedAt` (last reconciled) stays, so a pending ERP change
        // is still pushed.
        await em
          .getRepository(ShopCustomerEntity)
          .update(
            { shopId: shop.id, shopifyCustomerId: input.snapshot.id },
            { shopify: fields, shopifyUpdatedAt },
          );
        counts.refreshed++;
        await update(known.erpCustomerId, input, known.updatedAt, fields.addressCodes);
      }

      const fresh = unique.filter((i) => !mappings.has(i.snapshot.id));
      if (options.knownOnly || settings.mapping === 'default-customer') {
        counts.unmapped += fresh.length;
      } else {
        const contacts = new Map(fresh.map((i) => [i.snapshot.id, contactOf(i)]));
        // In identity order, so two shops creating the same customers lock them in one order.
        fresh.sort((a, b) =>
          compare(
            identityOf(settings.mapping, contacts.get(a.snapshot.id)!),
            identityOf(settings.mapping, contacts.get(b.snapshot.id)!),
          ),
        );
        const candidates = await this.candidates(em, [...contacts.values()], settings.mapping);
        for (const input of fresh) {
          const contact = contacts.get(input.snapshot.id)!;
          const fields = withCodes(shopifyFields(input.snapshot));
          let customer = matchCustomer(candidates, contact, settings.mapping);
          if (customer) {
            counts.matched++;
            await update(customer.id, input, null, fields.addressCodes);
          } else {
            const identity = identityOf(settings.mapping, contact);
            if (!settings.autoCreateUnknown || !identity) {
              counts.unmapped++;
              continue;
            }
            customer = newErpCustomer(shop, input, fields, identity, contact.billToKey, now);
            await em.getRepository(ErpCustomerEntity).insert(customer);
            candidates.push(customer);
            messages.push(outboundOf(shop.id, customer));
            counts.created++;
          }
          await em.getRepository(ShopCustomerEntity).insert({
            shopId: shop.id,
            shopifyCustomerId: input.snapshot.id,
            erpCustomerId: customer.id,
            shopify: fields,
            shopifyUpdatedAt: updatedAtOf(input),
            createdAt: now,
            updatedAt: now,
          });
        }
      }
      await this.outbox.add(em, messages, now);
    });
    if (messages.length) this.outbox.kick();
    return counts;
  }

  // Shopify's changes into the ERP customer; the mapping counts as reconciled (nothing of this to
  // push back). Null when nothing differs.
  private async updateFromShopify(
    em: EntityManager,
    shopId: string,
    customer: ErpCustomerEntity,
    input: CustomerImport,
    codes: Record<string, string> | undefined,
    now: Date,
  ): Promise<OutboxMessage | null> {
    const repo = em.getRepository(ErpCustomerEntity);
    const changes = erpCustomerChanges(customer, input, codes);
    if (!Object.keys(changes).length) return null;
    await repo.update({ id: customer.id }, { ...changes, updatedAt: now });
    await em
      .getRepository(ShopCustomerEntity)
      .update({ shopId, shopifyCustomerId: input.snapshot.id }, { updatedAt: now });
    return outboundOf(shopId, { ...customer, ...changes, updatedAt: now });
  }

  async mappedCustomer(
    shopId: string,
    shopifyCustomerId: string,
  ): Promise<ErpCustomerEntity | null> {
    const mapping = await this.ds
      .getRepository(ShopCustomerEntity)
      .findOne({ where: { shopId, shopifyCustomerId } });
    if (!mapping) return null;
    return this.ds
      .getRepository(ErpCustomerEntity)
      .findOne({ where: { id: mapping.erpCustomerId } });
  }

  // The ERP customer an order belongs to when its Shopify customer is not mapped, by the shop's
  // mapping rule.
  async findByContact(
    contact: { email: string | null; phone: string | null; billToKey?: string | null },
    mapping: CustomersSettingsV1['mapping'] = 'email-phone',
  ): Promise<ErpCustomerEntity | null> {
    const full = { ...contact, billToKey: contact.billToKey ?? null };
    const list = await this.candidates(this.ds.manager, [full], mapping);
    return matchCustomer(list, full, mapping) ?? null;
  }

  async byNumber(number: string): Promise<ErpCustomerEntity | null> {
    return this.ds.getRepository(ErpCustomerEntity).findOne({ where: { number } });
  }

  // The ERP customer of a B2B order's company by its name: the one shopsync created for it, else
  // the oldest whose company name is the same (case, accents and punctuation ignored).
  async byCompany(
    name: string,
    em: EntityManager = this.ds.manager,
  ): Promise<ErpCustomerEntity | null> {
    const key = companyKey(name);
    if (!key) return null;
    const repo = em.getRepository(ErpCustomerEntity);
    return (
      (await repo.findOne({ where: { identityKey: companyIdentity(key) } })) ??
      (await repo.findOne({ where: { companyKey: key }, order: { createdAt: 'ASC', id: 'ASC' } }))
    );
  }

  // With the orders (customers.import not 'none', autoCreateUnknown): an ERP customer for each
  // B2B company whose location names no ERP customer (no external id) and that no ERP customer
  // matches by name, with the location's billing address. Unique by company across shops.
  async importCompanies(
    shop: { id: string; code: string },
    companies: StagedCompany[],
    settings: CustomersSettingsV1,
  ): Promise<number> {
    if (
      settings.import === 'none' ||
      !settings.autoCreateUnknown ||
      settings.mapping === 'default-customer'
    )
      return 0;
    let created = 0;
    const byName = new Map(
      companies.filter((c) => !c.location.externalId).map((c) => [companyKey(c.name), c]),
    );
    for (const [key, company] of byName) {
      if (!key) continue;
      for (let attempt = 1; ; attempt++) {
        try {
          if (await this.createCompanyCustomer(shop, company, key)) created++;
          break;
        } catch (error) {
          // Another shop created it at the same moment: it is there now.
          if (attempt >= ATTEMPTS || !isUniqueViolation(error)) throw error;
        }
      }
    }
    return created;
  }

  private async createCompanyCustomer(
    shop: { id: string; code: string },
    company: StagedCompany,
    key: string,
  ): Promise<boolean> {
    const now = this.clock.now();
    const made = await this.ds.transaction(async (em) => {
      if (await this.byCompany(company.name, em)) return null;
      const address = company.location.billingAddress ?? company.location.shippingAddress;
      const customer: ErpCustomerEntity = {
        id: randomUUID(),
        number: `${shop.code}-${legacyId(company.shopifyCompanyId)}`.slice(0, 64),
        email: null,
        phone: null,
        firstName: null,
        lastName: null,
        company: company.name,
        companyKey: key,
        address: address ? { ...address } : null,
        source: 'shopify',
        identityKey: companyIdentity(key),
        billToKey: customerBillToKey({ company: company.name }, address),
        createdAt: now,
        updatedAt: now,
      };
      await em.getRepository(ErpCustomerEntity).insert(customer);
      await this.outbox.add(em, [outboundOf(shop.id, customer)], now);
      return customer;
    });
    if (made) this.outbox.kick();
    return !!made;
  }

  // Mapped customers the ERP changed after they were last reconciled with Shopify.
  async pushCandidates(shopId: string): Promise<PushCandidate[]> {
    const mappings = await this.ds.getRepository(ShopCustomerEntity).find({ where: { shopId } });
    const out: PushCandidate[] = [];
    for (let i = 0; i < mappings.length; i += 500) {
      const part = mappings.slice(i, i + 500);
      const customers = new Map(
        (
          await this.ds
            .getRepository(ErpCustomerEntity)
            .find({ where: { id: In(part.map((m) => m.erpCustomerId)) } })
        ).map((c) => [c.id, c]),
      );
      for (const mapping of part) {
        const customer = customers.get(mapping.erpCustomerId);
        if (customer && customer.updatedAt.getTime() > mapping.updatedAt.getTime())
          out.push({ mapping, customer });
      }
    }
    return out;
  }

  async markReconciled(
    mapping: ShopCustomerEntity,
    shopify: CustomerFields,
    shopifyUpdatedAt: Date | null,
  ): Promise<void> {
    await this.ds
      .getRepository(ShopCustomerEntity)
      .update(
        { shopId: mapping.shopId, shopifyCustomerId: mapping.shopifyCustomerId },
        { shopify, shopifyUpdatedAt, updatedAt: this.clock.now() },
      );
  }

  // The ERP customers the mapping rule could match to these contacts: by email, phone and
  // identity ('email-phone'), or by bill-to and identity ('bill-to'), oldest first.
  private async candidates(
    em: EntityManager,
    contacts: Contact[],
    mapping: CustomersSettingsV1['mapping'],
  ): Promise<ErpCustomerEntity[]> {
    if (mapping === 'default-customer') return [];
    const values = (pick: (c: Contact) => string | null) => [
      ...new Set(contacts.map(pick).filter(isString)),
    ];
    const identities = values((c) => identityOf(mapping, c));
    const lookups: Array<[keyof ErpCustomerEntity, string[]]> =
      mapping === 'bill-to'
        ? [['billToKey', values((c) => c.billToKey)]]
        : [
            ['email', values((c) => normalizeEmail(c.email))],
            ['phone', values((c) => normalizePhone(c.phone))],
          ];
    lookups.push(['identityKey', identities]);
    const repo = em.getRepository(ErpCustomerEntity);
    const byId = new Map<string, ErpCustomerEntity>();
    for (const [column, list] of lookups)
      for (let i = 0; i < list.length; i += 500)
        for (const c of await repo.find({
          where: { [column]: In(list.slice(i, i + 500)) },
          order: { createdAt: 'ASC', id: 'ASC' },
        }))
          byId.set(c.id, c);
    return [...byId.values()].sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compare(a.id, b.id),
    );
  }
}

const companyIdentity = (key: string) => `company:${key}`.slice(0, 320);

function contactOf(input: CustomerImport): Contact {
  const s = input.snapshot;
  return {
    email: s.email,
    phone: s.phone,
    billToKey: customerBillToKey(s, input.billTo ?? input.address),
  };
}

// The mapping's address codes for the Shopify addresses these fields hold.
function withCodes(fields: CustomerFields): CustomerFields {
  const codes = addressCodesFor(fields, fields.addressCodes);
  return codes ? { ...fields, addressCodes: codes } : fields;
}

function newErpCustomer(
  shop: { code: string },
  input: CustomerImport,
  fields: CustomerFields,
  identityKey: string,
  billToKey: string | null,
  now: Date,
): ErpCustomerEntity {
  const address = input.address ?? input.billTo ?? null;
  const codes = Object.entries(fields.addressCodes ?? {});
  const s = input.snapshot;
  return {
    id: randomUUID(),
    number: `${shop.code}-${legacyId(input.snapshot.id)}`.slice(0, 64),
    email: fields.email,
    phone: fields.phone,
    firstName: fields.firstName,
    lastName: fields.lastName,
    company: address?.company || null,
    companyKey: companyKey(address?.company),
    address: address ? { ...address } : null,
    taxExempt: fields.taxExempt ?? null,
    taxExemptions: fields.taxExemptions ?? null,
    emailMarketingConsent: toConsent(s.emailMarketingConsent),
    smsMarketingConsent: toConsent(s.smsMarketingConsent),
    addresses: fields.addresses?.length
      ? fields.addresses.map((a) => ({
          ...a.address,
          code: codes.find(([, id]) => id === a.id)![0],
        }))
      : null,
    source: 'shopify',
    identityKey,
    billToKey,
    createdAt: now,
    updatedAt: now,
  };
}

function outboundOf(shopId: string, customer: ErpCustomerEntity): OutboxMessage {
  const message = { docType: 'customer' as const, shopId, document: customerDocument(customer) };
  return { topic: TOPICS.erpOutbound, key: erpOutboundKey(message), payload: message };
}

const updatedAtOf = (input: CustomerImport): Date | null =>
  input.snapshot.updatedAt ? new Date(input.snapshot.updatedAt) : null;

const isString = (v: string | null): v is string => typeof v === 'string';

const compare = (a: string | null, b: string | null): number =>
  (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;

function sameFields(a: CustomerFields, b: CustomerFields): boolean {
  return (
    (['firstName', 'lastName', 'email', 'phone', 'taxExempt'] as const).every(
      (k) => a[k] === b[k],
    ) &&
    (['address', 'addresses', 'taxExemptions'] as const).every(
      (k) => JSON.stringify(a[k] ?? null) === JSON.stringify(b[k] ?? null),
    )
  );
}

function sameTime(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}
