import { gid } from '../gid';
import { setLevelQuantity, UserErrorRecord } from './catalog';
import { AdjustmentGroupRecord, QUANTITY_NAMES, QuantityName } from './records';
import { ShopState } from './shop-state';

// inventorySetQuantities / inventoryAdjustQuantities. Every change of a call is validated first
// and applied all together or not at all; each applied change lands in the shop's ledger.

// Reasons Shopify accepts for inventory changes.
export const INVENTORY_REASONS = [
  'correction',
  'cycle_count_available',
  'damaged',
  'movement_created',
  'movement_updated',
  'movement_received',
  'movement_canceled',
  'other',
  'promotion',
  'quality_control',
  'received',
  'reservation_created',
  'reservation_deleted',
  'reservation_updated',
  'restock',
  'safety_stock',
  'shrinkage',
];

const MAX_QUANTITY = 1_000_000_000;

export interface SetQuantitiesInput {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
  quantities: {
    inventoryItemId: string;
    locationId: string;
    quantity: number;
    changeFromQuantity?: number | null;
  }[];
}

export interface AdjustQuantitiesInput {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
  changes: {
    inventoryItemId: string;
    locationId: string;
    delta: number;
    changeFromQuantity?: number | null;
    ledgerDocumentUri?: string | null;
  }[];
}

export interface InventoryResult {
  groupId: string | null;
  userErrors: UserErrorRecord[];
}

function err(field: (string | number)[], message: string, code: string): UserErrorRecord {
  return { field: field.map(String), message, code };
}

function checkCommon(
  shop: ShopState,
  name: string,
  reason: string,
  allowedNames: readonly string[],
): UserErrorRecord[] {
  const errors: UserErrorRecord[] = [];
  if (!INVENTORY_REASONS.includes(reason))
    errors.push(
      err(
        ['input', 'reason'],
        `The specified reason is invalid. Valid values: ${INVENTORY_REASONS.join(', ')}.`,
        'INVALID_REASON',
      ),
    );
  if (!allowedNames.includes(name))
    errors.push(
      err(
        ['input', 'name'],
        `The quantity name must be one of: ${allowedNames.join(', ')}.`,
        'INVALID_NAME',
      ),
    );
  return errors;
}

interface PlannedChange {
  inventoryItemId: string;
  locationId: string;
  target: number;
  changeFromQuantity: number | null;
  ledgerDocumentUri: string | null;
}

function checkChange(
  shop: ShopState,
  name: QuantityName,
  field: (string | number)[],
  change: { inventoryItemId: string; locationId: string; changeFromQuantity?: number | null },
  target: number,
  errors: UserErrorRecord[],
  seen: Set<string>,
): void {
  if (!shop.inventoryItems.has(change.inventoryItemId)) {
    errors.push(
      err(
        [...field, 'inventoryItemId'],
        'The specified inventory item could not be found.',
        'INVALID_INVENTORY_ITEM',
      ),
    );
    return;
  }
  if (!shop.locations.has(change.locationId)) {
    errors.push(
      err(
        [...field, 'locationId'],
        'The specified location could not be found.',
        'INVALID_LOCATION',
      ),
    );
    return;
  }
  const level = shop.getLevel(change.inventoryItemId, change.locationId);
  if (!level) {
    errors.push(
      err(
        [...field, 'locationId'],
        'The specified inventory item is not stocked at the location.',
        'ITEM_NOT_STOCKED_AT_LOCATION',
      ),
    );
    return;
  }
  const key = shop.levelKey(change.inventoryItemId, change.locationId);
  if (seen.has(key))
    errors.push(
      err(
        field,
        'The combination of inventoryItemId and locationId must be unique.',
        'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR',
      ),
    );
  seen.add(key);
  if (target > MAX_QUANTITY)
    errors.push(
      err([...field, 'quantity'], 'The quantity is too high.', 'INVALID_QUANTITY_TOO_HIGH'),
    );
  if (target < -MAX_QUANTITY)
    errors.push(
      err([...field, 'quantity'], 'The quantity is too low.', 'INVALID_QUANTITY_TOO_LOW'),
    );
  // 2026-04: changeFromQuantity is the compare-and-set guard; an explicit null opts out.
  if (
    change.changeFromQuantity !== null &&
    change.changeFromQuantity !== undefined &&
    change.changeFromQuantity !== level.quantities[name]
  ) {
    errors.push(
      err(
        [...field, 'changeFromQuantity'],
        `The specified compare quantity does not match the current quantity (${level.quantities[name]}).`,
        'CHANGE_FROM_QUANTITY_STALE',
      ),
    );
  }
}

