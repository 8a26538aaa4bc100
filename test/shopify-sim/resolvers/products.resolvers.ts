import { GraphQLError } from 'graphql';
import { gid } from '../gid';
import { filterBySearch, SearchAccessors } from '../query-filter';
import { findProductByHandle, mediaOf, variantsOf } from '../state/catalog';
import {
  InventoryItemRecord,
  InventoryLevelRecord,
  MediaRecord,
  ProductRecord,
  QUANTITY_NAMES,
  QuantityName,
  VariantRecord,
} from '../state/records';
import { ShopState } from '../state/shop-state';
import { Args, ResolverMap, SimContext, TypeResolvers } from './context';
import { ownerMetafieldFields } from './metafields.resolvers';
import { exactCount, firstOf, idNumber, legacyId, moneyV2, page, stripHtml } from './helpers';

// Products, variants, inventory items and levels, media: queries and object fields.

const productSearch: SearchAccessors<{ p: ProductRecord; shop: ShopState }> = {
  id: ({ p }) => idNumber(p.id),
  title: ({ p }) => p.title,
  handle: ({ p }) => p.handle,
  status: ({ p }) => p.status.toLowerCase(),
  vendor: ({ p }) => p.vendor,
  product_type: ({ p }) => p.productType,
  tag: ({ p }) => p.tags,
  created_at: ({ p }) => p.createdAt,
  updated_at: ({ p }) => p.updatedAt,
  sku: ({ p, shop }) => variantsOf(shop, p).map((v) => v.sku ?? ''),
  barcode: ({ p, shop }) => variantsOf(shop, p).map((v) => v.barcode ?? ''),
};

const variantSearch: SearchAccessors<{ v: VariantRecord; shop: ShopState }> = {
  id: ({ v }) => idNumber(v.id),
  sku: ({ v }) => v.sku,
  barcode: ({ v }) => v.barcode,
  title: ({ v }) => v.title,
  product_id: ({ v }) => idNumber(v.productId),
  created_at: ({ v }) => v.createdAt,
  updated_at: ({ v }) => v.updatedAt,
  inventory_item_id: ({ v }) => idNumber(v.inventoryItemId),
};

const sortProducts = {
  ID: (p: ProductRecord) => idNumber(p.id),
  TITLE: (p: ProductRecord) => p.title,
  UPDATED_AT: (p: ProductRecord) => p.updatedAt,
  CREATED_AT: (p: ProductRecord) => p.createdAt,
  VENDOR: (p: ProductRecord) => p.vendor,
  PRODUCT_TYPE: (p: ProductRecord) => p.productType,
};

const sortVariants = {
  ID: (v: VariantRecord) => idNumber(v.id),
  SKU: (v: VariantRecord) => v.sku ?? '',
  TITLE: (v: VariantRecord) => v.title,
  POSITION: (v: VariantRecord) => v.position,
};

function productsQuery(_: unknown, args: Args, ctx: SimContext) {
  const shop = ctx.shop;
  const found = filterBySearch(
    [...shop.products.values()].map((p) => ({ p, shop })),
    args.query as string | null,
    productSearch,
    ({ p }) => p.title,
  );
  return page(
    found.map((x) => x.p),
    args,
    ctx,
    sortProducts,
  );
}

function variantsQuery(_: unknown, args: Args, ctx: SimContext) {
  const shop = ctx.shop;
  const found = filterBySearch(
    [...shop.variants.values()].map((v) => ({ v, shop })),
    args.query as string | null,
    variantSearch,
    ({ v }) => v.title,
  );
  return page(
    found.map((x) => x.v),
    args,
    ctx,
    sortVariants,
  );
}

function image(media: MediaRecord) {
  return {
    id: gid('ImageSource', idNumber(media.id)),
    url: media.originalSource,
    altText: media.alt,
    width: 1024,
    height: 1024,
  };
}

function available(shop: ShopState, variant: VariantRecord): number {
  return shop.levelsOfItem(variant.inventoryItemId).reduce((s, l) => s + l.quantities.available, 0);
}

