import { gid } from '../gid';
import {
  MediaRecord,
  ProductOptionRecord,
  ProductRecord,
  ProductStatus,
  QuantityName,
  VariantRecord,
} from './records';
import { ShopState } from './shop-state';

// Product, variant and media operations shared by the GraphQL resolvers, the seed and the
// control API. Inputs mirror the 2026-04 input objects (after graphql-js coerced them).

export interface UserErrorRecord {
  field: string[] | null;
  message: string;
  code: string | null;
}

export interface VariantOptionValueInput {
  id?: string | null;
  name?: string | null;
  optionId?: string | null;
  optionName?: string | null;
}

export interface InventoryItemInput {
  sku?: string | null;
  cost?: string | number | null;
  tracked?: boolean | null;
  requiresShipping?: boolean | null;
}

export interface VariantFieldsInput {
  price?: string | number | null;
  compareAtPrice?: string | number | null;
  sku?: string | null;
  barcode?: string | null;
  position?: number | null;
  taxable?: boolean | null;
  inventoryPolicy?: 'DENY' | 'CONTINUE' | null;
  inventoryItem?: InventoryItemInput | null;
}

export interface FileInput {
  id?: string | null;
  originalSource?: string | null;
  alt?: string | null;
  contentType?: string | null;
  mediaContentType?: string | null;
}

export interface ProductFieldsInput {
  title?: string | null;
  handle?: string | null;
  descriptionHtml?: string | null;
  vendor?: string | null;
  productType?: string | null;
  status?: ProductStatus | null;
  tags?: string[] | null;
}

export function formatMoney(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n.toFixed(2) : String(value);
}

export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'product';
}

export function findProductByHandle(shop: ShopState, handle: string): ProductRecord | undefined {
  for (const p of shop.products.values()) if (p.handle === handle) return p;
  return undefined;
}

// Shopify appends -1, -2, … when a generated handle is taken.
export function uniqueHandle(shop: ShopState, base: string): string {
  let handle = base;
  for (let i = 1; findProductByHandle(shop, handle); i++) handle = `${base}-${i}`;
  return handle;
}

export function variantTitle(selectedOptions: { value: string }[]): string {
  return selectedOptions.length ? selectedOptions.map((o) => o.value).join(' / ') : 'Default Title';
}

export function variantsOf(shop: ShopState, product: ProductRecord): VariantRecord[] {
  return product.variantIds.flatMap((id) => {
    const v = shop.variants.get(id);
    return v ? [v] : [];
  });
}

export function mediaOf(shop: ShopState, product: ProductRecord): MediaRecord[] {
  return product.mediaIds.flatMap((id) => {
    const m = shop.media.get(id);
    return m ? [m] : [];
  });
}

export function touchProduct(shop: ShopState, product: ProductRecord): void {
  product.updatedAt = shop.now();
}

export function newProduct(shop: ShopState, fields: ProductFieldsInput): ProductRecord {
  const now = shop.now();
  const title = fields.title ?? 'Untitled';
  const product: ProductRecord = {
    id: gid('Product', shop.nextId()),
    handle: fields.handle ? fields.handle : uniqueHandle(shop, slugify(title)),
    title,
    descriptionHtml: fields.descriptionHtml ?? '',
    vendor: fields.vendor ?? shop.name,
    productType: fields.productType ?? '',
    status: fields.status ?? 'ACTIVE',
    tags: fields.tags ?? [],
    options: [],
    variantIds: [],
    mediaIds: [],
    metafields: [],
    createdAt: now,
    updatedAt: now,
    publishedAt: now,
  };
  shop.products.set(product.id, product);
  return product;
}

export function applyProductFields(product: ProductRecord, fields: ProductFieldsInput): void {
  if (fields.title !== undefined && fields.title !== null) product.title = fields.title;
  if (fields.handle) product.handle = fields.handle;
  if (fields.descriptionHtml !== undefined && fields.descriptionHtml !== null)
    product.descriptionHtml = fields.descriptionHtml;
  if (fields.vendor !== undefined && fields.vendor !== null) product.vendor = fields.vendor;
  if (fields.productType !== undefined && fields.productType !== null)
    product.productType = fields.productType;
  if (fields.status) product.status = fields.status;
  if (fields.tags) product.tags = [...fields.tags];
}

export function setOptions(
  shop: ShopState,
  product: ProductRecord,
  options: { name: string; values: string[] }[],
): void {
  product.options = options.map((o, index): ProductOptionRecord => {
    const existing = product.options.find((p) => p.name === o.name);
    return {
      id: existing?.id ?? gid('ProductOption', shop.nextId()),
      name: o.name,
      position: index + 1,
      values: [...o.values],
    };
  });
}

// Variants carry an inventory item each; Shopify creates both together.
export function createVariant(
  shop: ShopState,
  product: ProductRecord,
  selectedOptions: { name: string; value: string }[],
  fields: VariantFieldsInput,
): VariantRecord {
  const now = shop.now();
  const variantId = gid('ProductVariant', shop.nextId());
  const itemId = gid('InventoryItem', shop.nextId());
  const sku = fields.sku ?? fields.inventoryItem?.sku ?? null;
  shop.inventoryItems.set(itemId, {
    id: itemId,
    variantId,
    sku,
    tracked: fields.inventoryItem?.tracked ?? true,
    requiresShipping: fields.inventoryItem?.requiresShipping ?? true,
    unitCost: formatMoney(fields.inventoryItem?.cost),
    createdAt: now,
    updatedAt: now,
  });
  const variant: VariantRecord = {
    id: variantId,
    productId: product.id,
    title: variantTitle(selectedOptions),
    sku,
    barcode: fields.barcode ?? null,
    price: formatMoney(fields.price) ?? '0.00',
    compareAtPrice: formatMoney(fields.compareAtPrice),
    position: fields.position ?? product.variantIds.length + 1,
    taxable: fields.taxable ?? true,
    inventoryPolicy: fields.inventoryPolicy ?? 'DENY',
    selectedOptions,
    inventoryItemId: itemId,
    mediaIds: [],
    createdAt: now,
    updatedAt: now,
  };
  shop.variants.set(variantId, variant);
  product.variantIds.push(variantId);
  return variant;
}

