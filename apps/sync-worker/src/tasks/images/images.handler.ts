import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, ErpItemEntity, ShopProductEntity, shopSettings } from '@shopsync/shared';
import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import { batches, imageHash } from '../../catalog/catalog-diff';
import { CatalogStore, MappedItem } from '../../catalog/catalog-store';
import { TaskContext, TaskHandler, TaskResult } from '../task-handler';
import { Connection, paginate } from '../../shopify/pagination';
import { erpImageHash, ImageContent, ImageUnavailable } from './image-content';
import {
  CATALOG_IMAGES_SET,
  CATALOG_PRODUCT_IMAGES,
  CATALOG_PRODUCT_MEDIA,
  CATALOG_VARIANT_MEDIA,
  CATALOG_VARIANT_MEDIA_APPEND,
  CATALOG_VARIANT_MEDIA_DETACH,
} from './images.graphql';
import {
  imageSetHash,
  imagesInput,
  ownedAfterSet,
  staleUrls,
  VariantMediaPair,
  variantMediaPlan,
  WantedImages,
  wantedImages,
} from './images-input';

interface UserError {
  field: string[] | null;
  message: string;
}
interface ImageNode {
  image?: { url: string } | null;
}
interface ProductImages {
  id?: string;
  media?: { nodes: ImageNode[] };
  variants?: { nodes: Array<{ sku: string | null; media: { nodes: ImageNode[] } }> };
}

// 4 products × (media 2 + 20, variants 2 + 50 × (1 + media 3)) stays under the 1,000-point cap.
const READ_CHUNK = 4;
// Shopify takes at most 100 variant-media pairs per call.
const PAIRS_PER_CALL = 100;

class RecordRefused extends Error {}

// images: to-shopify sends the images of products whose image content changed since they were
// last sent: each image's hash (the ERP's contentHash, else a SHA-256 of the bytes shopsync
// downloads) is compared with the one its media was uploaded with, so a changed image at the
// same URL is uploaded again and an unchanged one never is; variant images are attached to their
// variants. Every media shopsync did not set is kept. from-shopify records the product and
// variant image URLs on the ERP items. off does nothing. Only products already in Shopify take
// part.
@Injectable()
export class ImagesHandler implements TaskHandler {
  readonly task = 'images' as const;