const Product: TypeResolvers<ProductRecord> = {
  legacyResourceId: (p) => legacyId(p.id),
  description: (p) => stripHtml(p.descriptionHtml),
  variants: (p, args, ctx) =>
    page(
      variantsOf(ctx.shop, p),
      { ...args, sortKey: args.sortKey ?? 'POSITION' },
      ctx,
      sortVariants,
    ),
  variantsCount: (p) => exactCount(p.variantIds.length),
  media: (p, args, ctx) =>
    page(mediaOf(ctx.shop, p), args, ctx, {
      POSITION: (m) => p.mediaIds.indexOf(m.id),
      ID: (m) => idNumber(m.id),
    }),
  mediaCount: (p) => exactCount(p.mediaIds.length),
  featuredMedia: (p, _a, ctx) => mediaOf(ctx.shop, p)[0] ?? null,
  images: (p, args, ctx) => {
    const conn = page(mediaOf(ctx.shop, p), args, ctx);
    return {
      ...conn,
      nodes: conn.nodes.map(image),
      edges: conn.edges.map((e) => ({ cursor: e.cursor, node: image(e.node) })),
    };
  },
  featuredImage: (p, _a, ctx) => {
    const first = mediaOf(ctx.shop, p)[0];
    return first ? image(first) : null;
  },
  options: (p, args) =>
    firstOf(p.options, args).map((o) => ({
      ...o,
      optionValues: o.values.map((v, i) => ({
        id: gid('ProductOptionValue', idNumber(o.id) * 100 + i),
        name: v,
        hasVariants: true,
      })),
    })),
  totalInventory: (p, _a, ctx) =>
    variantsOf(ctx.shop, p).reduce((s, v) => s + available(ctx.shop, v), 0),
  tracksInventory: (p, _a, ctx) =>
    variantsOf(ctx.shop, p).some((v) => ctx.shop.inventoryItems.get(v.inventoryItemId)?.tracked),
  hasOnlyDefaultVariant: (p, _a, ctx) => {
    const vs = variantsOf(ctx.shop, p);
    return vs.length === 1 && vs[0].title === 'Default Title';
  },
  hasOutOfStockVariants: (p, _a, ctx) =>
    variantsOf(ctx.shop, p).some((v) => available(ctx.shop, v) <= 0),
  priceRangeV2: (p, _a, ctx) => {
    const prices = variantsOf(ctx.shop, p).map((v) => Number(v.price));
    const min = prices.length ? Math.min(...prices) : 0;
    const max = prices.length ? Math.max(...prices) : 0;
    return {
      minVariantPrice: moneyV2(min, ctx.shop.currencyCode),
      maxVariantPrice: moneyV2(max, ctx.shop.currencyCode),
    };
  },
  seo: (p) => ({ title: p.title, description: stripHtml(p.descriptionHtml) }),
  onlineStoreUrl: (p, _a, ctx) =>
    p.status === 'ACTIVE' ? `https://${ctx.shop.domain}/products/${p.handle}` : null,
  isGiftCard: () => false,
  ...ownerMetafieldFields,
};

const ProductVariant: TypeResolvers<VariantRecord> = {
  legacyResourceId: (v) => legacyId(v.id),
  product: (v, _a, ctx) => ctx.shop.products.get(v.productId),
  displayName: (v, _a, ctx) => `${ctx.shop.products.get(v.productId)?.title ?? ''} - ${v.title}`,
  inventoryItem: (v, _a, ctx) => ctx.shop.inventoryItems.get(v.inventoryItemId),
  inventoryQuantity: (v, _a, ctx) => available(ctx.shop, v),
  sellableOnlineQuantity: (v, _a, ctx) => available(ctx.shop, v),
  availableForSale: (v, _a, ctx) => v.inventoryPolicy === 'CONTINUE' || available(ctx.shop, v) > 0,
  selectedOptions: (v) =>
    v.selectedOptions.map((o) => ({
      ...o,
      optionValue: { id: gid('ProductOptionValue', 0), name: o.value, hasVariants: true },
    })),
  media: (v, args, ctx) =>
    page(
      v.mediaIds.flatMap((id) => ctx.shop.media.get(id) ?? []),
      args,
      ctx,
    ),
  image: (v, _a, ctx) => {
    const m = v.mediaIds.map((id) => ctx.shop.media.get(id)).find(Boolean);
    return m ? image(m) : null;
  },
};

const InventoryItem: TypeResolvers<InventoryItemRecord> = {
  legacyResourceId: (i) => legacyId(i.id),
  unitCost: (i, _a, ctx) =>
    i.unitCost === null ? null : moneyV2(i.unitCost, ctx.shop.currencyCode),
  variant: (i, _a, ctx) => ctx.shop.variants.get(i.variantId),
  variants: (i, args, ctx) =>
    page(
      [ctx.shop.variants.get(i.variantId)].filter((v): v is VariantRecord => Boolean(v)),
      args,
      ctx,
    ),
  inventoryLevels: (i, args, ctx) => page(ctx.shop.levelsOfItem(i.id), args, ctx),
  inventoryLevel: (i, args, ctx) => ctx.shop.getLevel(i.id, String(args.locationId)) ?? null,
  locationsCount: (i, _a, ctx) => exactCount(ctx.shop.levelsOfItem(i.id).length),
  trackedEditable: () => ({ locked: false, reason: null }),
  duplicateSkuCount: (i, _a, ctx) =>
    i.sku
      ? [...ctx.shop.inventoryItems.values()].filter((o) => o !== i && o.sku === i.sku).length
      : 0,
  measurement: (i) => ({
    id: gid('InventoryItemMeasurement', idNumber(i.id)),
    weight: { unit: 'KILOGRAMS', value: 0 },
  }),
};