export function updateVariant(
  shop: ShopState,
  variant: VariantRecord,
  fields: VariantFieldsInput,
): void {
  const item = shop.inventoryItems.get(variant.inventoryItemId);
  const price = formatMoney(fields.price);
  if (price !== null) variant.price = price;
  if (fields.compareAtPrice !== undefined)
    variant.compareAtPrice = formatMoney(fields.compareAtPrice);
  if (fields.barcode !== undefined) variant.barcode = fields.barcode ?? null;
  if (fields.taxable !== undefined && fields.taxable !== null) variant.taxable = fields.taxable;
  if (fields.inventoryPolicy) variant.inventoryPolicy = fields.inventoryPolicy;
  if (fields.position) variant.position = fields.position;
  const sku = fields.sku !== undefined ? fields.sku : fields.inventoryItem?.sku;
  if (sku !== undefined) variant.sku = sku ?? null;
  if (item) {
    if (sku !== undefined) item.sku = sku ?? null;
    const input = fields.inventoryItem;
    if (input?.tracked !== undefined && input.tracked !== null) item.tracked = input.tracked;
    if (input?.requiresShipping !== undefined && input.requiresShipping !== null)
      item.requiresShipping = input.requiresShipping;
    if (input?.cost !== undefined) item.unitCost = formatMoney(input.cost);
    item.updatedAt = shop.now();
  }
  variant.updatedAt = shop.now();
}

export function deleteVariant(shop: ShopState, variantId: string): void {
  const variant = shop.variants.get(variantId);
  if (!variant) return;
  shop.removeLevelsOfItem(variant.inventoryItemId);
  shop.inventoryItems.delete(variant.inventoryItemId);
  shop.variants.delete(variantId);
  const product = shop.products.get(variant.productId);
  if (product) product.variantIds = product.variantIds.filter((id) => id !== variantId);
}

export function deleteProduct(shop: ShopState, product: ProductRecord): void {
  for (const id of [...product.variantIds]) deleteVariant(shop, id);
  for (const id of product.mediaIds) shop.media.delete(id);
  shop.products.delete(product.id);
}

// Sets one named quantity at a location, stocking the item there first if needed; `available`
// and `on_hand` move together as they do in Shopify.
export function setLevelQuantity(
  shop: ShopState,
  inventoryItemId: string,
  locationId: string,
  name: QuantityName,
  quantity: number,
): { delta: number; after: number } {
  const level = shop.activateLevel(inventoryItemId, locationId);
  const delta = quantity - level.quantities[name];
  level.quantities[name] = quantity;
  if (name === 'available') level.quantities.on_hand += delta;
  if (name === 'on_hand') level.quantities.available += delta;
  level.updatedAt = shop.now();
  return { delta, after: quantity };
}

export function isUrl(value: string): boolean {
  return /^https?:\/\/\S+$/i.test(value);
}

export function newMedia(shop: ShopState, productId: string | null, input: FileInput): MediaRecord {
  const now = shop.now();
  const type = input.mediaContentType ?? input.contentType ?? 'IMAGE';
  const media: MediaRecord = {
    id: gid(
      type === 'IMAGE' ? 'MediaImage' : type === 'VIDEO' ? 'Video' : 'ExternalVideo',
      shop.nextId(),
    ),
    productId,
    alt: input.alt ?? null,
    originalSource: input.originalSource ?? '',
    mediaContentType:
      type === 'VIDEO' || type === 'EXTERNAL_VIDEO' || type === 'MODEL_3D' ? type : 'IMAGE',
    status: 'READY',
    createdAt: now,
    updatedAt: now,
  };
  shop.media.set(media.id, media);
  return media;
}

// productSet's `files`: a list field, so files not given are removed from the product (and
// from the variants that showed them). A file given by id keeps its media; one given by its
// source is a new media, as in Shopify, even when the product has one from the same URL.
export function replaceProductFiles(
  shop: ShopState,
  product: ProductRecord,
  files: FileInput[],
): void {
  const keep: string[] = [];
  for (const file of files) {
    const existing = file.id ? shop.media.get(file.id) : undefined;
    if (existing && existing.productId === product.id) {
      // Listed twice by id: one media still.
      if (keep.includes(existing.id)) continue;
      if (file.alt !== undefined) existing.alt = file.alt ?? null;
      keep.push(existing.id);
    } else {
      keep.push(newMedia(shop, product.id, file).id);
    }
  }
  for (const id of product.mediaIds) if (!keep.includes(id)) removeMedia(shop, product, id);
  product.mediaIds = keep;
}

export function removeMedia(shop: ShopState, product: ProductRecord, mediaId: string): void {
  shop.media.delete(mediaId);
  product.mediaIds = product.mediaIds.filter((id) => id !== mediaId);
  for (const v of variantsOf(shop, product)) v.mediaIds = v.mediaIds.filter((id) => id !== mediaId);
}