  constructor(
    private readonly store: CatalogStore,
    private readonly content: ImageContent,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(ctx: TaskContext): Promise<TaskResult> {
    const shop = ctx.shop;
    const direction = shopSettings(shop).directions.images;
    if (direction === 'off') return { summary: { direction, updated: 0 } };
    const items = (await this.store.mappedItems(ctx.job.shopId)).filter(
      (m) => m.mapping.shopifyProductId,
    );
    const client = ctx.shopify();
    const summary =
      direction === 'from-shopify'
        ? await this.fromShopify(ctx, client, items)
        : await this.toShopify(ctx, client, items);
    return { summary: { direction, ...summary, shopify: client.stats } };
  }

  private async toShopify(ctx: TaskContext, client: ShopifyGraphql, items: MappedItem[]) {
    const counts = { updated: 0, unchanged: 0, skipped: 0, uploaded: 0 };
    for (const [index, { mapping, item }] of items.entries()) {
      if (index % 50 === 0) {
        ctx.throwIfCancelled();
        ctx.progress(index, items.length);
      }
      const wanted = wantedImages(item);
      let hashes: Record<string, string>;
      try {
        hashes = await this.hashesOf(item, wanted, ctx.signal);
      } catch (error) {
        if (!(error instanceof ImageUnavailable)) throw error;
        ctx.skip(item.itemNo, error.message);
        counts.skipped += 1;
        continue;
      }
      const setHash = imageSetHash(wanted, hashes);
      if (mapping.imageHash === setHash) {
        counts.unchanged += 1;
        continue;
      }
      try {
        counts.uploaded += await this.sendImages(client, mapping, item, wanted, hashes, ctx.signal);
      } catch (error) {
        if (!(error instanceof RecordRefused)) throw error;
        ctx.skip(item.itemNo, error.message);
        counts.skipped += 1;
        continue;
      }
      await this.store.saveMapping({
        ...mapping,
        imageHash: setHash,
        lastSyncedAt: this.clock.now(),
      });
      counts.updated += 1;
    }
    ctx.progress(items.length, items.length);
    return { total: items.length, ...counts };
  }

  private async hashesOf(
    item: ErpItemEntity,
    wanted: WantedImages,
    signal: AbortSignal,
  ): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const url of wanted.urls) {
      const given = item.imageHashes?.[url];
      out[url] = given ? erpImageHash(given) : await this.content.sha256(url, signal);
    }
    return out;
  }

  // Sets the product's files, then the variants' media; fills the mapping's media, hashes and
  // variant media (saved by the caller). Returns how many images were uploaded.
  private async sendImages(
    client: ShopifyGraphql,
    mapping: ShopProductEntity,
    item: ErpItemEntity,
    wanted: WantedImages,
    hashes: Record<string, string>,
    signal: AbortSignal,
  ): Promise<number> {
    const productId = mapping.shopifyProductId as string;
    const current = await this.mediaIds(client, productId, signal);
    const stale = staleUrls(hashes, mapping.imageHashes);
    const set = imagesInput(wanted.urls, item.title, mapping.mediaIds ?? null, current, stale);
    const result = await client.request<{
      productSet: {
        product: { media: { nodes: Array<{ id: string }> } } | null;
        userErrors: UserError[];
      };
    }>(
      CATALOG_IMAGES_SET,
      { identifier: { id: productId }, input: { files: set.files } },
      { operationName: 'CatalogImagesSet', signal },
    );
    refuseOn(result.productSet.userErrors);
    const after = (result.productSet.product?.media.nodes ?? []).map((m) => m.id);
    const owned = ownedAfterSet(set, current, after);
    mapping.mediaIds = owned;
    mapping.imageHashes = Object.fromEntries(Object.keys(owned).map((url) => [url, hashes[url]]));
    if (wanted.variants.length || Object.keys(mapping.variantMedia ?? {}).length)
      mapping.variantMedia = await this.setVariantMedia(client, mapping, wanted, owned, signal);
    return set.urls.filter((u) => u.id === null).length;
  }

  private async setVariantMedia(
    client: ShopifyGraphql,
    mapping: ShopProductEntity,
    wanted: WantedImages,
    owned: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Record<string, string>> {
    const productId = mapping.shopifyProductId as string;
    const current = new Map<string, string | null>();
    for await (const page of paginate<
      { product: { variants: Connection<VariantMedia> } | null },
      VariantMedia
    >(client, CATALOG_VARIANT_MEDIA, {
      connection: (d) => d.product?.variants,
      variables: { id: productId },
      pageSize: 100,
      operationName: 'CatalogVariantMedia',
      signal,
    }))
      for (const v of page.nodes) current.set(v.id, v.media.nodes[0]?.id ?? null);
    const plan = variantMediaPlan(wanted, owned, mapping.variantIds, current, mapping.variantMedia);
    await this.variantMediaCalls(client, productId, plan.detach, 'detach', signal);
    await this.variantMediaCalls(client, productId, plan.append, 'append', signal);
    return plan.attached;
  }

  private async variantMediaCalls(
    client: ShopifyGraphql,
    productId: string,
    pairs: VariantMediaPair[],
    kind: 'detach' | 'append',
    signal: AbortSignal,
  ): Promise<void> {
    for (const part of batches(pairs, PAIRS_PER_CALL)) {
      const [document, operationName, field] =
        kind === 'detach'
          ? [CATALOG_VARIANT_MEDIA_DETACH, 'CatalogVariantMediaDetach', 'productVariantDetachMedia']
          : [
              CATALOG_VARIANT_MEDIA_APPEND,
              'CatalogVariantMediaAppend',
              'productVariantAppendMedia',
            ];
      const result = await client.request<Record<string, { userErrors: UserError[] }>>(
        document,
        { productId, variantMedia: part },
        { operationName, signal },
      );
      refuseOn(result[field].userErrors);
    }
  }

  private async mediaIds(
    client: ShopifyGraphql,
    productId: string,
    signal: AbortSignal,
  ): Promise<string[]> {
    const ids: string[] = [];
    for await (const page of paginate<
      { product: { media: Connection<{ id: string }> } | null },
      { id: string }
    >(client, CATALOG_PRODUCT_MEDIA, {
      connection: (d) => d.product?.media,
      variables: { id: productId },
      pageSize: 100,
      operationName: 'CatalogProductMedia',
      signal,
    }))
      ids.push(...page.nodes.map((n) => n.id));
    return ids;
  }

  private async fromShopify(ctx: TaskContext, client: ShopifyGraphql, items: MappedItem[]) {
    let recorded = 0;
    let unchanged = 0;
    const byProduct = new Map(items.map((m) => [m.mapping.shopifyProductId as string, m]));
    for (const [index, ids] of batches([...byProduct.keys()], READ_CHUNK).entries()) {
      ctx.throwIfCancelled();
      const data = await client.request<{ nodes: Array<ProductImages | null> }>(
        CATALOG_PRODUCT_IMAGES,
        { ids },
        { operationName: 'CatalogProductImages', signal: ctx.signal },
      );
      for (const node of data.nodes) {
        const entry = node?.id ? byProduct.get(node.id) : undefined;
        if (!entry || !node) continue;
        const next = withShopifyImages(entry.item, node);
        const hash = imageHash([...next.imageUrls, ...next.variants.map((v) => v.imageUrl ?? '')]);
        const before = imageHash([
          ...entry.item.imageUrls,
          ...entry.item.variants.map((v) => v.imageUrl ?? ''),
        ]);
        if (hash === before && entry.mapping.imageHash === hash) {
          unchanged += 1;
          continue;
        }
        await this.store.saveItem({ ...next, updatedAt: this.clock.now() });
        await this.store.saveMapping({ ...entry.mapping, imageHash: hash });
        recorded += 1;
      }
      ctx.progress(Math.min((index + 1) * READ_CHUNK, items.length), items.length);
    }
    return { total: items.length, recorded, unchanged };
  }
}

