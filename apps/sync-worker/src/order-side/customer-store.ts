import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  CLOCK,
  Clock,
  customerDocument,
  CustomerFields,
  erpOutboundKey,
  ErpCustomerEntity,
  normalizeEmail,
  normalizePhone,
  OutboxPublisher,
  ShopCustomerEntity,
  TOPICS,
} from '@shopsync/shared';
import { matchCustomer, ShopifyCustomerSnapshot, shopifyFields } from './customer-matching';

export interface ImportCounts {
  created: number;
  matched: number;
  refreshed: number;
  unchanged: number;
}

export interface PushCandidate {
  mapping: ShopCustomerEntity;
  customer: ErpCustomerEntity;
}

const legacyId = (gid: string): string => gid.split('/').pop() ?? gid;

// ERP customers and their mapping to one shop's Shopify customers. Used by the customers task
// and by the orders task (customers imported with their orders).
@Injectable()
export class CustomerStore {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxPublisher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // Maps every given Shopify customer: an existing mapping is refreshed; otherwise the ERP
  // customer with the same email, then phone, is taken, or a new one is created (and published
  // on shopsync.erp.outbound.v1 in the same transaction).
  async importCustomers(
    shop: { id: string; code: string },
    snapshots: ShopifyCustomerSnapshot[],
  ): Promise<ImportCounts> {
    const counts: ImportCounts = { created: 0, matched: 0, refreshed: 0, unchanged: 0 };
    const unique = [...new Map(snapshots.map((s) => [s.id, s])).values()];
    if (!unique.length) return counts;
    const now = this.clock.now();
    let published = false;
    await this.ds.transaction(async (em) => {
      const mappings = new Map(
        (
          await em.getRepository(ShopCustomerEntity).find({
            where: { shopId: shop.id, shopifyCustomerId: In(unique.map((s) => s.id)) },
          })
        ).map((m) => [m.shopifyCustomerId, m]),
      );
      const fresh = unique.filter((s) => !mappings.has(s.id));
      const candidates = await this.candidates(em, fresh);
      const messages = [];
      for (const snapshot of unique) {
        const fields = shopifyFields(snapshot);
        const shopifyUpdatedAt = snapshot.updatedAt ? new Date(snapshot.updatedAt) : null;
        const known = mappings.get(snapshot.id);
        if (known) {
          if (sameTime(known.shopifyUpdatedAt, shopifyUpdatedAt)) counts.unchanged++;
          else {
            // Only what Shopify holds; `updatedAt` (last reconciled) stays, so a pending ERP
            // change is still pushed.
            await em
              .getRepository(ShopCustomerEntity)
              .update(
                { shopId: shop.id, shopifyCustomerId: snapshot.id },
                { shopify: fields, shopifyUpdatedAt },
              );
            counts.refreshed++;
          }
          continue;
        }
        let customer = matchCustomer(candidates, fields);
        if (customer) counts.matched++;
        else {
          customer = newErpCustomer(shop, snapshot, fields, now);
          await em.getRepository(ErpCustomerEntity).insert(customer);
          candidates.push(customer);
          const message = {
            docType: 'customer' as const,
            shopId: shop.id,
            document: customerDocument(customer),
          };
          messages.push({
            topic: TOPICS.erpOutbound,
            key: erpOutboundKey(message),
            payload: message,
          });
          counts.created++;
        }
        await em.getRepository(ShopCustomerEntity).insert({
          shopId: shop.id,
          shopifyCustomerId: snapshot.id,
          erpCustomerId: customer.id,
          shopify: fields,
          shopifyUpdatedAt,
          createdAt: now,
          updatedAt: now,
        });
      }
      await this.outbox.add(em, messages, now);
      published = messages.length > 0;
    });
    if (published) this.outbox.kick();
    return counts;
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

  // The ERP customer an order belongs to when its Shopify customer is not mapped.
  async findByContact(
    email: string | null,
    phone: string | null,
  ): Promise<ErpCustomerEntity | null> {
    return (await this.candidates(this.ds.manager, [{ email, phone }]))[0] ?? null;
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

  private async candidates(
    em: EntityManager,
    contacts: Array<{ email: string | null; phone: string | null }>,
  ): Promise<ErpCustomerEntity[]> {
    const emails = [...new Set(contacts.map((c) => normalizeEmail(c.email)).filter(isString))];
    const phones = [...new Set(contacts.map((c) => normalizePhone(c.phone)).filter(isString))];
    const repo = em.getRepository(ErpCustomerEntity);
    const found: ErpCustomerEntity[] = [];
    for (let i = 0; i < emails.length; i += 500)
      found.push(
        ...(await repo.find({
          where: { email: In(emails.slice(i, i + 500)) },
          order: { createdAt: 'ASC' },
        })),
      );
    for (let i = 0; i < phones.length; i += 500)
      found.push(
        ...(await repo.find({
          where: { phone: In(phones.slice(i, i + 500)) },
          order: { createdAt: 'ASC' },
        })),
      );
    const byId = new Map(found.map((c) => [c.id, c]));
    const list = [...byId.values()];
    // The single-contact lookup wants the match itself, in the matching order.
    if (contacts.length === 1) {
      const match = matchCustomer(list, contacts[0]);
      return match ? [match] : [];
    }
    return list;
  }
}

function newErpCustomer(
  shop: { code: string },
  snapshot: ShopifyCustomerSnapshot,
  fields: CustomerFields,
  now: Date,
): ErpCustomerEntity {
  return {
    id: randomUUID(),
    number: `${shop.code}-${legacyId(snapshot.id)}`.slice(0, 64),
    email: fields.email,
    phone: fields.phone,
    firstName: fields.firstName,
    lastName: fields.lastName,
    company: null,
    address: null,
    source: 'shopify',
    createdAt: now,
    updatedAt: now,
  };
}

const isString = (v: string | null): v is string => typeof v === 'string';

function sameTime(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}