function apply(
  shop: ShopState,
  mutation: string,
  key: string,
  name: QuantityName,
  reason: string,
  referenceDocumentUri: string | null,
  planned: PlannedChange[],
): string {
  const groupId = gid('InventoryAdjustmentGroup', shop.nextId());
  const group: AdjustmentGroupRecord = {
    id: groupId,
    reason,
    referenceDocumentUri,
    createdAt: shop.now(),
    changes: [],
  };
  const other: QuantityName = name === 'available' ? 'on_hand' : 'available';
  for (const p of planned) {
    const { delta, after } = setLevelQuantity(
      shop,
      p.inventoryItemId,
      p.locationId,
      name,
      p.target,
    );
    const level = shop.getLevel(p.inventoryItemId, p.locationId);
    group.changes.push({
      name,
      delta,
      quantityAfterChange: after,
      inventoryItemId: p.inventoryItemId,
      locationId: p.locationId,
      ledgerDocumentUri: p.ledgerDocumentUri,
    });
    if (name === 'available' || name === 'on_hand') {
      group.changes.push({
        name: other,
        delta,
        quantityAfterChange: level?.quantities[other] ?? null,
        inventoryItemId: p.inventoryItemId,
        locationId: p.locationId,
        ledgerDocumentUri: p.ledgerDocumentUri,
      });
    }
    shop.ledger.push({
      sequence: shop.ledger.length + 1,
      at: shop.now(),
      mutation,
      idempotencyKey: key,
      adjustmentGroupId: groupId,
      reason,
      name,
      inventoryItemId: p.inventoryItemId,
      locationId: p.locationId,
      delta,
      quantityAfterChange: after,
      changeFromQuantity: p.changeFromQuantity,
      referenceDocumentUri,
    });
  }
  shop.adjustmentGroups.set(groupId, group);
  return groupId;
}

export function setQuantities(
  shop: ShopState,
  input: SetQuantitiesInput,
  key: string,
): InventoryResult {
  const errors = checkCommon(shop, input.name, input.reason, ['available', 'on_hand']);
  if (errors.length) return { groupId: null, userErrors: errors };
  const name = input.name as QuantityName;
  const seen = new Set<string>();
  input.quantities.forEach((q, i) =>
    checkChange(shop, name, ['input', 'quantities', i], q, q.quantity, errors, seen),
  );
  if (errors.length) return { groupId: null, userErrors: errors };
  const planned = input.quantities.map((q) => ({
    inventoryItemId: q.inventoryItemId,
    locationId: q.locationId,
    target: q.quantity,
    changeFromQuantity: q.changeFromQuantity ?? null,
    ledgerDocumentUri: null,
  }));
  const groupId = apply(
    shop,
    'inventorySetQuantities',
    key,
    name,
    input.reason,
    input.referenceDocumentUri ?? null,
    planned,
  );
  return { groupId, userErrors: [] };
}

export function adjustQuantities(
  shop: ShopState,
  input: AdjustQuantitiesInput,
  key: string,
): InventoryResult {
  const names = QUANTITY_NAMES.filter(
    (n) => n !== 'on_hand' && n !== 'committed' && n !== 'reserved',
  );
  const errors = checkCommon(shop, input.name, input.reason, names);
  if (errors.length)
    return {
      groupId: null,
      userErrors: errors.map((e) =>
        e.code === 'INVALID_NAME' ? { ...e, code: 'INVALID_QUANTITY_NAME' } : e,
      ),
    };
  const name = input.name as QuantityName;
  const seen = new Set<string>();
  const planned: PlannedChange[] = [];
  input.changes.forEach((c, i) => {
    const current = shop.getLevel(c.inventoryItemId, c.locationId)?.quantities[name] ?? 0;
    checkChange(shop, name, ['input', 'changes', i], c, current + c.delta, errors, seen);
    planned.push({
      inventoryItemId: c.inventoryItemId,
      locationId: c.locationId,
      target: current + c.delta,
      changeFromQuantity: c.changeFromQuantity ?? null,
      ledgerDocumentUri: c.ledgerDocumentUri ?? null,
    });
  });
  if (errors.length) return { groupId: null, userErrors: errors };
  const groupId = apply(
    shop,
    'inventoryAdjustQuantities',
    key,
    name,
    input.reason,
    input.referenceDocumentUri ?? null,
    planned,
  );
  return { groupId, userErrors: [] };
}