interface VariantMedia {
  id: string;
  media: { nodes: Array<{ id: string }> };
}

const urlOf = (nodes: ImageNode[]): string[] =>
  nodes.flatMap((m) => (m.image?.url ? [m.image.url] : []));

// The ERP item with Shopify's product images and, by SKU, its variants' images (a variant
// Shopify shows none for has none). Shopify's URLs carry no ERP hash: the item's are dropped.
function withShopifyImages(item: ErpItemEntity, product: ProductImages): ErpItemEntity {
  const bySku = new Map(
    (product.variants?.nodes ?? []).flatMap((v) =>
      v.sku ? [[v.sku, urlOf(v.media.nodes)[0] ?? null] as const] : [],
    ),
  );
  return {
    ...item,
    imageUrls: urlOf(product.media?.nodes ?? []),
    imageHashes: null,
    variants: item.variants.map((v) => {
      const { imageUrl, ...rest } = v;
      const theirs = bySku.has(v.sku) ? bySku.get(v.sku) : imageUrl;
      return theirs ? { ...rest, imageUrl: theirs } : rest;
    }),
  };
}

function refuseOn(errors: UserError[]): void {
  if (errors.length)
    throw new RecordRefused(
      errors.map((e) => `${(e.field ?? []).join('.')}: ${e.message}`).join('; '),
    );
}
