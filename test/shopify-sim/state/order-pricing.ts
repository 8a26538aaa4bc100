import { converted, split, toCents } from './money';
import { SimOrderInput, SimTaxInput } from './order-inputs';
import {
  DiscountAllocationRecord,
  DiscountApplicationRecord,
  LineItemRecord,
  OrderRecord,
  TaxLineRecord,
} from './records';

// Discounts and taxes of a new order, in shop cents; every allocation and tax line is
// converted to presentment money on its own.

export function taxLinesFor(
  base: number,
  taxes: readonly SimTaxInput[],
  taxesIncluded: boolean,
  rate: number,
): TaxLineRecord[] {
  const totalRate = taxes.reduce((s, t) => s + t.rate, 0);
  return taxes.map((t) => ({
    title: t.title,
    rate: t.rate,
    channelLiable: t.channelLiable ?? null,
    price: converted(
      Math.round(taxesIncluded ? (base * t.rate) / (1 + totalRate) : base * t.rate),
      rate,
    ),
  }));
}

export function defaultTaxes(taxRate: number): SimTaxInput[] {
  return taxRate > 0 ? [{ title: 'VAT', rate: taxRate }] : [];
}

// Line taxes on the amount after every discount (taxes included or added on top).
export function applyLineTaxes(
  li: LineItemRecord,
  taxes: readonly SimTaxInput[],
  taxesIncluded: boolean,
  rate: number,
): void {
  const base =
    li.unitPrice.shop * li.quantity - li.discountAllocations.reduce((s, a) => s + a.amount.shop, 0);
  li.taxLines = li.taxable ? taxLinesFor(base, taxes, taxesIncluded, rate) : [];
}

interface Allocatable {
  remaining: number;
  units: number;
  allocations: DiscountAllocationRecord[];
}

// Allocates one application over its targets in shop cents; presentment per allocation.
function allocate(
  application: DiscountApplicationRecord,
  targets: Allocatable[],
  amountCents: number | null,
  percentage: number | null,
  rate: number,
): void {
  let parts: number[];
  if (percentage !== null)
    parts = targets.map((t) => Math.min(t.remaining, Math.round((t.remaining * percentage) / 100)));
  else if (application.allocationMethod === 'EACH')
    parts = targets.map((t) => Math.min(t.remaining, (amountCents ?? 0) * t.units));
  else {
    const available = targets.reduce((s, t) => s + t.remaining, 0);
    parts = split(
      Math.min(amountCents ?? 0, available),
      targets.map((t) => t.remaining),
    );
  }
  targets.forEach((t, i) => {
    if (parts[i] <= 0) return;
    t.remaining -= parts[i];
    t.allocations.push({ applicationIndex: application.index, amount: converted(parts[i], rate) });
  });
}

export function discountValue(
  input: { percentage?: number; amount?: string | number },
  rate: number,
): { value: DiscountApplicationRecord['value']; cents: number | null; percentage: number | null } {
  if (input.percentage !== undefined && input.amount === undefined) {
    if (input.percentage <= 0 || input.percentage > 100)
      throw new Error('shopify-sim: a discount percentage is above 0 and at most 100');
    return { value: { percentage: input.percentage }, cents: null, percentage: input.percentage };
  }
  if (input.amount !== undefined && input.percentage === undefined) {
    const cents = toCents(input.amount);
    if (cents <= 0) throw new Error('shopify-sim: a discount amount is above 0');
    return { value: { amount: converted(cents, rate) }, cents, percentage: null };
  }
  throw new Error('shopify-sim: a discount has either a percentage or an amount');
}

// Line-level (manual, EXPLICIT) discounts first, then the order's discounts in their order;
// each takes its share of what the earlier ones left.
export function applyDiscounts(
  order: OrderRecord,
  input: SimOrderInput,
  rate: number,
): DiscountApplicationRecord[] {
  const applications: DiscountApplicationRecord[] = [];
  const lines: Allocatable[] = order.lineItems.map((li) => ({
    remaining: li.unitPrice.shop * li.quantity,
    units: li.quantity,
    allocations: li.discountAllocations,
  }));
  const ships: Allocatable[] = order.shippingLines.map((sl) => ({
    remaining: sl.originalPrice.shop,
    units: 1,
    allocations: sl.discountAllocations,
  }));
  input.lineItems.forEach((line, i) => {
    if (!line.discount) return;
    const v = discountValue(line.discount, rate);
    const application: DiscountApplicationRecord = {
      index: applications.length,
      kind: 'manual',
      code: null,
      title: line.discount.title ?? 'Line discount',
      description: line.discount.description ?? null,
      allocationMethod: v.percentage !== null ? 'ACROSS' : 'ONE',
      targetSelection: 'EXPLICIT',
      targetType: 'LINE_ITEM',
      value: v.value,
    };
    applications.push(application);
    allocate(application, [lines[i]], v.cents, v.percentage, rate);
  });
  for (const d of input.discounts ?? []) {
    const v = discountValue(d, rate);
    const kind = d.type ?? (d.code ? 'code' : 'automatic');
    if (kind === 'code' && !d.code) throw new Error('shopify-sim: a code discount needs a code');
    const target = d.target ?? 'order';
    const application: DiscountApplicationRecord = {
      index: applications.length,
      kind,
      code: kind === 'code' ? (d.code ?? null) : null,
      title: kind === 'code' ? null : (d.title ?? (kind === 'manual' ? 'Discount' : 'Automatic')),
      description: null,
      allocationMethod:
        target === 'shipping' ? 'EACH' : target === 'lines' ? (d.allocation ?? 'ACROSS') : 'ACROSS',
      targetSelection: target === 'lines' ? 'ENTITLED' : 'ALL',
      targetType: target === 'shipping' ? 'SHIPPING_LINE' : 'LINE_ITEM',
      value: v.value,
    };
    let targets: Allocatable[];
    if (target === 'shipping') targets = ships;
    else if (target === 'lines') {
      const indexes = d.lines ?? [];
      if (!indexes.length || indexes.some((i) => !lines[i]))
        throw new Error('shopify-sim: a lines discount names existing line indexes');
      targets = indexes.map((i) => lines[i]);
    } else targets = lines.filter((_, i) => !order.lineItems[i].isGiftCard);
    applications.push(application);
    allocate(application, targets, v.cents, v.percentage, rate);
  }
  return applications;
}