const InventoryLevel: TypeResolvers<InventoryLevelRecord> = {
  item: (l, _a, ctx) => ctx.shop.inventoryItems.get(l.inventoryItemId),
  location: (l, _a, ctx) => ctx.shop.locations.get(l.locationId),
  isActive: () => true,
  canDeactivate: () => true,
  quantities: (l, args) =>
    (args.names as string[]).map((name) => {
      if (!QUANTITY_NAMES.includes(name as QuantityName)) {
        throw new GraphQLError(
          `Invalid quantity name: '${name}'. Valid names are: ${QUANTITY_NAMES.join(', ')}.`,
          { extensions: { code: 'BAD_REQUEST' } },
        );
      }
      return {
        id: gid(
          'InventoryQuantity',
          idNumber(l.id),
          `inventory_item_id=${idNumber(l.inventoryItemId)}&name=${name}`,
        ),
        name,
        quantity: l.quantities[name as QuantityName],
        updatedAt: l.updatedAt,
      };
    }),
};

const MediaImage: TypeResolvers<MediaRecord> = {
  image: (m) => (m.status === 'READY' ? image(m) : null),
  preview: (m) => ({
    image: m.status === 'READY' ? image(m) : null,
    status: m.status === 'READY' ? 'READY' : 'PROCESSING',
  }),
  originalSource: (m) => ({ url: m.originalSource, fileSize: null }),
  fileStatus: (m) => (m.status === 'READY' ? 'READY' : 'PROCESSING'),
  mimeType: () => 'image/jpeg',
  mediaErrors: () => [],
  mediaWarnings: () => [],
};

export const productResolvers: ResolverMap = {
  QueryRoot: {
    products: productsQuery,
    product: (_p: unknown, args: Args, ctx: SimContext) =>
      ctx.shop.products.get(String(args.id)) ?? null,
    productByIdentifier: (_p: unknown, args: Args, ctx: SimContext) => {
      const identifier = args.identifier as { id?: string | null; handle?: string | null };
      if (identifier.id) return ctx.shop.products.get(identifier.id) ?? null;
      return identifier.handle ? (findProductByHandle(ctx.shop, identifier.handle) ?? null) : null;
    },
    productsCount: (_p: unknown, args: Args, ctx: SimContext) =>
      exactCount(
        productsQuery(null, { ...args, first: undefined }, { ...ctx, bulk: true }).nodes.length,
      ),
    productVariants: variantsQuery,
    productVariant: (_p: unknown, args: Args, ctx: SimContext) =>
      ctx.shop.variants.get(String(args.id)) ?? null,
    productVariantsCount: (_p: unknown, args: Args, ctx: SimContext) =>
      exactCount(
        variantsQuery(null, { ...args, first: undefined }, { ...ctx, bulk: true }).nodes.length,
      ),
    productOperation: (_p: unknown, args: Args, ctx: SimContext) => {
      const op = ctx.shop.productOperations.get(String(args.id));
      return op
        ? { ...op, product: op.productId ? ctx.shop.products.get(op.productId) : null }
        : null;
    },
    inventoryItems: (_p: unknown, args: Args, ctx: SimContext) => {
      const found = filterBySearch(
        [...ctx.shop.inventoryItems.values()],
        args.query as string | null,
        {
          id: (i) => idNumber(i.id),
          sku: (i) => i.sku,
          created_at: (i) => i.createdAt,
          updated_at: (i) => i.updatedAt,
        },
      );
      return page(found, args, ctx);
    },
    inventoryItem: (_p: unknown, args: Args, ctx: SimContext) =>
      ctx.shop.inventoryItems.get(String(args.id)) ?? null,
    inventoryLevel: (_p: unknown, args: Args, ctx: SimContext) =>
      [...ctx.shop.inventoryLevels.values()].find((l) => l.id === args.id) ?? null,
  },
  Shop: { products: productsQuery, productVariants: variantsQuery },
  Product,
  ProductVariant,
  InventoryItem,
  InventoryLevel,
  MediaImage,
};
