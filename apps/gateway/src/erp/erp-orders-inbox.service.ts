import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  companyKey,
  customerBillToKey,
  ErpAddress,
  ErpCustomerAddress,
  ErpCustomerEntity,
  ErpCustomerV1,
  ErpShipmentEntity,
  ErpShipmentV1,
  FieldError,
  normalizeEmail,
  normalizePhone,
  ShopsRepository,
  ValidationFailed,
} from '@shopsync/shared';
import { ErpOrdersRepository } from './erp-orders.repository';

// The ERP inbox for customers and shipments, shared by HTTP and Kafka: a batch is checked as a
// whole and stored in one transaction, or refused with every bad field named.
@Injectable()
export class ErpOrdersInboxService {
  constructor(
    private readonly repo: ErpOrdersRepository,
    private readonly shops: ShopsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async upsertCustomers(
    customers: ErpCustomerV1[],
    prefix = 'customers',
  ): Promise<{ created: number; updated: number; unchanged: number }> {
    const errors: FieldError[] = [];
    const seen = new Map<string, number>();
    customers.forEach((c, i) => {
      const first = seen.get(c.number);
      if (first !== undefined)
        errors.push({ field: `${at(prefix, i)}.number`, message: `repeats ${at(prefix, first)}` });
      seen.set(c.number, i);
      const codes = new Set<string>();
      (c.addresses ?? []).forEach((a, j) => {
        if (codes.has(a.code))
          errors.push({
            field: `${at(prefix, i)}.addresses[${j}].code`,
            message: 'appears twice in the customer',
          });
        codes.add(a.code);
      });
    });
    if (errors.length) throw new ValidationFailed(errors, 'the customers were not stored');
    const now = this.clock.now();
    const existing = new Map(
      (await this.repo.customersByNumber([...seen.keys()])).map((c) => [c.number, c]),
    );
    const changed: ErpCustomerEntity[] = [];
    let created = 0;
    for (const input of customers) {
      const known = existing.get(input.number);
      const next: ErpCustomerEntity = {
        id: known?.id ?? randomUUID(),
        number: input.number,
        email: normalizeEmail(input.email),
        phone: normalizePhone(input.phone),
        firstName: input.firstName ?? null,
        lastName: input.lastName ?? null,
        company: input.company ?? null,
        address: input.address ? ({ ...input.address } as ErpAddress) : null,
        billToKey: customerBillToKey(input, input.address),
        companyKey: companyKey(input.company),
        taxExempt: input.taxExempt ?? null,
        taxExemptions: known?.taxExemptions ?? null,
        // Shopify's: the ERP does not write them.
        emailMarketingConsent: known?.emailMarketingConsent ?? null,
        smsMarketingConsent: known?.smsMarketingConsent ?? null,
        addresses: input.addresses?.length
          ? input.addresses.map((a) => ({ ...a }) as ErpCustomerAddress)
          : null,
        source: known?.source ?? 'erp',
        createdAt: known?.createdAt ?? now,
        updatedAt: now,
      };
      if (known && sameCustomer(known, next)) continue;
      if (!known) created++;
      changed.push(next);
    }
    await this.repo.saveCustomers(changed);
    return {
      created,
      updated: changed.length - created,
      unchanged: customers.length - changed.length,
    };
  }

  async postShipments(
    shipments: ErpShipmentV1[],
    prefix = 'shipments',
    allowShop: (code: string) => void = () => undefined,
  ): Promise<{ created: number; unchanged: number }> {
    const errors: FieldError[] = [];
    const shopIds = new Map<string, string>();
    const seen = new Map<string, number>();
    for (const [i, s] of shipments.entries()) {
      allowShop(s.shop);
      if (!shopIds.has(s.shop)) {
        const shop = await this.shops.findByCode(s.shop);
        if (shop) shopIds.set(s.shop, shop.id);
      }
      if (!shopIds.has(s.shop))
        errors.push({ field: `${at(prefix, i)}.shop`, message: `shop '${s.shop}' does not exist` });
      const key = `${s.shop}\u0000${s.number}`;
      const first = seen.get(key);
      if (first !== undefined)
        errors.push({ field: `${at(prefix, i)}.number`, message: `repeats ${at(prefix, first)}` });
      seen.set(key, i);
      errors.push(...repeatedLines(s, `${at(prefix, i)}.lines`));
    }
    if (errors.length) throw new ValidationFailed(errors, 'the shipments were not stored');
    const now = this.clock.now();
    const fresh: ErpShipmentEntity[] = [];
    for (const [code, shopId] of shopIds) {
      const mine = shipments.filter((s) => s.shop === code);
      const known = new Set(
        (
          await this.repo.shipmentsByNumber(
            shopId,
            mine.map((s) => s.number),
          )
        ).map((s) => s.number),
      );
      for (const s of mine.filter((x) => !known.has(x.number)))
        fresh.push({
          id: randomUUID(),
          shopId,
          number: s.number,
          shopifyOrderId: s.shopifyOrderId,
          lines: s.lines.map((l) => ({
            sku: l.sku,
            quantity: l.quantity,
            ...(l.shopifyOrderLineId ? { shopifyOrderLineId: l.shopifyOrderLineId } : {}),
          })),
          trackingCompany: s.trackingCompany ?? null,
          trackingNumber: s.trackingNumber ?? null,
          trackingUrl: s.trackingUrl ?? null,
          locationId: s.locationId ?? null,
          shippingAgentCode: s.shippingAgentCode ?? null,
          sentQuantities: null,
          status: 'pending',
          fulfillmentIds: null,
          failureReason: null,
          attempts: 0,
          createdAt: now,
          updatedAt: now,
        });
    }
    await this.repo.insertShipments(fresh);
    return { created: fresh.length, unchanged: shipments.length - fresh.length };
  }
}

// A line is matched by its Shopify order line, else by SKU: an order line may appear once, and
// so may a SKU among the lines that name no order line.
function repeatedLines(shipment: ErpShipmentV1, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  shipment.lines.forEach((l, j) => {
    const key = l.shopifyOrderLineId ? `line:${l.shopifyOrderLineId}` : `sku:${l.sku}`;
    if (seen.has(key))
      errors.push(
        l.shopifyOrderLineId
          ? { field: `${path}[${j}].shopifyOrderLineId`, message: 'appears twice in the shipment' }
          : {
              field: `${path}[${j}].sku`,
              message: "appears twice in the shipment (name each line's shopifyOrderLineId)",
            },
      );
    seen.add(key);
  });
  return errors;
}

function sameCustomer(a: ErpCustomerEntity, b: ErpCustomerEntity): boolean {
  return (
    a.email === b.email &&
    a.phone === b.phone &&
    a.firstName === b.firstName &&
    a.lastName === b.lastName &&
    a.company === b.company &&
    (a.taxExempt ?? null) === (b.taxExempt ?? null) &&
    JSON.stringify(a.address) === JSON.stringify(b.address) &&
    JSON.stringify(a.addresses ?? null) === JSON.stringify(b.addresses ?? null)
  );
}

// Batch members are `customers[3]`; a single Kafka record is `data`.
function at(prefix: string, index: number): string {
  return prefix === 'data' ? prefix : `${prefix}[${index}]`;
}
